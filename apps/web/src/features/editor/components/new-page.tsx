import type { CatalogResource } from "@loupe/protocol";
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError } from "../../../lib/api.ts";
import { schemaUrl } from "../../../lib/editor-urls.ts";
import { kindSchemaUrl, useKindSchema } from "../../../lib/kind-schema.ts";
import { apiVersionOf, k8sPath, qualifiedName, type ResourceTarget, viewUrl } from "../../../lib/resource-path.ts";
import { isSecretsResource } from "../../../lib/secret-mask.ts";
import { useAccess } from "../api/get-access.ts";
import { createObject } from "../api/write-object.ts";
import { useDraftAutosave } from "../hooks/use-draft-autosave.ts";
import { useRuleMarkers } from "../hooks/use-rule-markers.ts";
import type { Problem } from "../monaco/yaml-editor.tsx";
import { changesNotKept, type FieldChange } from "../utils/changes.ts";
import { browserDrafts, type Draft } from "../utils/drafts.ts";
import { failureMarkers } from "../utils/markers.ts";
import { parseEditorText } from "../utils/object-text.ts";
import { classifyFailure, type Failure, maskedFailure, syntaxFailure } from "../utils/save-errors.ts";
import { templateYaml } from "../utils/template.ts";
import { AccessNote } from "./access-note.tsx";
import { NotKept } from "./change-list.tsx";
import { DraftOffer } from "./draft-offer.tsx";
import { YamlEditor } from "./lazy-monaco.tsx";
import { FailureNote, SuccessNote } from "./outcome-note.tsx";
import { ReviewPanel } from "./review-panel.tsx";
import { RulesNote } from "./rules-note.tsx";
import { FormToggle, WithForm } from "./with-form.tsx";
import "../editor.css";

const drafts = browserDrafts();

type Outcome =
  | { kind: "failed"; failure: Failure; dryRun: boolean }
  | { kind: "dry-run"; notKept: FieldChange[] }
  | null;

/**
 * "New <Kind>": a YAML editor starting from a template built from the kind's schema (apiVersion, kind, metadata in
 * `namespace`, required fields with placeholders), for any kind the catalog serves. Create POSTs to the namespace
 * the text names (so it can differ from the one the page opened in); dry run asks the server without storing.
 * Review (as for an edit) shows the diff against nothing, the fields in words, the editor's open problems and how
 * it will be written; a dry run there also says what the server would not keep. On success it opens the new
 * object; on failure the text stays, back in the editor, with the server's causes marked on their lines.
 */
