import { defineConfig, type Plugin } from "vite";

// The server serves dist/ at "/" (apps/server/src/web.ts); `vite` (dev) proxies the API to a running server.
const firstView = firstViewModules();

export default defineConfig({
  plugins: [firstView.plugin, preloadBoot()],
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
      output: {
        // Everything the app chunk imports statically is in that one chunk: a first visit loads 2 scripts, not 14.
        // Over HTTP/1.1 a browser opens 6 connections per host, and a dozen small chunks queued behind each other
        // and behind the first view's API requests (session, catalog, the list's first page) for 100–250 ms.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [{ name: "boot", test: (id: string) => firstView.has(id), priority: 100 }],
        },
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
 * The modules src/app/boot.tsx reaches by static imports, less those of the entry (src/main.tsx), which stay in the
 * entry chunk so that it runs without waiting for the app's chunk. Lazy routes and dialogs stay chunks of their own.
 */
function firstViewModules(): { plugin: Plugin; has: (id: string) => boolean } {
  const modules = new Set<string>();
  const plugin: Plugin = {
    name: "loupe-first-view-modules",
    apply: "build",
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const closure = (suffix: string) => {
        const root = ids.find((id) => id.endsWith(suffix));
        if (!root) throw new Error(`first-view-modules: ${suffix} is not in the build`);
        const seen = new Set<string>();
        const queue = [root];
        while (queue.length > 0) {
          const id = queue.pop() as string;
          if (seen.has(id)) continue;
          seen.add(id);
          queue.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
        return seen;
      };
      const entry = closure("/src/main.tsx");
      for (const id of closure("/src/app/boot.tsx")) if (!entry.has(id)) modules.add(id);
    },
  };
  return { plugin, has: (id) => modules.has(id) };
}

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
        const boot = chunks.find((c) => c.moduleIds.some((id) => id.endsWith("/src/app/boot.tsx")));
        if (!boot) throw new Error("preload-boot: no chunk for src/app/boot.tsx");
        const files = [...new Set([boot.fileName, ...boot.imports])];
        // The app chunk's CSS as a stylesheet of the page: otherwise the dynamic import fetches it first and
        // evaluates the chunk only once it has loaded, a round trip after the entry ran (seen in the traces).
        const css = [...(boot.viteMetadata?.importedCss ?? [])];
        return [
          ...css.map((file) => ({
            tag: "link",
            attrs: { rel: "stylesheet", crossorigin: true, href: `/${file}` },
            injectTo: "head" as const,
          })),
          ...files.map((file) => ({
            tag: "link",
            attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}` },
            injectTo: "head" as const,
          })),
        ];
      },
    },
  };
}
