import { createBrowserRouter, RouterProvider } from "react-router";
import { ActivityRoute } from "./routes/activity.tsx";
import { ContextHome } from "./routes/context-home.tsx";
import { ContextLayout } from "./routes/context-layout.tsx";
import { EditRoute, NewRoute, SchemaRoute } from "./routes/editor.tsx";
import { NotFound, RouteError } from "./routes/errors.tsx";
import { ResourceRoute } from "./routes/resource.tsx";
import { RootRedirect } from "./routes/root-redirect.tsx";

/**
 * Every view has a URL (see lib/resource-path.ts): `/c/<context>` is the cluster, `/c/<context>/activity` the
 * activity stream, and `/c/<context>/<kubernetes path>` a list or an object, in Kubernetes' own URL layout. The
 * editor's views are `/c/<context>/edit|new/<kubernetes path>` and `/c/<context>/schema/<group>/<version>/<kind>`
 * (lib/editor-urls.ts).
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
          { path: "activity", element: <ActivityRoute /> },
          { path: "edit/*", element: <EditRoute /> },
          { path: "new/*", element: <NewRoute /> },
          { path: "schema/:group/:version/:kind", element: <SchemaRoute /> },
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
