/**
 * Secret values never enter the UI's state unmasked (DESIGN §7): every REST answer (lib/api.ts) and every watch
 * message (lib/socket.ts) goes through {@link maskSecrets} before anything holds it, so no view, history or activity
 * log can show or keep a value. Only an explicit per-object Reveal (features/secrets) reads a Secret unmasked.
 *
 * A value becomes a mask that keeps its key, says it is masked, gives its size (as `kubectl describe` does) and a
 * short hash salted per tab: a changed value still shows as changed in a diff, and the hash cannot be looked up in
 * a table computed elsewhere. What is masked in a core/v1 Secret: `data`, `stringData`, and the values inside the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation (it holds the applied Secret as JSON). That
 * annotation is also masked on an object that is not known to be a Secret (a Table row's metadata) when its JSON
 * says it is one. Pure: the input is never changed, and what needs no mask is returned as the same reference.
 */

/** The start of every mask: a value starting with it is never a real one (the editor refuses to save it). */
export const MASK_PREFIX = "•••• masked";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export interface MaskOptions {
  /** The caller knows the objects are core/v1 Secrets (a Secret URL or watch), even where they do not say so. */
  secrets?: boolean;
  /** Salt of the hashes; default: random per page load. Tests pass one. */
  salt?: string;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const tabSalt = (() => {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
})();

/** 24 bits of a salted FNV-1a hash, as 6 hex digits: enough to tell values apart, too short to identify one. */
function shortHash(text: string, salt: string): string {
  let h = 0x811c9dc5;
  const input = `${salt}\u0000${text}`;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h >>> 8).toString(16).padStart(6, "0");
}

/** Bytes a base64 text decodes to (without decoding it). */
function base64Bytes(text: string): number {
  const clean = text.replace(/\s/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** The mask of one value; `base64` for `data` (the size is of the decoded bytes). A mask is left as it is. */
export function maskValue(value: unknown, options: { base64: boolean; salt?: string }): string {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  if (text.startsWith(MASK_PREFIX)) return text;
  const bytes = options.base64 && typeof value === "string" ? base64Bytes(text) : utf8Bytes(text);
  return `${MASK_PREFIX} (${bytes} ${bytes === 1 ? "byte" : "bytes"}, ${shortHash(text, options.salt ?? tabSalt)})`;
}

/** True when `text` is (or starts as) a mask. */
export const isMask = (text: unknown): boolean => typeof text === "string" && text.startsWith(MASK_PREFIX);

/** True when `object` says it is a core/v1 Secret. */
export function isSecretObject(object: unknown): boolean {
  return (
    isRecord(object) && object.kind === "Secret" && (object.apiVersion === "v1" || object.apiVersion === undefined)
  );
}

/** True for the core group's `secrets` resource. */
export const isSecretsResource = (ref: { group: string; resource: string }): boolean =>
  ref.group === "" && ref.resource === "secrets";

function maskMap(map: unknown, base64: boolean, salt: string | undefined): unknown {
  if (!isRecord(map)) return map === undefined || map === null ? map : maskValue(map, { base64, salt });
  const out: Json = {};
  for (const [key, value] of Object.entries(map)) out[key] = maskValue(value, { base64, salt });
  return out;
}

/** The data-bearing fields of a Secret (`data`, `stringData`) masked, nothing else touched. */
function maskSecretFields(object: Json, salt: string | undefined): Json {
  if (!("data" in object) && !("stringData" in object)) return object;
  const out = { ...object };
  if ("data" in out) out.data = maskMap(out.data, true, salt);
  if ("stringData" in out) out.stringData = maskMap(out.stringData, false, salt);
  return out;
}

/** The last-applied annotation's text with the applied Secret's values masked; undefined when it is no Secret. */
function maskLastApplied(text: string, known: boolean, salt: string | undefined): string | undefined {
  if (!known && !/"kind"\s*:\s*"Secret"/.test(text)) return undefined;
  let applied: unknown;
  try {
    applied = JSON.parse(text);
  } catch {
    return known ? maskValue(text, { base64: false, salt }) : undefined;
  }
  if (!isRecord(applied) || !(known || isSecretObject(applied))) {
    return known ? maskValue(text, { base64: false, salt }) : undefined;
  }
  const masked = JSON.stringify(maskSecretFields(applied, salt));
  return text.endsWith("\n") ? `${masked}\n` : masked;
}

/** One object (a whole one, or a Table row's metadata-only one) with any Secret value masked. */
export function maskObject<T>(object: T, options: MaskOptions = {}): T {
  if (!isRecord(object)) return object;
  const known = options.secrets === true || isSecretObject(object);
  let out: Json = known ? maskSecretFields(object, options.salt) : object;
  const metadata = out.metadata;
  const annotations = isRecord(metadata) ? metadata.annotations : undefined;
  const applied = isRecord(annotations) ? annotations[LAST_APPLIED] : undefined;
  if (typeof applied === "string" && isRecord(metadata) && isRecord(annotations)) {
    const masked = maskLastApplied(applied, known, options.salt);
    if (masked !== undefined && masked !== applied) {
      out = { ...out, metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: masked } } };
    }
  }
  return out as T;
}

