import { useMemo, useState } from "react";
import { parse, stringify } from "yaml";
import { ClearButton, type Ctx, Field } from "./form-view.tsx";
import { describeField, emptyValue, type FieldInfo } from "./schema-nodes.ts";
import { type FieldPath, moveItem, renameKey, writeValue } from "./yaml-doc.ts";

// The form's containers: an object's section and its fields, a choice of shapes (oneOf / anyOf), and a YAML
// island for what the schema leaves open. They render Field (form-view.tsx) for each member, which renders them back.

export function Section({
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
