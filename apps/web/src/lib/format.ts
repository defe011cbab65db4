/** Display formatting shared by every view. Pure functions. */

/** kubectl's age: `45s`, `12m`, `3h4m`, `5d`, `2y30d`, from milliseconds. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
}

/** Age of an RFC 3339 timestamp at `now`; "—" when absent or unparsable. */
export function ageOf(timestamp: string | undefined | null, now: number = Date.now()): string {
  if (!timestamp) return "—";
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? "—" : formatAge(now - t);
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, y: 365 * 86400 };

/**
 * Seconds in a human duration as the API server's Table cells print ages (`5m`, `3h2m`, `2y30d`); NaN when the text
 * is not one (e.g. `<invalid>`, `<unknown>`), so sorting can put those last.
 */
export function parseHumanDuration(text: string): number {
  const match = /^(?:\d+[smhdy])+$/.test(text.trim());
  if (!match) return Number.NaN;
  let total = 0;
  for (const [, amount, unit] of text.trim().matchAll(/(\d+)([smhdy])/g)) {
    total += Number(amount) * (UNITS[unit as string] ?? 0);
  }
  return total;
}

/** Text of any Table cell value: strings as they are, numbers and booleans printed, objects as JSON, null as "". */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

const numberFormat = new Intl.NumberFormat();

/**
 * `12,345` in the user's locale. One shared formatter: `Number#toLocaleString` builds a new one per call, which
 * showed in profiles of a list's status line re-rendering while rows stream in.
 */
export function count(n: number): string {
  return numberFormat.format(n);
}