function mapArray(list: unknown[], each: (item: unknown) => unknown): unknown[] {
  let changed = false;
  const out = list.map((item) => {
    const next = each(item);
    if (next !== item) changed = true;
    return next;
  });
  return changed ? out : list;
}

function maskRow(row: unknown, options: MaskOptions): unknown {
  if (!isRecord(row) || !("object" in row)) return row;
  const object = maskObject(row.object, options);
  return object === row.object ? row : { ...row, object };
}

/**
 * Whatever Loupe's server answers or streams, with every Secret value in it masked: one object, a list (`items`),
 * a Table (`rows[].object`), or a watch message (snapshot `items`/`rows`, `events[].object|row`). A list of
 * SecretList kind counts as Secrets.
 */
export function maskSecrets<T>(value: T, options: MaskOptions = {}): T {
  if (!isRecord(value)) return value;
  const secrets = options.secrets === true || value.kind === "SecretList";
  const inner = { ...options, secrets };
  const single = "metadata" in value && value.kind !== "Table" && !Array.isArray(value.items);
  let out: Json = single ? maskObject(value, options) : value;
  const replace = (key: string, next: unknown) => {
    if (next !== out[key]) out = { ...out, [key]: next };
  };
  if (Array.isArray(out.items))
    replace(
      "items",
      mapArray(out.items, (item) => maskObject(item, inner)),
    );
  if (Array.isArray(out.rows))
    replace(
      "rows",
      mapArray(out.rows, (row) => maskRow(row, inner)),
    );
  if (Array.isArray(out.events)) {
    replace(
      "events",
      mapArray(out.events, (event) => {
        if (!isRecord(event)) return event;
        if ("row" in event) {
          const row = maskRow(event.row, inner);
          return row === event.row ? event : { ...event, row };
        }
        const object = maskObject(event.object, inner);
        return object === event.object ? event : { ...event, object };
      }),
    );
  }
  if (!("metadata" in value) && isRecord(out.object)) replace("object", maskObject(out.object, inner));
  return out as T;
}

/** The paths under `object` whose value is a mask (`data.password`): an object holding one must never be saved. */
export function maskedPaths(object: unknown, path = ""): string[] {
  if (isMask(object)) return [path || "(root)"];
  if (Array.isArray(object)) return object.flatMap((item, i) => maskedPaths(item, `${path}[${i}]`));
  if (!isRecord(object)) return [];
  return Object.entries(object).flatMap(([key, value]) => maskedPaths(value, path ? `${path}.${key}` : key));
}

/** True when a Loupe REST URL addresses core/v1 Secrets (`…/k8s/api/v1/[namespaces/<ns>/]secrets[/<name>]`). */
export function isSecretsUrl(url: string): boolean {
  const path = url.split(/[?#]/)[0] ?? "";
  const match = /^\/api\/v1\/contexts\/[^/]*\/k8s\/(.*)$/.exec(path);
  return match !== null && isSecretsK8sPath(match[1] ?? "");
}

/** True when a Kubernetes path (`api/v1/namespaces/<ns>/secrets[/<name>]`, as k8sPath makes it) is of Secrets. */
export function isSecretsK8sPath(k8sPath: string): boolean {
  let segments: string[];
  try {
    segments = k8sPath
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s));
  } catch {
    return k8sPath.startsWith("api/"); // unreadable core path: mask rather than guess
  }
  if (segments[0] !== "api" || segments[1] !== "v1") return false;
  const rest = segments[2] === "namespaces" ? segments.slice(4) : segments.slice(2);
  return rest[0] === "secrets";
}
