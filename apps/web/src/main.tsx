// First: starts the first view's requests before the modules below are evaluated.
import "./app/start-early.ts";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppProvider } from "./app/provider.tsx";
import { AppRouter } from "./app/router.tsx";
import "./app/styles.css";
import { SessionGate } from "./features/session/components/session-gate.tsx";

const root = document.getElementById("root");
if (!root) throw new Error("no #root element");
createRoot(root).render(
  <StrictMode>
    <AppProvider>
      <SessionGate>
        <AppRouter />
      </SessionGate>
    </AppProvider>
  </StrictMode>,
);
