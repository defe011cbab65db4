import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker.js?worker";
import { configureMonacoYaml, type JSONSchema, type SchemasSettings } from "monaco-yaml";
import YamlWorker from "./yaml.worker.ts?worker";

/**
 * Monaco, bundled with the app (no CDN: the CSP allows only Loupe's own scripts, and workers from 'self' or blob:),
 * and monaco-yaml configured once. Imported only by the lazily loaded editor modules, so the ~2.5 MB of Monaco is
 * fetched when an editor first opens, never with the rest of the app.
 *
 * Facts this relies on (DESIGN §10, checked under Vite 8): the package entry `monaco-editor` must be imported (the
 * `editor.api.js` entry leaves the workers dead), and the YAML worker must come from a local file loaded with
 * `?worker`.
 */

/**
 * Monaco cancels its pending work (a diff being computed, a worker request for a model's markers) when an editor or
 * a model is disposed — the review panel closing as "Apply" is clicked — and rejects those promises with its
 * CancellationError, whose name and message are both "Canceled", with nobody left to handle it. That is Monaco
 * telling itself to stop, not a failure: it must not surface as the page's uncaught error.
 */
globalThis.addEventListener?.("unhandledrejection", (event) => {
  const reason = event.reason as { name?: unknown; message?: unknown } | undefined;
  if (reason?.name === "Canceled" && reason.message === "Canceled") event.preventDefault();
});

globalThis.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === "yaml" ? new YamlWorker() : new EditorWorker();
  },
};

/**
 * The YAML language server reports every schema violation as a warning. For a Kubernetes object most are errors:
 * a wrong type, a pattern, a minimum or an enum makes the API server refuse the write (422). Only unknown fields
 * stay warnings — the API server prunes them or warns, depending on field validation. Syntax errors are errors.
 */
const setModelMarkers = monaco.editor.setModelMarkers;
monaco.editor.setModelMarkers = (model, owner, markers) =>
  setModelMarkers(
    model,
    owner,
    owner !== "yaml"
      ? markers
      : markers.map((m) =>
          m.severity === monaco.MarkerSeverity.Warning && !/^Property .* is not allowed\.$/.test(m.message)
            ? { ...m, severity: monaco.MarkerSeverity.Error }
            : m,
        ),
  );

const yaml = configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  validate: true,
  hover: true,
  completion: true,
  format: { enable: true },
  schemas: [],
});

const schemas = new Map<string, SchemasSettings>();

/** A name safe in a model path and a glob: letters, digits, `_` and `-` only. */
export function schemaId(parts: readonly string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9-]/g, "_")).join("__");
}

/**
 * Associates `schema` with every model whose path is under `loupe/<id>/` (see {@link modelPath}). `uri` is where
 * the schema came from (shown in hover tooltips; never fetched). Re-registering the same id replaces it.
 */
export function registerSchema(id: string, uri: string, schema: Record<string, unknown>): void {
  const existing = schemas.get(id);
  if (existing?.schema === schema) return;
  schemas.set(id, { uri, fileMatch: [`loupe/${id}/*.yaml`], schema: schema as JSONSchema });
  void yaml.update({ schemas: [...schemas.values()] });
}

let counter = 0;

/** A fresh model path validated by the schema registered as `id` (or by none: YAML syntax only). */
export function modelPath(id: string | undefined): string {
  counter += 1;
  return id ? `loupe/${id}/${counter}.yaml` : `loupe-plain/${counter}.yaml`;
}

// Exposed for the end-to-end tests and for anyone debugging from the console (the CSP keeps other scripts out).
(globalThis as { monaco?: typeof monaco }).monaco = monaco;

export { monaco };
