import { defineConfig } from "vite";

// The server serves dist/ at "/" (apps/server/src/web.ts); `vite` (dev) proxies the API to a running server.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      onwarn(warning, warn) {
        // react-query marks its modules "use client" for server components; meaningless in an SPA bundle.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      "/api": { target: process.env.LOUPE_URL ?? "http://127.0.0.1:7755", ws: true },
      "/readyz": process.env.LOUPE_URL ?? "http://127.0.0.1:7755",
    },
  },
});
