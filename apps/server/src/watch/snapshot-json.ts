/** Entries serialized at a time: a chunk's text stays small enough to die young (V8 puts strings over ~128 KB straight into the old generation). */
const CHUNK = 128;

/**
 * `JSON.stringify(value)` as UTF-8 bytes, byte for byte, for a value whose last property is the array `key` (a
 * watch snapshot's `rows` or `items`), without ever holding the whole text as one string: a 50,000-row snapshot is
 * 22 MB of JSON, and one string of it is 22 MB of old-generation garbage the moment it is copied into the buffer.
 * The entries are serialized in small chunks twice (once to size the buffer, once to fill it): more CPU, no garbage
 * that outlives a scavenge.
 */
export function jsonBytes(value: object, key: string): Buffer {
  const entries = (value as Record<string, unknown>)[key];
  if (!Array.isArray(entries)) return Buffer.from(JSON.stringify(value));
  const empty = JSON.stringify({ ...value, [key]: [] });
  if (!empty.endsWith(`${JSON.stringify(key)}:[]}`)) return Buffer.from(JSON.stringify(value));
  const head = empty.slice(0, -2);
  const tail = "]}";
  let total = Buffer.byteLength(head) + Buffer.byteLength(tail);
  eachChunk(entries, (text, first) => {
    total += Buffer.byteLength(text) + (first ? 0 : 1);
  });
  const bytes = Buffer.allocUnsafeSlow(total);
  let at = bytes.write(head, 0);
  eachChunk(entries, (text, first) => {
    if (!first) at += bytes.write(",", at);
    at += bytes.write(text, at);
  });
  at += bytes.write(tail, at);
  return at === total ? bytes : bytes.subarray(0, at);
}

/** Calls `write` with the JSON of each chunk of `entries` without its brackets (empty chunks skipped). */
function eachChunk(entries: readonly unknown[], write: (text: string, first: boolean) => void): void {
  let first = true;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const text = JSON.stringify(entries.slice(i, i + CHUNK));
    write(text.slice(1, -1), first);
    first = false;
  }
}
