import type { KubeObject } from "@loupe/protocol";
import { useMemo, useState } from "react";
import { managedFieldsCount, toYaml, withoutManagedFields } from "../utils/object-yaml.ts";

/** The object as read-only YAML; managedFields folded away behind a toggle. Rendered as text in a <pre>. */
export function YamlView({ object }: { object: KubeObject }) {
  const [showManaged, setShowManaged] = useState(false);
  const managed = managedFieldsCount(object);
  const text = useMemo(() => toYaml(showManaged ? object : withoutManagedFields(object)), [object, showManaged]);
  return (
    <section className="card yaml-card" aria-label="YAML">
      <div className="yaml-bar">
        {managed > 0 ? (
          <label className="field checkbox">
            <input type="checkbox" checked={showManaged} onChange={(e) => setShowManaged(e.target.checked)} />
            <span>
              Show managedFields ({managed} {managed === 1 ? "entry" : "entries"} folded away)
            </span>
          </label>
        ) : (
          <span className="muted">No managedFields.</span>
        )}
        <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
          Copy
        </button>
      </div>
      <pre className="yaml">{text}</pre>
    </section>
  );
}
