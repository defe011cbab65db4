import { useEffect, useState } from "react";
import { useNamespaces } from "../api/list-namespaces.ts";

/** "All namespaces" or one; a free-text field when the namespaces cannot be listed (e.g. RBAC allows only one). */
export function NamespacePicker({
  context,
  value,
  onChange,
}: {
  context: string;
  value: string | undefined;
  onChange: (namespace: string | undefined) => void;
}) {
  const namespaces = useNamespaces(context);
  const [text, setText] = useState(value ?? "");
  useEffect(() => setText(value ?? ""), [value]);

  if (namespaces.isError) {
    return (
      <label className="field">
        <span>Namespace</span>
        <input
          value={text}
          placeholder="all namespaces"
          onChange={(e) => setText(e.target.value)}
          onBlur={() => onChange(text.trim() || undefined)}
          onKeyDown={(e) => {
            if (e.key === "Enter") onChange(text.trim() || undefined);
          }}
        />
      </label>
    );
  }
  const names = namespaces.data ?? [];
  const options = value !== undefined && !names.includes(value) ? [value, ...names] : names;
  return (
    <label className="field">
      <span>Namespace</span>
      <select value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">All namespaces</option>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
