import type { Health } from "@loupe/protocol";

/** A health verdict as a small badge, its reason and message in the tooltip. Text only (never HTML). */
export function HealthVerdict({ health }: { health: Health | undefined }) {
  if (!health) return <span className="muted">—</span>;
  const title = [health.reason, health.message].filter(Boolean).join(": ");
  return (
    <span className={`verdict verdict-${health.verdict.toLowerCase()}`} title={title}>
      {health.verdict}
    </span>
  );
}
