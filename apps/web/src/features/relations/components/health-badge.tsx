import type { Health } from "@loupe/protocol";

/** An object's health verdict as a coloured dot with the verdict in words (for screen readers and on hover). */
export function HealthBadge({ health, missing }: { health?: Health; missing?: boolean }) {
  if (missing) {
    return (
      <span className="health health-Failed" title="Missing: the field must name an existing object">
        <span aria-hidden="true">●</span> missing
      </span>
    );
  }
  if (!health) return null;
  const title = [health.verdict, health.reason, health.message].filter(Boolean).join(" — ");
  return (
    <span className={`health health-${health.verdict}`} title={title}>
      <span aria-hidden="true">●</span> {health.verdict}
    </span>
  );
}
