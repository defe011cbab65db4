import { createBrowserRouter, RouterProvider } from "react-router";
import { ContextHome } from "./routes/context-home.tsx";
import { ContextLayout } from "./routes/context-layout.tsx";
import { NotFound, RouteError } from "./routes/errors.tsx";
import { ResourceRoute } from "./routes/resource.tsx";
import { RootRedirect } from "./routes/root-redirect.tsx";

/**
 * Every view has a URL (see lib/resource-path.ts): `/c/<context>` is the cluster, `/c/<context>/activity` the
 * activity stream, `/c/<context>/apply` the multi-document apply, and `/c/<context>/<kubernetes path>` a list or an object, in Kubernetes' own URL layout. The
 * editor's views are `/c/<context>/edit|new/<kubernetes path>` and `/c/<context>/schema/<group>/<version>/<kind>`
 * (lib/editor-urls.ts); the Custom Resources views `/c/<context>/crds[/<name>]` and `/c/<context>/instances`
 * (lib/crd-urls.ts); search across kinds `/c/<context>/search?q=` and saved CEL queries `/c/<context>/queries`.
 *
 * The editor's views and the activity stream load their code when first visited (route `lazy`), so a list's first
 * visit does not wait for the editor, YAML and diff code; the object page is split the same way in resource.tsx.
 */
const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: "/", element: <RootRedirect /> },
      {
        path: "/c/:context",
        element: <ContextLayout />,
        children: [
          { index: true, element: <ContextHome /> },
          {
            path: "activity",
            lazy: async () => ({ Component: (await import("./routes/activity.tsx")).ActivityRoute }),
          },
          { path: "search", lazy: async () => ({ Component: (await import("./routes/search.tsx")).SearchRoute }) },
          { path: "queries", lazy: async () => ({ Component: (await import("./routes/queries.tsx")).QueriesRoute }) },
          { path: "crds", lazy: async () => ({ Component: (await import("./routes/crds.tsx")).CrdsRoute }) },
          { path: "crds/:name", lazy: async () => ({ Component: (await import("./routes/crds.tsx")).CrdRoute }) },
          {
            path: "instances",
            lazy: async () => ({ Component: (await import("./routes/crds.tsx")).InstancesRoute }),
          },
          { path: "edit/*", lazy: async () => ({ Component: (await import("./routes/editor.tsx")).EditRoute }) },
          { path: "new/*", lazy: async () => ({ Component: (await import("./routes/editor.tsx")).NewRoute }) },
          { path: "apply", lazy: async () => ({ Component: (await import("./routes/editor.tsx")).ApplyRoute }) },
          {
            path: "schema/:group/:version/:kind",
            lazy: async () => ({ Component: (await import("./routes/editor.tsx")).SchemaRoute }),
          },
          { path: "*", element: <ResourceRoute /> },
        ],
      },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
