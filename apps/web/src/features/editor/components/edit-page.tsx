import type { CatalogResource } from "@loupe/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useReducer, useState } from "react";
import { Link } from "react-router";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ApiError } from "../../../lib/api.ts";
import { editUrl, schemaUrl } from "../../../lib/editor-urls.ts";
import { kindSchemaUrl, useKindSchema } from "../../../lib/kind-schema.ts";
import { k8sPath, qualifiedName, type ResourceTarget, viewUrl } from "../../../lib/resource-path.ts";
import { isSecretsResource, maskSecrets } from "../../../lib/secret-mask.ts";
import { RevealBar } from "../../secrets/components/reveal-bar.tsx";
import { useRevealedSecret } from "../../secrets/hooks/use-revealed-secret.ts";
import { useAccess } from "../api/get-access.ts";
import { applyObject, readObject, replaceObject } from "../api/write-object.ts";
import { useDraftAutosave } from "../hooks/use-draft-autosave.ts";
import { useRuleMarkers } from "../hooks/use-rule-markers.ts";
import type { Problem } from "../monaco/yaml-editor.tsx";
import { changesNotKept } from "../utils/changes.ts";
import { browserDrafts } from "../utils/drafts.ts";
import { initialSession, sessionReducer } from "../utils/edit-session.ts";
import { failureMarkers } from "../utils/markers.ts";
import { parseEditorText, withoutManagedFields, withResourceVersion } from "../utils/object-text.ts";
import { classifyFailure, maskedFailure, syntaxFailure } from "../utils/save-errors.ts";
import { AccessNote } from "./access-note.tsx";
import { NotKept } from "./change-list.tsx";
import { ConflictPanel } from "./conflict-panel.tsx";
import { DraftOffer } from "./draft-offer.tsx";
import { EditorToolbar, type SaveMode } from "./editor-toolbar.tsx";
import { YamlEditor } from "./lazy-monaco.tsx";
import { FailureNote, SuccessNote } from "./outcome-note.tsx";
import { ReviewPanel } from "./review-panel.tsx";
import { RulesNote } from "./rules-note.tsx";
import { FormToggle, WithForm } from "./with-form.tsx";
import "../editor.css";

const drafts = browserDrafts();

/**
 * Editing one object (or, with `subresource="status"`, its status through the status subresource) in a
 * schema-aware YAML editor. Review shows the diff and writes with a replace at the resourceVersion the user started
 * from (a change made meanwhile is a 409 → the conflict view: rebase or discard) or with server-side apply as
 * field manager `loupe` (a field another manager owns is a 409 naming it → force is a second, explicit step).
 * Whatever fails, the text stays, and it is kept as a draft in the browser until saved or discarded.
 * A Secret opens read-only with its values masked: "Reveal to edit" reads it as the user (RBAC decides) and only
 * then can it be edited and saved; its text is never kept as a draft, and a text holding a mask is never sent.
 */
