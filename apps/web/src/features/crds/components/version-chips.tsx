import type { CrdVersionSummary } from "@loupe/protocol";

/**
 * A CRD's versions as small chips, in the CRD's order: the storage version bold, deprecated ones struck through,
 * unserved ones faint, and a version objects may still be stored in (status.storedVersions, not the storage one)
 * marked. Past `limit`, the rest is a count.
 */
export function VersionChips({
  versions,
  storedVersions,
  limit,
}: {
  versions: readonly CrdVersionSummary[];
  storedVersions: readonly string[];
  limit?: number;
}) {
  const shown = limit === undefined ? versions : versions.slice(0, limit);
  const rest = versions.length - shown.length;
  return (
    <span className="version-chips">
      {shown.map((v) => {
        const classes = ["vchip"];
        if (v.storage) classes.push("vchip-storage");
        if (v.deprecated) classes.push("vchip-deprecated");
        if (!v.served) classes.push("vchip-unserved");
        const stale = !v.storage && storedVersions.includes(v.name);
        if (stale) classes.push("vchip-stale");
        const notes = [
          v.served ? "served" : "not served",
          v.storage ? "storage version" : "",
          v.deprecated ? `deprecated${v.deprecationWarning ? `: ${v.deprecationWarning}` : ""}` : "",
          stale ? "objects may still be stored in this version" : "",
        ].filter(Boolean);
        return (
          <span key={v.name} className={classes.join(" ")} title={`${v.name}: ${notes.join(", ")}`}>
            {v.name}
          </span>
        );
      })}
      {rest > 0 ? <span className="muted small">+{rest}</span> : null}
    </span>
  );
}
