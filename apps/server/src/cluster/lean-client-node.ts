import { registerHooks } from "node:module";

/**
 * Loupe uses one class of `@kubernetes/client-node`, KubeConfig (kubeconfig files, in-cluster config, exec and
 * OIDC credentials, TLS material), and none of its generated API clients. Yet the package's index, and its config
 * module too, import the generated package's index, which loads every model and API class of Kubernetes: ~90 MB
 * of resident memory for the process, most of an idle server's. This hook, registered by main.ts before anything
 * imports client-node, resolves the server's own imports of the package to its config module, and answers that
 * module's import of the generated index with the two names it takes from it (`createConfiguration`,
 * `ServerConfiguration`), imported from their own modules. Anything else importing the generated index (a test,
 * a future use of the API clients) still gets all of it. Pinned to the exact client-node version in package.json;
 * the server's tests run without it and its integration tests run main.ts with it.
 */
export function registerLeanClientNode(): void {
  const serverSources = new URL("../", import.meta.url).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL ?? "";
      // The server's own `import { KubeConfig } from "@kubernetes/client-node"`: the config module alone.
      if (specifier === "@kubernetes/client-node" && parent.startsWith(serverSources)) {
        return nextResolve("@kubernetes/client-node/dist/config.js", context);
      }
      if (specifier === "./gen/index.js" && parent.endsWith("/@kubernetes/client-node/dist/config.js")) {
        const configuration = new URL("./gen/configuration.js", parent).href;
        const servers = new URL("./gen/servers.js", parent).href;
        const source =
          `export { createConfiguration } from ${JSON.stringify(configuration)};\n` +
          `export { ServerConfiguration } from ${JSON.stringify(servers)};\n`;
        return { url: `data:text/javascript,${encodeURIComponent(source)}`, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
}