export function EditObjectPage({
  context,
  resource,
  namespace,
  name,
  subresource,
}: {
  context: string;
  resource: CatalogResource;
  namespace: string | undefined;
  name: string;
  subresource?: "status" | undefined;
}) {
  const target: ResourceTarget & { name: string } = useMemo(
    () => ({ group: resource.group, version: resource.version, resource: resource.resource, namespace, name }),
    [resource.group, resource.version, resource.resource, namespace, name],
  );
  const path = k8sPath(target);
  const draftTarget = useMemo(
    () => ({ context, path, mode: subresource === "status" ? ("status" as const) : ("object" as const) }),
    [context, path, subresource],
  );
  const queryClient = useQueryClient();
  const objectKey = ["contexts", context, "object", path] as const;
  const query = useQuery({ queryKey: objectKey, queryFn: () => readObject(context, target), refetchOnMount: "always" });
  const ref = useMemo(
    () => ({ group: resource.group, version: resource.version, kind: resource.kind }),
    [resource.group, resource.version, resource.kind],
  );
  const schema = useKindSchema(context, ref);
  const [state, dispatch] = useReducer(sessionReducer, initialSession);
  const [mode, setMode] = useState<SaveMode>("replace");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [showForm, setShowForm] = useState(false);
  const secret = isSecretsResource(resource) && subresource === undefined;
  const reveal = useRevealedSecret(context, target, undefined);
  // The editor holds the values only once the revealed Secret replaced the masked one as what the user started from.
  const [unmasked, setUnmasked] = useState(false);
  const locked = secret && !unmasked;

  useEffect(() => {
    if (state.phase === "loading" && query.data && query.isFetchedAfterMount) {
      dispatch({ type: "loaded", object: query.data, draft: drafts.load(draftTarget) });
    }
  }, [state.phase, query.data, query.isFetchedAfterMount, draftTarget]);

  useEffect(() => {
    if (secret && !unmasked && reveal.object && state.phase !== "loading") {
      dispatch({ type: "discard", latest: reveal.object });
      setUnmasked(true);
    }
  }, [secret, unmasked, reveal.object, state.phase]);

  useDraftAutosave(drafts, draftTarget, {
    text: state.text,
    baseText: state.base?.text ?? "",
    baseResourceVersion: state.base?.resourceVersion ?? "",
    enabled: state.phase !== "loading" && state.offer === null && !secret,
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
  const failed = state.outcome?.kind === "failed" ? state.outcome : null;
  // Markers are placed on the text as it was when the server answered; Monaco moves them along with later edits.
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed per answer, not per keystroke.
  const markers = useMemo(() => (failed ? failureMarkers(state.text, failed.failure) : []), [failed]);

  // The kind's CEL rules, checked as the user types; transition rules compare with the object as it was loaded.
  const rules = useRuleMarkers(state.text, schema.data?.cel, state.base?.object, state.phase !== "loading" && !locked);

  const scope = namespace ? ` in namespace "${namespace}"` : "";
  const status = subresource === "status";
  const access = useAccess(context, {
    verb: mode === "apply" ? "patch" : "update",
    group: resource.group,
    resource: resource.resource,
    namespace,
    name,
    subresource,
  });
  const what = `${mode === "apply" ? "patch" : "update"} ${qualifiedName(resource)}${status ? "/status" : ""} "${name}"${scope}`;

  async function save(options: { dryRun: boolean; force?: boolean }) {
    if (!state.base) return;
    const parsed = parseEditorText(state.text);
    if (!parsed.ok) {
      dispatch({ type: "failed", failure: syntaxFailure(parsed.message, parsed.line), dryRun: options.dryRun });
      return;
    }
    const masked = maskedFailure(parsed.object);
    if (locked || masked) {
      dispatch({
        type: "failed",
        failure: masked ?? syntaxFailure("reveal the Secret to edit it", 1),
        dryRun: options.dryRun,
      });
      return;
    }
    dispatch({ type: "busy", what: options.dryRun ? "Asking the server (dry run)…" : "Saving…" });
    const write = { dryRun: options.dryRun, subresource, revealSecrets: secret };
    try {
      const result =
        mode === "apply"
          ? await applyObject(context, target, parsed.object, { ...write, force: options.force ?? false })
          : await replaceObject(context, target, withResourceVersion(parsed.object, state.base.resourceVersion), write);
      const stored = state.showManagedFields ? result : withoutManagedFields(result);
      const notKept = changesNotKept(state.base.object, parsed.object, stored);
      if (options.dryRun) {
        dispatch({ type: "dry-run", object: result, notKept });
        return;
      }
      drafts.clear(draftTarget);
      queryClient.setQueryData(objectKey, maskSecrets(result, { secrets: secret }));
      void queryClient.invalidateQueries({ queryKey: objectKey });
      dispatch({ type: "saved", object: result, notKept });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const failure = classifyFailure(error.body);
      if (failure.kind === "stale") {
        try {
          dispatch({
            type: "conflict",
            theirs: await readObject(context, target, undefined, { revealSecrets: secret }),
          });
          return;
        } catch {
          // Reading the latest failed too: show the 409 itself.
        }
      }
      dispatch({ type: "failed", failure, dryRun: options.dryRun, force: options.force ?? false });
    }
  }

  const objectUrl = viewUrl(context, target);
  const busy = state.busy !== null;
  const base = state.base;
  const changed = base !== null && state.text !== base.text;
  const how =
    mode === "apply"
      ? `Server-side apply (PATCH application/apply-patch+yaml) as field manager "loupe"${status ? " to the status subresource" : ""}.`
      : `Replace (PUT${status ? " to the status subresource" : ""}) at resourceVersion ${base?.resourceVersion}: if the object changed since, the server refuses and you can rebase.`;

  return (
    <section className="editor-page" aria-labelledby="editor-heading">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={viewUrl(context, { ...target, name: undefined })}>{resource.kind}</Link>
        {namespace ? <span className="muted"> · {namespace}</span> : null} · <Link to={objectUrl}>{name}</Link>
      </nav>
      <header className="view-header">
        <div>
          <h2 id="editor-heading">
            {status ? "Edit status of" : "Edit"} {resource.kind} {name}
          </h2>
          <p className="muted subtitle">
            {qualifiedName(resource)}/{resource.version}
            {namespace ? ` · namespace ${namespace}` : " · cluster-scoped"}
            {base ? ` · started from resourceVersion ${base.resourceVersion}` : null}
          </p>
        </div>
        <nav className="editor-links" aria-label="Editor links">
          <Link to={schemaUrl(context, ref)}>Explain {resource.kind} fields</Link>
          {resource.subresources.includes("status") ? (
            <Link to={editUrl(context, target, status ? undefined : "status")}>
              {status ? "Edit the object instead" : "Edit status"}
            </Link>
          ) : null}
          <Link to={objectUrl}>Back to the object</Link>
        </nav>
      </header>
      {status ? (
        <p className="muted">
          Status mode: writes go to the status subresource, which saves only <code>status</code>; changes elsewhere are
          ignored by the server.
        </p>
      ) : null}
      <AccessNote access={access} what={what} />
      {query.isError && !base ? (
        <ErrorNote
          error={query.error}
          onRetry={() => void query.refetch()}
          action={`get ${qualifiedName(resource)} "${name}"${scope}`}
        />
      ) : null}
      {state.phase === "loading" && !query.isError ? <p className="muted">Loading {name}…</p> : null}
      {state.offer ? (
        <DraftOffer
          draft={state.offer}
          currentResourceVersion={base?.resourceVersion}
          onRestore={() => dispatch({ type: "restore-draft" })}
          onDiscard={() => {
            drafts.clear(draftTarget);
            dispatch({ type: "dismiss-draft" });
          }}
        />
      ) : null}
      {state.outcome?.kind === "saved" ? (
        <SuccessNote onDismiss={() => dispatch({ type: "dismiss-outcome" })}>
          <strong>Saved.</strong> {resource.kind} {name} is now at resourceVersion {state.outcome.resourceVersion}.{" "}
          <Link to={objectUrl}>View the object</Link>
          <NotKept changes={state.outcome.notKept} status={status} />
        </SuccessNote>
      ) : null}
      {state.outcome?.kind === "dry-run" ? (
        <SuccessNote onDismiss={() => dispatch({ type: "dismiss-outcome" })}>
          <strong>Dry run: the server accepts this change.</strong> Nothing was saved (dryRun=All: validated and
          admitted, not stored).
          <NotKept changes={state.outcome.notKept} status={status} />
        </SuccessNote>
      ) : null}
      {failed ? (
        <FailureNote
          failure={failed.failure}
          what={what}
          dryRun={failed.dryRun}
          busy={busy}
          onForce={mode === "apply" ? () => void save({ dryRun: failed.dryRun, force: true }) : undefined}
          onDismiss={() => dispatch({ type: "dismiss-outcome" })}
          drafted={!secret}
        />
      ) : null}
      {base && secret ? (
        <RevealBar
          secret={reveal}
          what={`get secrets "${name}"${scope}`}
          revealLabel="Reveal to edit"
          hideable={false}
          shownAt={unmasked ? base.resourceVersion : undefined}
        />
      ) : null}
      {base && state.phase === "edit" && !locked ? (
        <EditorToolbar
          mode={mode}
          onMode={setMode}
          showManagedFields={state.showManagedFields}
          onToggleManagedFields={() => dispatch({ type: "toggle-managed-fields" })}
          changed={changed}
          busy={state.busy}
          onRevert={() => dispatch({ type: "discard" })}
          onDryRun={() => void save({ dryRun: true })}
          onReview={() => dispatch({ type: "review" })}
        />
      ) : null}
      {base && state.phase === "conflict" && state.outcome?.kind === "conflict" ? (
        <ConflictPanel
          name={name}
          baseText={base.text}
          baseObject={base.object}
          baseResourceVersion={base.resourceVersion}
          theirs={state.outcome.theirs}
          theirsText={state.outcome.theirsText}
          text={state.text}
          onRebase={() => dispatch({ type: "rebase" })}
          onDiscard={() => {
            drafts.clear(draftTarget);
            dispatch({ type: "discard" });
          }}
          onBack={() => dispatch({ type: "back" })}
        />
      ) : null}
      {base && state.phase === "review" ? (
        <ReviewPanel
          baseText={base.text}
          text={state.text}
          baseLabel={`You started from (resourceVersion ${base.resourceVersion})`}
          how={how}
          problems={problems}
          rebased={state.rebased}
          onPick={(path, pick) => dispatch({ type: "pick", path, pick })}
          busy={state.busy}
          applyLabel={mode === "apply" ? "Apply (server-side apply)" : "Apply (replace)"}
          onApply={() => void save({ dryRun: false })}
          onDryRun={() => void save({ dryRun: true })}
          onBack={() => dispatch({ type: "back" })}
        />
      ) : null}
      {base && (schema.isSuccess || schema.isError) ? (
        <div hidden={state.phase !== "edit"}>
          <FormToggle on={showForm} onChange={setShowForm} available={schema.data !== undefined} />
          <WithForm
            show={showForm}
            text={state.text}
            onChange={(text) => dispatch({ type: "edited", text })}
            jsonSchema={schema.data?.jsonSchema}
            readOnly={locked}
          >
            <YamlEditor
              textKey={locked ? "masked" : "editable"}
              readOnly={locked}
              value={state.text}
              onChange={(text) => dispatch({ type: "edited", text })}
              schema={editorSchema}
              markers={markers}
              ruleMarkers={rules.markers}
              onProblems={setProblems}
              onSave={locked ? undefined : () => dispatch({ type: "review" })}
              label={`YAML of ${resource.kind} ${name}`}
            />
          </WithForm>
          <RulesNote rules={rules} />
          {schema.isError ? (
            <p className="muted">
              No schema for {resource.kind}: the editor checks YAML syntax only ({schema.error.message}).
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
