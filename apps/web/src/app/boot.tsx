import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { SessionGate } from "../features/session/components/session-gate.tsx";
import { AppProvider } from "./provider.tsx";
import { AppRouter } from "./router.tsx";

/** Renders the app into #root. Loaded by main.tsx once the first view's requests are on their way. */
export function boot(): void {
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
}
