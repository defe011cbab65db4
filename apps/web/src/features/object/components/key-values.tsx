/** Labels or annotations as a list of key = value pairs, rendered as text (they are attacker-controlled). */
export function KeyValues({ title, values }: { title: string; values: Record<string, string> | undefined }) {
  const entries = Object.entries(values ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const id = `kv-${title.toLowerCase()}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>
        {title} <span className="count">{entries.length}</span>
      </h3>
      {entries.length === 0 ? (
        <p className="empty">No {title.toLowerCase()}.</p>
      ) : (
        <dl className="kv">
          {entries.map(([key, value]) => (
            <div key={key} className="kv-pair">
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
