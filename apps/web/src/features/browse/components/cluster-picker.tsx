import { useState } from "react";
import { useContextNames } from "../hooks/use-other-clusters.ts";

/**
 * Chooses further kubeconfig contexts whose rows join this table (same resource, namespace and selectors), each
 * row marked by a Cluster column. The page's own context is always in.
 */
export function ClusterPicker({
  context,
  chosen,
  onChange,
}: {
  context: string;
  chosen: readonly string[];
  onChange: (contexts: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const names = useContextNames().filter((name) => name !== context);
  if (names.length === 0) return null;
  return (
    <div className="cluster-picker">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Clusters{chosen.length > 0 ? ` (${chosen.length + 1})` : ""}
      </button>
      {open ? (
        <fieldset className="cluster-panel">
          <legend>Also show this list from</legend>
          {names.map((name) => (
            <label key={name} className="field checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(name)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, name] : chosen.filter((c) => c !== name))}
              />
              <span>{name}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
