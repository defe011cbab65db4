import type { KubeObject } from "@loupe/protocol";
import { decodeSecretValue } from "../utils/decode.ts";

type Values = Record<string, unknown> | undefined;

/**
 * The keys of a Secret's `data` and `stringData`, each with its masked form, or, once revealed, its decoded text
 * (binary values only by size). `masked` is the object as the page holds it; `revealed` the one read on Reveal.
 * Everything is rendered as text.
 */
export function SecretDataCard({ masked, revealed }: { masked: KubeObject; revealed: KubeObject | undefined }) {
  const source = revealed ?? masked;
  const data = source.data as Values;
  const stringData = source.stringData as Values;
  const rows = [
    ...Object.entries(data ?? {}).map(([key, value]) => ({ key, value, base64: true })),
    ...Object.entries(stringData ?? {}).map(([key, value]) => ({ key: `${key} (stringData)`, value, base64: false })),
  ].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <section className="card" aria-labelledby="secret-data-heading">
      <h3 id="secret-data-heading">
        Data <span className="count">{rows.length}</span>
      </h3>
      <p className="muted small">Type {String(source.type ?? "Opaque")}</p>
      {rows.length === 0 ? (
        <p className="empty">No data.</p>
      ) : (
        <dl className="kv secret-data">
          {rows.map(({ key, value, base64 }) => (
            <div key={key} className="kv-pair">
              <dt>{key}</dt>
              <dd>{revealed ? <Shown value={value} base64={base64} /> : String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Shown({ value, base64 }: { value: unknown; base64: boolean }) {
  const text = String(value ?? "");
  if (!base64) return <span className="secret-value">{text}</span>;
  const decoded = decodeSecretValue(text);
  if (!decoded) return <span className="secret-value">{text} (not valid base64)</span>;
  if (decoded.kind === "binary") return <span className="muted">binary, {decoded.bytes} bytes</span>;
  return <span className="secret-value">{decoded.text}</span>;
}
