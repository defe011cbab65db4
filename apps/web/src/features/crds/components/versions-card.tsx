import type { CrdObject } from "../api/get-crd.ts";

/**
 * The CRD's versions in its own order (served, storage, deprecated with its warning, printer columns,
 * subresources), and `status.storedVersions`: a version objects may still be stored in other than the storage
 * version is highlighted, since it cannot be dropped from the CRD until those objects are migrated.
 */
export function VersionsCard({ crd }: { crd: CrdObject }) {
  const stored = crd.status?.storedVersions ?? [];
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  const older = stored.filter((v) => v !== storage);
  return (
    <section className="card section" aria-labelledby="crd-versions">
      <h3 id="crd-versions">
        Versions <span className="count">{crd.spec.versions.length}</span>
      </h3>
      <p className="muted small">
        Stored versions (<code>status.storedVersions</code>): {stored.length ? stored.join(", ") : "none yet"}
      </p>
      {older.length > 0 ? (
        <p className="stored-warning" role="note">
          Objects may still be stored as <strong>{older.join(", ")}</strong> while the storage version is{" "}
          <strong>{storage}</strong>. Rewrite every object (a storage migration) and then remove {older.join(", ")} from{" "}
          <code>status.storedVersions</code> before {older.length === 1 ? "that version is" : "those versions are"}{" "}
          dropped from the CRD.
        </p>
      ) : null}
      <div className="schema-fields">
        <table className="plain-table" aria-labelledby="crd-versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Served</th>
              <th scope="col">Storage</th>
              <th scope="col">Stored</th>
              <th scope="col">Deprecated</th>
              <th scope="col">Printer columns</th>
              <th scope="col">Subresources</th>
            </tr>
          </thead>
          <tbody>
            {crd.spec.versions.map((v) => {
              const isStored = stored.includes(v.name);
              return (
                <tr key={v.name} className={isStored && !v.storage ? "stored-row" : undefined}>
                  <td>
                    <strong>{v.name}</strong>
                  </td>
                  <td>{v.served ? "yes" : <span className="muted">no</span>}</td>
                  <td>{v.storage ? <strong>storage</strong> : ""}</td>
                  <td>{isStored ? v.storage ? "yes" : <span className="vchip vchip-stale">still stored</span> : ""}</td>
                  <td className="wrap">
                    {v.deprecated ? <span className="vchip vchip-deprecated">deprecated</span> : ""}
                    {v.deprecationWarning ? <span className="muted small"> {v.deprecationWarning}</span> : null}
                  </td>
                  <td>
                    {v.additionalPrinterColumns?.map((c) => c.name).join(", ") || <span className="muted">none</span>}
                  </td>
                  <td>{Object.keys(v.subresources ?? {}).join(", ") || <span className="muted">none</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
