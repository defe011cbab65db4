import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { SessionGate } from "../features/session/components/session-gate.tsx";
import { primeFirstView } from "./prime-cache.ts";
import { AppProvider } from "./provider.tsx";
import { createQueryClient } from "./query-client.ts";
import { AppRouter } from "./router.tsx";

// User timing marks of a page load (read by the benchmark, visible in any browser's performance panel).
performance.mark("loupe:boot-evaluated");

/** The longest the first render waits for the first view's answers (see prime-cache.ts). */
const FIRST_VIEW_WAIT_MS = 250;

/** Renders the app into #root. Loaded by main.tsx once the first view's requests are on their way. */
export async function boot(): Promise<void> {
  const root = document.getElementById("root");
  if (!root) throw new Error("no #root element");
  const client = createQueryClient();
  await primeFirstView(client, window.location.pathname, window.location.search, FIRST_VIEW_WAIT_MS);
  performance.mark("loupe:first-view-primed");
  createRoot(root).render(
    <StrictMode>
      <AppProvider client={client}>
        <SessionGate>
          <AppRouter />
        </SessionGate>
      </AppProvider>
    </StrictMode>,
  );
}
