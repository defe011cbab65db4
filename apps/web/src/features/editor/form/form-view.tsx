import { useMemo, useState } from "react";
import { parse, stringify } from "yaml";
import { describeField, emptyValue, type FieldInfo, type Schema } from "./schema-nodes.ts";
import { type FieldPath, moveItem, renameKey, writeValue } from "./yaml-doc.ts";

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

interface Ctx {
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

function Field({
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

function ClearButton({ onClear, disabled }: { onClear: () => void; disabled: boolean }) {
  return (
    <button type="button" className="link form-clear" onClick={onClear} disabled={disabled}>
      remove
    </button>
  );
}

function Section({
  ctx,
  info,
  label,
  description,
  path,
  value,
  depth,
  required,
  onSet,
}: {
  ctx: Ctx;
  info: FieldInfo;
  label: React.ReactNode;
  description: string | undefined;
  path: FieldPath;
  value: unknown;
  depth: number;
  required: boolean;
  onSet: (value: unknown) => void;
}) {
  // Children render only when open: a 2.8 MB schema costs one row per top-level field until opened.
  const [open, setOpen] = useState(depth === 0 && value !== undefined && path[0] !== "metadata");
  const absent = value === undefined;
  return (
    <details
      className="form-section"
      open={open}
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
      data-path={path.join(".")}
    >
      <summary>
        {label}
        {absent ? <span className="muted"> — not set</span> : null}
      </summary>
      {description ? <p className="muted form-description">{description}</p> : null}
      {open ? (
        absent ? (
          <button type="button" onClick={() => onSet(emptyValue(info))} disabled={ctx.readOnly}>
            Add {String(path[path.length - 1])}
            {info.default !== undefined ? " (with its default)" : ""}
          </button>
        ) : (
          <SectionBody
            ctx={ctx}
            info={info}
            path={path}
            value={value}
            depth={depth}
            onSet={onSet}
            required={required}
          />
        )
      ) : null}
    </details>
  );
}

function SectionBody({
  ctx,
  info,
  path,
  value,
  depth,
  onSet,
  required,
}: {
  ctx: Ctx;
  info: FieldInfo;
  path: FieldPath;
  value: unknown;
  depth: number;
  onSet: (value: unknown) => void;
  required: boolean;
}) {
  const remove = required ? null : <ClearButton onClear={() => onSet(undefined)} disabled={ctx.readOnly} />;
  if (info.kind === "object" && isRecord(value)) {
    return (
      <div className="form-children">
        {(info.properties ?? []).map(([name, schema]) => (
          <Field
            key={name}
            ctx={ctx}
            name={name}
            path={[...path, name]}
            schema={schema}
            value={value[name]}
            required={info.required?.has(name) ?? false}
            depth={depth + 1}
          />
        ))}
        {remove}
      </div>
    );
  }
  if (info.kind === "array" && Array.isArray(value)) {
    const items = info.items ?? {};
    return (
      <div className="form-children">
        {value.map((item, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity but their place.
          <div className="form-item" key={index}>
            <Field
              ctx={ctx}
              name={`[${index}]`}
              path={[...path, index]}
              schema={items}
              value={item}
              required
              depth={depth + 1}
            />
            <span className="form-item-actions">
              <button
                type="button"
                aria-label={`Move ${path.join(".")}[${index}] up`}
                disabled={ctx.readOnly || index === 0}
                onClick={() => ctx.onChange(moveItem(ctx.text, path, index, index - 1))}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${path.join(".")}[${index}] down`}
                disabled={ctx.readOnly || index === value.length - 1}
                onClick={() => ctx.onChange(moveItem(ctx.text, path, index, index + 1))}
              >
                ↓
              </button>
              <button
                type="button"
                aria-label={`Remove ${path.join(".")}[${index}]`}
                disabled={ctx.readOnly}
                onClick={() => ctx.onChange(writeValue(ctx.text, [...path, index], undefined))}
              >
                ✕
              </button>
            </span>
          </div>
        ))}
        <button
          type="button"
          disabled={ctx.readOnly}
          onClick={() => onSet([...value, emptyValue(describeField(items, ctx.root))])}
        >
          Add item
        </button>
        {remove}
      </div>
    );
  }
  if (info.kind === "map" && isRecord(value)) {
    const values = info.values ?? {};
    return (
      <div className="form-children">
        {Object.entries(value).map(([key, item]) => (
          <div className="form-item form-map-entry" key={key}>
            <input
              aria-label={`Key of ${path.join(".")}.${key}`}
              defaultValue={key}
              disabled={ctx.readOnly}
              onBlur={(e) => e.target.value !== key && ctx.onChange(renameKey(ctx.text, path, key, e.target.value))}
            />
            <Field ctx={ctx} name="" path={[...path, key]} schema={values} value={item} required depth={depth + 1} />
            <button
              type="button"
              aria-label={`Remove ${path.join(".")}.${key}`}
              disabled={ctx.readOnly}
              onClick={() => ctx.onChange(writeValue(ctx.text, [...path, key], undefined))}
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          disabled={ctx.readOnly}
          onClick={() => onSet({ ...value, [newKey(value)]: emptyValue(describeField(values, ctx.root)) })}
        >
          Add entry
        </button>
        {remove}
      </div>
    );
  }
  if (info.kind === "choice")
    return <Choice ctx={ctx} info={info} path={path} value={value} depth={depth} remove={remove} />;
  return <Island ctx={ctx} info={info} path={path} value={value} remove={remove} />;
}

function newKey(value: Record<string, unknown>): string {
  for (let i = 1; ; i++) if (!(`key${i}` in value)) return `key${i}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** oneOf/anyOf: the shape the value has (the first whose required fields it has), switchable. */
function Choice({
  ctx,
  info,
  path,
  value,
  depth,
  remove,
}: {
  ctx: Ctx;
  info: FieldInfo;
  path: FieldPath;
  value: unknown;
  depth: number;
  remove: React.ReactNode;
}) {
  const branches = info.branches ?? [];
  const names = branches.map((b, i) =>
    typeof b.title === "string"
      ? b.title
      : Array.isArray(b.required) && b.required.length
        ? `with ${b.required.join(", ")}`
        : `shape ${i + 1}${typeof b.type === "string" ? ` (${b.type})` : ""}`,
  );
  const matching = branches.findIndex(
    (b) => isRecord(value) && Array.isArray(b.required) && b.required.every((k) => k in value),
  );
  const [picked, setPicked] = useState(Math.max(matching, 0));
  const shape = {
    ...info.schema,
    anyOf: undefined,
    oneOf: undefined,
    ...branches[picked],
    properties: { ...((info.schema.properties as object) ?? {}), ...((branches[picked]?.properties as object) ?? {}) },
  };
  return (
    <div className="form-children">
      <label>
        Shape{" "}
        <select
          aria-label={`Shape of ${path.join(".")}`}
          value={picked}
          disabled={ctx.readOnly}
          onChange={(e) => setPicked(Number(e.target.value))}
        >
          {names.map((n, i) => (
            <option key={n} value={i}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <SectionBody
        ctx={ctx}
        info={describeField(shape, ctx.root)}
        path={path}
        value={value}
        depth={depth}
        onSet={(v) => ctx.onChange(writeValue(ctx.text, path, v))}
        required
      />
      {remove}
    </div>
  );
}

/** What the schema leaves open, edited as YAML; applied when it parses. */
function Island({
  ctx,
  info,
  path,
  value,
  remove,
}: {
  ctx: Ctx;
  info: FieldInfo;
  path: FieldPath;
  value: unknown;
  remove: React.ReactNode;
}) {
  const shown = useMemo(() => stringify(value, { lineWidth: 0 }), [value]);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="form-children form-island">
      <p className="muted">Edited as YAML: {info.island}.</p>
      <textarea
        aria-label={`YAML of ${path.join(".")}`}
        value={draft ?? shown}
        rows={Math.min(12, Math.max(3, (draft ?? shown).split("\n").length))}
        disabled={ctx.readOnly}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (draft === null) return;
          try {
            ctx.onChange(writeValue(ctx.text, path, parse(draft)));
            setDraft(null);
            setProblem(null);
          } catch (error) {
            setProblem((error as Error).message.split("\n")[0] ?? "not YAML");
          }
        }}
      />
      {problem ? (
        <p role="alert" className="warning">
          {problem}
        </p>
      ) : null}
      {remove}
    </div>
  );
}
