import { defineConfig, type Plugin } from "vite";

// The server serves dist/ at "/" (apps/server/src/web.ts); `vite` (dev) proxies the API to a running server.
export default defineConfig({
  plugins: [preloadBoot()],
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

/**
 * main.tsx loads the app (src/app/boot.tsx) with a dynamic import so that its tiny entry chunk runs first; this
 * names the app's chunk and its imports in index.html as modulepreloads, so they download alongside the entry.
 */
function preloadBoot(): Plugin {
  return {
    name: "loupe-preload-boot",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, context) {
        const chunks = Object.values(context.bundle ?? {}).filter((c) => c.type === "chunk");
        const boot = chunks.find((c) => c.facadeModuleId?.endsWith("/src/app/boot.tsx"));
        if (!boot) throw new Error("preload-boot: no chunk for src/app/boot.tsx");
        const files = [boot.fileName, ...boot.imports];
        return files.map((file) => ({
          tag: "link",
          attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}` },
          injectTo: "head" as const,
        }));
      },
    },
  };
}
