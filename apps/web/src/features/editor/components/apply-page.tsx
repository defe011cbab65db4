import type { CatalogResource } from "@loupe/protocol";
import { type ChangeEvent, useMemo, useState } from "react";
import { Link } from "react-router";
import { viewUrl } from "../../../lib/resource-path.ts";
import { type Outcome, type Preview, useApplyMany } from "../hooks/use-apply-many.ts";
import { shortValue } from "../utils/changes.ts";
import { MAX_TEXT_BYTES, type PlannedDocument, splitDocuments } from "../utils/documents.ts";
import { toEditorText } from "../utils/object-text.ts";
import type { Failure } from "../utils/save-errors.ts";
import { DiffView } from "./lazy-monaco.tsx";
import "../editor.css";

/**
 * "Apply YAML": paste or upload multi-document YAML, preview what each object would do (a dry-run server-side apply
 * per object: created, changed with the diff, unchanged, or refused and why), apply all as field manager `loupe`
 * with a result per object, and force the ones that conflict with other field managers as a second step.
 */
export function ApplyPage({
  context,
  resources,
  defaultNamespace,
}: {
  context: string;
  resources: readonly CatalogResource[];
  /** The context's namespace (kubeconfig), for objects that name none. */
  defaultNamespace: string;
}) {
  const [text, setText] = useState("");
  const [namespace, setNamespace] = useState(defaultNamespace);
  const [checked, setChecked] = useState<{ text: string; namespace: string } | null>(null);
  const [uploadProblem, setUploadProblem] = useState<string | null>(null);
  const many = useApplyMany(context);
  const split = useMemo(
    () => (checked ? splitDocuments(checked.text, resources, checked.namespace) : null),
    [checked, resources],
  );
  const stale = checked !== null && (checked.text !== text || checked.namespace !== namespace);
  const documents = split?.documents ?? [];
  const applicable = documents.filter((d) => d.ok);
  const conflicting = applicable.filter((d) => {
    const o = many.outcomes[d.index];
    return o?.state === "failed" && o.failure.kind === "managers";
  });
  const applied = Object.keys(many.outcomes).length > 0;

  function check() {
    const next = { text, namespace: namespace.trim() || "default" };
    setChecked(next);
    const result = splitDocuments(next.text, resources, next.namespace);
    if (result.problem) many.reset();
    else void many.preview(result.documents);
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = "";
    setUploadProblem(null);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (total > MAX_TEXT_BYTES) {
      setUploadProblem(`The files are ${Math.ceil(total / 1024)} KB together; at most ${MAX_TEXT_BYTES / 1024} KB.`);
      return;
    }
    const texts = await Promise.all(files.map((f) => f.text()));
    setText((current) => [current.trim(), ...texts.map((t) => t.trim())].filter((t) => t !== "").join("\n---\n"));
  }

  return (
    <section className="editor-page apply-page" aria-labelledby="apply-heading">
      <header className="view-header">
        <div>
          <h2 id="apply-heading">Apply YAML</h2>
          <p className="muted subtitle">
            Server-side apply of every object in the text as field manager "loupe" (kubectl apply --server-side -f):
            preview first, then apply.
          </p>
        </div>
      </header>
      <label className="apply-text">
        <span>YAML or JSON, documents separated by ---</span>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          rows={14}
          aria-label="YAML to apply"
          placeholder={"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: example\ndata:\n  key: value\n---\n…"}
        />
      </label>
      <div className="editor-toolbar">
        <label>
          Upload files{" "}
          <input type="file" multiple accept=".yaml,.yml,.json,application/json,text/yaml" onChange={upload} />
        </label>
        <label>
          Namespace for objects that name none{" "}
          <input
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            size={16}
            aria-label="Default namespace"
          />
        </label>
        <span className="spacer" />
        <button type="button" onClick={check} disabled={many.busy !== null || text.trim() === ""}>
          Preview (dry run)
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void many.apply(applicable, { force: false })}
          disabled={many.busy !== null || checked === null || stale || applicable.length === 0}
          title={stale ? "The text changed since the preview: preview again" : undefined}
        >
          Apply {applicable.length} {applicable.length === 1 ? "object" : "objects"}
        </button>
        {conflicting.length > 0 ? (
          <button
            type="button"
            className="danger"
            onClick={() => void many.apply(conflicting, { force: true })}
            disabled={many.busy !== null}
          >
            Force apply {conflicting.length} conflicting {conflicting.length === 1 ? "object" : "objects"}
          </button>
        ) : null}
        {many.busy ? <span className="muted">{many.busy}</span> : null}
      </div>
      {uploadProblem ? (
        <p role="alert" className="warning">
          {uploadProblem}
        </p>
      ) : null}
      {stale ? <p className="muted">The text changed since the preview: preview again before applying.</p> : null}
      {split?.problem ? (
        <p role="alert" className="outcome failed">
          {split.problem}
        </p>
      ) : null}
      {documents.length > 0 ? (
        <table className="apply-table" aria-label="Objects to apply">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Object</th>
              <th scope="col">Dry run</th>
              <th scope="col">{applied ? "Result" : ""}</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((doc) => (
              <DocumentRow
                key={doc.index}
                context={context}
                doc={doc}
                preview={many.previews[doc.index]}
                outcome={many.outcomes[doc.index]}
              />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function DocumentRow({
  context,
  doc,
  preview,
  outcome,
}: {
  context: string;
  doc: PlannedDocument;
  preview: Preview | undefined;
  outcome: Outcome | undefined;
}) {
  return (
    <tr data-testid="apply-row" data-label={doc.label}>
      <td>{doc.index + 1}</td>
      <td>
        {doc.ok ? (
          <>
            <strong>{doc.resource.kind}</strong> {doc.target.name}
            {doc.target.namespace ? <span className="muted"> · {doc.target.namespace}</span> : null}
          </>
        ) : (
          <strong>{doc.label}</strong>
        )}
        <div className="muted">line {doc.line}</div>
      </td>
      <td>
        {doc.ok ? <PreviewCell preview={preview} /> : <span className="error-message">Not applied: {doc.problem}</span>}
      </td>
      <td>
        {outcome ? <OutcomeCell outcome={outcome} link={doc.ok ? viewUrl(context, doc.target) : undefined} /> : null}
      </td>
    </tr>
  );
}

function PreviewCell({ preview }: { preview: Preview | undefined }) {
  const [open, setOpen] = useState(false);
  if (!preview || preview.state === "checking") return <span className="muted">checking…</span>;
  if (preview.state === "failed") return <FailureText failure={preview.failure} />;
  const before = preview.state === "create" ? "" : toEditorText(preview.current, { showManagedFields: false });
  const after = toEditorText(preview.result, { showManagedFields: false });
  return (
    <div className="apply-preview">
      <span className={`verdict ${preview.state}`}>
        {preview.state === "create"
          ? "would be created"
          : preview.state === "unchanged"
            ? "unchanged"
            : `would change ${preview.changes.length} ${preview.changes.length === 1 ? "field" : "fields"}`}
      </span>
      {preview.state === "change" ? (
        <ul className="change-list" aria-label="Fields that would change">
          {preview.changes.slice(0, 8).map((c) => (
            <li key={c.path}>
              <code>{c.path}</code>: {shortValue(c.before)} → {shortValue(c.after)}
            </li>
          ))}
          {preview.changes.length > 8 ? <li className="muted">and {preview.changes.length - 8} more</li> : null}
        </ul>
      ) : null}
      {preview.state !== "unchanged" ? (
        <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
          <summary>Diff</summary>
          {open ? (
            <DiffView
              original={before}
              modified={after}
              originalLabel={preview.state === "create" ? "Nothing yet" : "On the server now"}
              modifiedLabel="After the apply (dry run)"
              height={320}
            />
          ) : null}
        </details>
      ) : null}
    </div>
  );
}

function OutcomeCell({ outcome, link }: { outcome: Outcome; link: string | undefined }) {
  if (outcome.state === "applying") return <span className="muted">applying…</span>;
  if (outcome.state === "failed") return <FailureText failure={outcome.failure} />;
  return (
    <span className={`verdict applied ${outcome.state}`}>
      {outcome.state}
      {outcome.forced ? " (forced)" : ""}
      {link ? (
        <>
          {" "}
          · <Link to={link}>view</Link>
        </>
      ) : null}
    </span>
  );
}

function FailureText({ failure }: { failure: Failure }) {
  const title =
    failure.kind === "managers"
      ? "Conflict with other field managers"
      : failure.kind === "forbidden"
        ? "Forbidden"
        : failure.kind === "invalid"
          ? "Invalid"
          : `Refused (HTTP ${failure.status || "network"})`;
  return (
    <div className="apply-failure" data-failure={failure.kind}>
      <strong className="error-message">{title}</strong>: <span>{failure.message}</span>
      {failure.managers.length > 0 ? (
        <ul aria-label="Fields owned by other managers">
          {failure.managers.map((m) => (
            <li key={`${m.field}:${m.manager}`}>
              <code>{m.field}</code> is owned by <strong>{m.manager}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {failure.fieldCauses.length > 0 ? (
        <ul aria-label="Fields the server refused">
          {failure.fieldCauses.map((c) => (
            <li key={`${c.field}:${c.message}`}>
              <code>{c.field}</code>: {c.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
