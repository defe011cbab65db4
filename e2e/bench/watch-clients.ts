import { request } from "undici";
import WebSocket from "ws";
import type { Kube } from "./kube.ts";

/**
 * The label each benchmark write sets; its value (`<run tag>.<sequence>`) stamps the event. A label, not an
 * annotation: table rows carry an object's labels but not its annotations (watch/slim-row.ts), and both the raw
 * stream and Loupe's must carry the stamp.
 */
export const STAMP = "bench.loupe.dev/seq";
const NEEDLE = Buffer.from(`"${STAMP}":"`);
const QUOTE = 0x22;
const NEWLINE = 0x0a;

/** The Accept header of a Table watch, as Loupe's reflectors send it upstream (so both sides get the same bytes). */
export const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io, application/json";

/**
 * Milliseconds on the process-wide monotonic clock (uv_hrtime), the same in every worker thread, so a send time
 * taken on the main thread and an arrival time taken in the subscribers' worker compare directly.
 */
export function stampOf(tag: string, k: number): string {
  return `${tag}.${k}`;
}

export function clockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** When each stamp was first seen by one reader (clockMs() when its bytes arrived). */
export class Arrivals {
  readonly times = new Map<string, number>();

  /** Records every stamp in `bytes`, all at `at` (when they arrived). Scans bytes: nothing is decoded or parsed. */
  record(bytes: Buffer, at: number): void {
    for (let i = bytes.indexOf(NEEDLE); i !== -1; i = bytes.indexOf(NEEDLE, i + NEEDLE.length)) {
      const start = i + NEEDLE.length;
      const end = bytes.indexOf(QUOTE, start);
      const stamp = bytes.toString("latin1", start, end);
      if (!this.times.has(stamp)) this.times.set(stamp, at);
    }
  }

  /** Arrival times of `<tag>.0` … `<tag>.<count-1>` (NaN: never seen). */
  collect(tag: string, count: number): Float64Array {
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) out[k] = this.times.get(stampOf(tag, k)) ?? Number.NaN;
    return out;
  }
}

/** What the subscribers watch: a namespaced collection, in table mode as the UI lists it. */
export interface WatchTarget {
  context: string;
  group: string;
  version: string;
  resource: string;
  namespace: string;
}

/** One WebSocket client of Loupe's watch endpoint with one subscription per target. */
export interface WatchClient {
  arrivals: Arrivals;
  close(): void;
}

/**
 * Opens a WebSocket to Loupe's `/api/v1/watch` (no Origin header: a non-browser client) and subscribes to each
 * target in table mode. Resolves once every subscription has its snapshot. The time recorded for an event is
 * when its message arrived, before anything else is done with it; events are scanned for stamps, never parsed.
 */
export async function openWatchClient(loupeUrl: string, targets: readonly WatchTarget[]): Promise<WatchClient> {
  const socket = new WebSocket(`${loupeUrl.replace(/^http/, "ws")}/api/v1/watch`, { perMessageDeflate: false });
  const arrivals = new Arrivals();
  let snapshots = 0;
  let synced: () => void = () => {};
  const allSynced = new Promise<void>((resolve) => {
    synced = resolve;
  });
  socket.on("message", (data: Buffer) => {
    const at = clockMs();
    // `{"type":"events"` / `{"type":"snapshot"`: the 10th byte tells them apart.
    const kind = data[9];
    if (kind === 0x65 /* e */ && data[10] === 0x76 /* v */) arrivals.record(data, at);
    else if (kind === 0x73 /* s */ && data[10] === 0x6e /* n */) {
      if (++snapshots === targets.length) synced();
    } else if (kind === 0x65 && data[10] === 0x72 /* r */) {
      console.error(`bench: watch error: ${data.toString("utf8", 0, 300)}`);
    }
  });
  socket.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", (error) => reject(error));
  });
  targets.forEach((target, i) => {
    socket.send(JSON.stringify({ type: "subscribe", id: `s${i}`, table: true, ...target }));
  });
  const timeout = setTimeout(() => synced(), 120_000);
  await allSynced;
  clearTimeout(timeout);
  if (snapshots < targets.length) throw new Error(`only ${snapshots} of ${targets.length} snapshots in 120 s`);
  return { arrivals, close: () => socket.close() };
}

/** The reference reader: a raw `?watch=1` stream straight from the API server. */
export interface RawWatch {
  arrivals: Arrivals;
  /** Times the API server ended the stream and it was re-opened from the last resourceVersion seen. */
  readonly reopened: number;
  close(): void;
}

/**
 * Watches `collectionPath` from its current resourceVersion, asking for the Table format with metadata exactly as
 * Loupe's reflectors do, and records stamps as chunks arrive. A stream the API server ends is re-opened from the
 * last resourceVersion seen (and counted), as a reflector would.
 */
export async function openRawWatch(kube: Kube, collectionPath: string): Promise<RawWatch> {
  const list = await kube.must<{ metadata: { resourceVersion: string } }>("GET", `${collectionPath}?limit=1`);
  let resourceVersion = list.body.metadata.resourceVersion;
  const arrivals = new Arrivals();
  const abort = new AbortController();
  let reopened = 0;

  const open = async (): Promise<void> => {
    const query = new URLSearchParams({
      watch: "1",
      allowWatchBookmarks: "true",
      includeObject: "Metadata",
      resourceVersion,
      timeoutSeconds: "3600",
    });
    const response = await request(`${kube.server}${collectionPath}?${query}`, {
      dispatcher: kube.dispatcher,
      headers: kube.headers({ accept: TABLE_ACCEPT }),
      signal: abort.signal,
      bodyTimeout: 0,
      headersTimeout: 30_000,
    });
    if (response.statusCode !== 200) throw new Error(`raw watch → ${response.statusCode}`);
    let carry = Buffer.alloc(0);
    response.body.on("data", (chunk: Buffer) => {
      const at = clockMs();
      // A stamp may straddle two chunks: an event counts as arrived when its line is complete.
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const cut = bytes.lastIndexOf(NEWLINE) + 1;
      if (cut === 0) {
        carry = Buffer.from(bytes);
        return;
      }
      arrivals.record(bytes.subarray(0, cut), at);
      resourceVersion = lastResourceVersion(bytes.subarray(0, cut)) ?? resourceVersion;
      carry = Buffer.from(bytes.subarray(cut));
    });
    response.body.on("error", () => {});
    response.body.on("end", () => {
      if (abort.signal.aborted) return;
      reopened++;
      open().catch((error) => console.error(`bench: raw watch could not be re-opened: ${error}`));
    });
  };
  await open();
  return {
    arrivals,
    get reopened() {
      return reopened;
    },
    close: () => abort.abort(),
  };
}

/** The resourceVersion of the last event in complete lines of a watch body. */
function lastResourceVersion(lines: Buffer): string | undefined {
  const end = lines.length - 1;
  const start = lines.lastIndexOf(NEWLINE, end - 1) + 1;
  try {
    const event = JSON.parse(lines.toString("utf8", start, end)) as {
      object?: {
        metadata?: { resourceVersion?: string };
        rows?: { object?: { metadata?: { resourceVersion?: string } } }[];
      };
    };
    return event.object?.rows?.[0]?.object?.metadata?.resourceVersion ?? event.object?.metadata?.resourceVersion;
  } catch {
    return undefined;
  }
}
