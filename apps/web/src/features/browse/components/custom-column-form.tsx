import type { CustomColumn } from "@loupe/protocol";
import { useId, useMemo, useState } from "react";
import { useKindSchema } from "../../../lib/kind-schema.ts";
import { checkJsonPath, completeJsonPath } from "../utils/jsonpath-schema.ts";
import { customNameProblem } from "../utils/table-layout.ts";

/**
 * Adds a custom column: a name and a kubectl JSONPath, checked as it is typed — syntax (an error blocks adding),
 * then the fields it reads against the kind's schema (unknown fields warn: the object may still have them) — with
 * the schema's field names offered as completions.
 */
export function CustomColumnForm({
  context,
  kind,
  taken,
  onAdd,
}: {
  context: string;
  kind: { group: string; version: string; kind: string };
  /** Names of the columns the table has already. */
  taken: readonly string[];
  onAdd: (column: CustomColumn) => void;
}) {
  const id = useId();
  const schema = useKindSchema(context, kind);
  const fields = schema.data?.fields;
  const [name, setName] = useState("");
  const [jsonPath, setJsonPath] = useState("");
  const [touched, setTouched] = useState(false);
  const check = useMemo(() => (jsonPath.trim() ? checkJsonPath(jsonPath, fields) : undefined), [jsonPath, fields]);
  const completions = useMemo(() => completeJsonPath(jsonPath, fields), [jsonPath, fields]);
  const nameProblem = customNameProblem(name, taken);
  const pathProblem = jsonPath.trim() === "" ? "Give a JSONPath, e.g. {.spec.replicas}." : check?.error;
  const ready = !nameProblem && !pathProblem;
  const submit = () => {
    setTouched(true);
    if (!ready) return;
    onAdd({ name: name.trim(), jsonPath: jsonPath.trim() });
    setName("");
    setJsonPath("");
    setTouched(false);
  };
  return (
    <form
      className="custom-column-form"
      aria-label="Add a custom column"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h4>Add a column</h4>
      <label className="field">
        <span>Name</span>
        <input value={name} maxLength={63} placeholder="Replicas" onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>JSONPath</span>
        <input
          value={jsonPath}
          list={`${id}-fields`}
          spellCheck={false}
          autoComplete="off"
          placeholder='{.status.conditions[?(@.type=="Ready")].status}'
          aria-invalid={pathProblem !== undefined && (touched || check?.error !== undefined)}
          aria-describedby={`${id}-check`}
          onChange={(e) => setJsonPath(e.target.value)}
        />
        <datalist id={`${id}-fields`}>
          {completions.map((c) => (
            <option key={c.value} value={c.value}>
              {`${c.name} ${c.type}`}
            </option>
          ))}
        </datalist>
      </label>
      <div id={`${id}-check`} className="column-check" role="status">
        {touched && nameProblem ? <p className="danger">{nameProblem}</p> : null}
        {check?.error ? <p className="danger">{check.error}</p> : null}
        {touched && !check && pathProblem ? <p className="danger">{pathProblem}</p> : null}
        {check?.warnings.map((w) => (
          <p key={w} className="warn">
            {w}
          </p>
        ))}
        {completions.length > 0 ? (
          <p className="muted small">Fields: {completions.map((c) => c.name).join(", ")}</p>
        ) : null}
        {schema.isError ? (
          <p className="muted small">The kind's schema is not available: fields are not checked.</p>
        ) : null}
      </div>
      <button type="submit">Add column</button>
    </form>
  );
}
