import { type ComponentProps, lazy, Suspense } from "react";

/**
 * Monaco is ~2.5 MB: these wrappers load it on first use (one shared chunk for the editor and the diff view), so
 * the rest of the app never waits for it. The fallback keeps the layout while it loads.
 */
const LazyYamlEditor = lazy(() => import("../monaco/yaml-editor.tsx"));
const LazyDiffView = lazy(() => import("../monaco/diff-view.tsx"));

export function YamlEditor(props: ComponentProps<typeof LazyYamlEditor>) {
  return (
    <Suspense fallback={<p className="muted monaco-loading">Loading the editor…</p>}>
      <LazyYamlEditor {...props} />
    </Suspense>
  );
}

export function DiffView(props: ComponentProps<typeof LazyDiffView>) {
  return (
    <Suspense fallback={<p className="muted monaco-loading">Loading the diff…</p>}>
      <LazyDiffView {...props} />
    </Suspense>
  );
}