export function NewObjectPage({
  context,
  resource,
  namespace,
}: {
  context: string;
  resource: CatalogResource;
  /** Where to create (namespaced kinds); ignored for cluster-scoped ones. */
  namespace: string;
}) {
  const navigate = useNavigate();
  const ref = useMemo(
    () => ({ group: resource.group, version: resource.version, kind: resource.kind }),
    [resource.group, resource.version, resource.kind],
  );
  const schema = useKindSchema(context, ref);
  const collection: ResourceTarget = useMemo(
    () => ({
      group: resource.group,
      version: resource.version,
      resource: resource.resource,
      namespace: resource.namespaced ? namespace : undefined,
    }),
    [resource.group, resource.version, resource.resource, resource.namespaced, namespace],
  );
  const draftTarget = useMemo(
    () => ({ context, path: k8sPath(collection), mode: "new" as const }),
    [context, collection],
  );
  const [template, setTemplate] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [offer, setOffer] = useState<Draft | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const [showForm, setShowForm] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);

  useEffect(() => {
    if (template !== null || !(schema.isSuccess || schema.isError)) return;
    const target = {
      apiVersion: apiVersionOf(resource),
      kind: resource.kind,
      namespace: resource.namespaced ? namespace : undefined,
    };
    const initial = templateYaml(schema.data?.fields ?? [], target);
    setTemplate(initial);
    setText(initial);
    const draft = drafts.load(draftTarget);
    if (draft && draft.text !== initial) setOffer(draft);
  }, [template, schema.isSuccess, schema.isError, schema.data, resource, namespace, draftTarget]);

  useDraftAutosave(drafts, draftTarget, {
    text,
    baseText: template ?? "",
    baseResourceVersion: "",
    enabled: template !== null && offer === null,
  });

  const editorSchema = useMemo(
    () =>
      schema.data
        ? {
            key: [context, ref.group, ref.version, ref.kind],
            uri: `${location.origin}${kindSchemaUrl(context, ref)}`,
            jsonSchema: schema.data.jsonSchema,
          }
        : undefined,
    [schema.data, context, ref],
  );
  const failed = outcome?.kind === "failed" ? outcome : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: placed once per answer; Monaco moves them with edits.
  const markers = useMemo(() => (failed ? failureMarkers(text, failed.failure) : []), [failed]);

  const rules = useRuleMarkers(text, schema.data?.cel, undefined, template !== null);

  async function create(dryRun: boolean) {
    const parsed = parseEditorText(text);
    if (!parsed.ok) {
      setOutcome({ kind: "failed", failure: syntaxFailure(parsed.message, parsed.line), dryRun });
      setReviewing(false);
      return;
    }
    const masked = maskedFailure(parsed.object);
    if (masked) {
      setOutcome({ kind: "failed", failure: masked, dryRun });
      return;
    }
    const inNamespace = resource.namespaced
      ? ((parsed.object.metadata?.namespace as string | undefined) ?? namespace)
      : undefined;
    setBusy(true);
    try {
      const created = await createObject(context, { ...collection, namespace: inNamespace }, parsed.object, { dryRun });
      if (dryRun) {
        const notKept = changesNotKept({}, parsed.object, created);
        setOutcome({ kind: "dry-run", notKept });
        return;
      }
      drafts.clear(draftTarget);
      const name = (created.metadata?.name as string | undefined) ?? "";
      navigate(viewUrl(context, { ...collection, namespace: inNamespace, name }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setOutcome({ kind: "failed", failure: classifyFailure(error.body), dryRun });
      setReviewing(false); // back to the text, where the server's causes are marked on their lines
    } finally {
      setBusy(false);
    }
  }

  const where = resource.namespaced ? ` in namespace "${namespace}"` : "";
  const access = useAccess(context, {
    verb: "create",
    group: resource.group,
    resource: resource.resource,
    namespace: collection.namespace,
  });
  return (
    <section className="editor-page" aria-labelledby="new-heading">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={viewUrl(context, collection)}>{resource.kind}</Link>
        {resource.namespaced ? <span className="muted"> · {namespace}</span> : null}
      </nav>
      <header className="view-header">
        <div>
          <h2 id="new-heading">New {resource.kind}</h2>
          <p className="muted subtitle">
            {qualifiedName(resource)}/{resource.version}
            {resource.namespaced ? ` · namespace ${namespace} (or the one the text names)` : " · cluster-scoped"}
          </p>
        </div>
        <nav className="editor-links" aria-label="Editor links">
          <Link to={schemaUrl(context, ref)}>Explain {resource.kind} fields</Link>
        </nav>
      </header>
      <AccessNote access={access} what={`create ${qualifiedName(resource)}${where}`} />
      {offer ? (
        <DraftOffer
          draft={offer}
          currentResourceVersion={undefined}
          onRestore={() => {
            setText(offer.text);
            setOffer(null);
          }}
          onDiscard={() => {
            drafts.clear(draftTarget);
            setOffer(null);
          }}
        />
      ) : null}
      {outcome?.kind === "dry-run" ? (
        <SuccessNote onDismiss={() => setOutcome(null)}>
          <strong>Dry run: the server accepts this object.</strong> Nothing was created.
          <NotKept changes={outcome.notKept} status={false} />
        </SuccessNote>
      ) : null}
      {failed ? (
        <FailureNote
          failure={failed.failure}
          what={`create ${qualifiedName(resource)}${where}`}
          dryRun={failed.dryRun}
          drafted={!isSecretsResource(resource)}
          busy={busy}
          onDismiss={() => setOutcome(null)}
        />
      ) : null}
      {template !== null ? (
        <>
          {reviewing ? (
            <ReviewPanel
              baseText=""
              text={text}
              baseLabel="Nothing yet (a new object)"
              how={`Create (POST) ${resource.namespaced ? `in namespace "${namespaceOf(text) ?? namespace}"` : "cluster-scoped"}: the server fills in defaults and generated fields.`}
              problems={problems}
              rebased={null}
              busy={busy ? "Asking the server…" : null}
              applyLabel="Create"
              heading="Review the new object"
              modifiedLabel="Your object"
              onApply={() => void create(false)}
              onDryRun={() => void create(true)}
              onBack={() => setReviewing(false)}
            />
          ) : null}
          <div hidden={reviewing}>
            <div className="editor-toolbar">
              <span className="muted">
                Started from a template of {resource.kind}: fill in the name and the fields marked required.
              </span>
              <span className="spacer" />
              <button type="button" onClick={() => void create(true)} disabled={busy}>
                Dry run
              </button>
              <button
                type="button"
                className="primary"
                onClick={() => setReviewing(true)}
                disabled={busy}
                title="Ctrl+S in the editor"
              >
                Review and create
              </button>
              {busy ? <span className="muted">Asking the server…</span> : null}
            </div>
            <FormToggle on={showForm} onChange={setShowForm} available={schema.data !== undefined} />
            <WithForm
              show={showForm}
              text={text}
              onChange={setText}
              jsonSchema={schema.data?.jsonSchema}
              readOnly={false}
            >
              <YamlEditor
                value={text}
                onChange={setText}
                schema={editorSchema}
                markers={markers}
                ruleMarkers={rules.markers}
                onProblems={setProblems}
                onSave={() => setReviewing(true)}
                label={`YAML of the new ${resource.kind}`}
              />
            </WithForm>
            <RulesNote rules={rules} />
          </div>
        </>
      ) : (
        <p className="muted">Loading the schema of {resource.kind}…</p>
      )}
    </section>
  );
}

/** The namespace the text names, if it parses and names one. */
function namespaceOf(text: string): string | undefined {
  const parsed = parseEditorText(text);
  const ns = parsed.ok ? parsed.object.metadata?.namespace : undefined;
  return typeof ns === "string" ? ns : undefined;
}
