import { useMemo } from "react";
import { parse } from "yaml";
import { Section } from "./form-sections.tsx";
import { describeField, type FieldInfo, type Schema } from "./schema-nodes.ts";
import { type FieldPath, writeValue } from "./yaml-doc.ts";

/**
 * A form beside the YAML, generated from the kind's schema for any kind: objects as sections (opened on demand, so
 * a huge schema opens at once), arrays with add/remove/reorder, maps as key/value lists, enums as choices,
 * booleans, numbers with their bounds, int-or-string, oneOf/anyOf as a choice of shapes, and what the schema leaves
 * open (preserve-unknown-fields, embedded objects) as a YAML island. Defaults are shown, required fields marked,
 * descriptions at hand. Every change is written into the YAML text with the Document API: comments and order stay.
 */
export function FormView({
  text,
  onChange,
  jsonSchema,
  readOnly = false,
}: {
  text: string;
  onChange: (text: string) => void;
  jsonSchema: Schema;
  readOnly?: boolean;
}) {
  const value = useMemo(() => {
    try {
      return parse(text, { maxAliasCount: 100 }) as unknown;
    } catch {
      return undefined;
    }
  }, [text]);
  const root = useMemo(() => describeField(jsonSchema, jsonSchema), [jsonSchema]);
  if (value === undefined || typeof value !== "object" || value === null) {
    return (
      <p className="muted form-view" data-testid="form-view">
        The form follows the YAML once it parses as one object.
      </p>
    );
  }
  const ctx: Ctx = { text, onChange, root: jsonSchema, readOnly };
  const properties = (root.properties ?? []).filter(
    ([name]) => name !== "apiVersion" && name !== "kind" && name !== "status",
  );
  return (
    <form className="form-view" data-testid="form-view" aria-label="Form" onSubmit={(e) => e.preventDefault()}>
      {properties.map(([name, schema]) => (
        <Field
          key={name}
          ctx={ctx}
          name={name}
          path={[name]}
          schema={schema}
          value={(value as Record<string, unknown>)[name]}
          required={root.required?.has(name) ?? false}
          depth={0}
        />
      ))}
    </form>
  );
}

export interface Ctx {
  text: string;
  onChange: (text: string) => void;
  root: Schema;
  readOnly: boolean;
}

const shortDescription = (text: string | undefined) =>
  text ? (text.split(/(?<=\.)\s/)[0] ?? text).slice(0, 200) : undefined;

function Label({ name, info, required }: { name: string; info: FieldInfo; required: boolean }) {
  const hint =
    info.kind === "int-or-string" ? "int or string" : info.kind === "choice" ? "one of several shapes" : info.kind;
  return (
    <span className="form-label" title={info.description}>
      {name ? <span className="form-name">{name}</span> : null}
      {required && name ? (
        <span className="form-required" title="required">
          *
        </span>
      ) : null}{" "}
      <span className="muted form-type">{hint}</span>
    </span>
  );
}

export function Field({
  ctx,
  name,
  path,
  schema,
  value,
  required,
  depth,
}: {
  ctx: Ctx;
  name: string;
  path: FieldPath;
  schema: Schema;
  value: unknown;
  required: boolean;
  depth: number;
}) {
  const info = useMemo(() => describeField(schema, ctx.root), [schema, ctx.root]);
  const set = (next: unknown) => ctx.onChange(writeValue(ctx.text, path, next));
  const label = <Label name={name} info={info} required={required} />;
  const description = shortDescription(info.description);
  const absent = value === undefined;
  const placeholder = info.default !== undefined ? `default: ${JSON.stringify(info.default)}` : "";
  const common = { "aria-label": path.join("."), disabled: ctx.readOnly, "data-path": path.join(".") };

  if (
    info.kind === "object" ||
    info.kind === "array" ||
    info.kind === "map" ||
    info.kind === "choice" ||
    info.kind === "island"
  ) {
    return (
      <Section
        ctx={ctx}
        info={info}
        label={label}
        description={description}
        path={path}
        value={value}
        depth={depth}
        required={required}
        onSet={set}
      />
    );
  }
  let input: React.ReactNode;
  switch (info.kind) {
    case "enum":
      input = (
        <select
          {...common}
          value={absent ? "" : String(value)}
          onChange={(e) =>
            set(
              e.target.value === ""
                ? undefined
                : (info.enum?.find((v) => String(v) === e.target.value) ?? e.target.value),
            )
          }
        >
          <option value="">{info.default !== undefined ? `(default ${String(info.default)})` : "(not set)"}</option>
          {info.enum?.map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </select>
      );
      break;
    case "boolean":
      input = (
        <span>
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => set(e.target.checked)} />
          {absent ? (
            <span className="muted">
              {" "}
              not set{info.default !== undefined ? ` (default ${String(info.default)})` : ""}
            </span>
          ) : null}
          {!absent && !required ? <ClearButton onClear={() => set(undefined)} disabled={ctx.readOnly} /> : null}
        </span>
      );
      break;
    case "integer":
    case "number":
      input = (
        <input
          type="number"
          {...common}
          value={typeof value === "number" ? value : ""}
          min={info.minimum}
          max={info.maximum}
          step={info.kind === "integer" ? 1 : "any"}
          placeholder={placeholder || boundsText(info)}
          onChange={(e) => set(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      );
      break;
    case "int-or-string":
      input = (
        <input
          {...common}
          value={absent ? "" : String(value)}
          placeholder={placeholder || "a number or a string"}
          onChange={(e) =>
            set(
              e.target.value === ""
                ? undefined
                : /^-?\d+$/.test(e.target.value)
                  ? Number(e.target.value)
                  : e.target.value,
            )
          }
        />
      );
      break;
    default:
      input = (
        <input
          {...common}
          value={absent ? "" : typeof value === "string" ? value : JSON.stringify(value)}
          placeholder={placeholder}
          onChange={(e) => set(e.target.value === "" && !required ? undefined : e.target.value)}
        />
      );
  }
  return (
    <div className="form-field">
      <div className="form-control">
        {label}
        {input}
      </div>
      {description ? <p className="muted form-description">{description}</p> : null}
    </div>
  );
}

function boundsText(info: FieldInfo): string {
  if (info.minimum !== undefined && info.maximum !== undefined) return `${info.minimum} … ${info.maximum}`;
  if (info.minimum !== undefined) return `≥ ${info.minimum}`;
  if (info.maximum !== undefined) return `≤ ${info.maximum}`;
  return "";
}

export function ClearButton({ onClear, disabled }: { onClear: () => void; disabled: boolean }) {
  return (
    <button type="button" className="link form-clear" onClick={onClear} disabled={disabled}>
      remove
    </button>
  );
}
