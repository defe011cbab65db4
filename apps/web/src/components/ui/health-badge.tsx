import type { Health, HealthVerdict } from "@loupe/protocol";

const LABELS: Record<HealthVerdict, string> = {
  Current: "Healthy",
  InProgress: "In progress",
  Failed: "Failed",
  Terminating: "Terminating",
  Unknown: "Unknown",
};

/** The words a verdict is shown as. */
export function verdictLabel(verdict: HealthVerdict): string {
  return LABELS[verdict];
}

/**
 * An object's health verdict as a small colored badge, with the reason beside it when `reason` is set, and the
 * server's message (what decided it) as the tooltip. Text only: reasons and messages come from object statuses.
 */
export function HealthBadge({ health, reason = false }: { health: Health | undefined; reason?: boolean }) {
  if (!health) {
    return (
      <span className="health health-none" title="No health verdict yet">
        …
      </span>
    );
  }
  const title = `${LABELS[health.verdict]}: ${health.reason}${health.message ? ` — ${health.message}` : ""}`;
  return (
    <span className={`health health-${health.verdict}`} title={title}>
      <span className="health-dot" aria-hidden="true" />
      <span className="health-verdict">{LABELS[health.verdict]}</span>
      {reason && health.verdict !== "Current" ? <span className="health-reason">{health.reason}</span> : null}
    </span>
  );
}

/** Verdicts from best to worst, the order a sort by health uses. */
export const VERDICT_RANK: Record<HealthVerdict, number> = {
  Current: 0,
  InProgress: 1,
  Terminating: 2,
  Unknown: 3,
  Failed: 4,
};
