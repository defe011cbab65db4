import type { ContextInfo } from "@loupe/protocol";

/** The kubeconfig context switcher: every context is a cluster; switching needs no reload. */
export function ContextPicker({
  contexts,
  value,
  onChange,
}: {
  contexts: ContextInfo[];
  value: string | null;
  onChange: (name: string) => void;
}) {
  return (
    <label className="context-picker">
      <span>Context</span>
      <select value={value ?? ""} onChange={(event) => onChange(event.target.value)}>
        {contexts.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
