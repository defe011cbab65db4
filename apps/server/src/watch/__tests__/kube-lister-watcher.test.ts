import { describe, expect, it } from "vitest";
import { decodeEvents, splitLines } from "../kube-lister-watcher.ts";
import { collectionPath } from "../watch-key.ts";

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("watch stream decoding", () => {
  it("splits newline-delimited JSON across arbitrary chunk boundaries, multi-byte characters included", async () => {
    const text = '{"a":"é"}\n\n{"b":2}\n{"c":3}';
    const bytes = new TextEncoder().encode(text);
    async function* oneByteAtATime() {
      for (const byte of bytes) yield new Uint8Array([byte]);
    }
    expect(await collect(splitLines(oneByteAtATime()))).toEqual(['{"a":"é"}', '{"b":2}', '{"c":3}']);
    expect(await collect(splitLines(chunks('{"x":1}\n{"y"', ":2}\n")))).toEqual(['{"x":1}', '{"y":2}']);
  });

  it("decodes object events, Table-row events, bookmarks and errors", async () => {
    const meta = { name: "a", namespace: "n", uid: "u", resourceVersion: "r9" };
    const row = { cells: ["a"], object: { kind: "PartialObjectMetadata", metadata: meta } };
    const lines = [
      { type: "ADDED", object: { kind: "ConfigMap", metadata: meta } },
      { type: "MODIFIED", object: { kind: "Table", metadata: { resourceVersion: "r9" }, rows: [row] } },
      { type: "BOOKMARK", object: { kind: "ConfigMap", metadata: { resourceVersion: "r10" } } },
      { type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } },
    ].map((line) => JSON.stringify(line));
    const events = await collect(decodeEvents(splitLines(chunks(`${lines.join("\n")}\n`))));
    expect(events).toEqual([
      { type: "ADDED", item: { kind: "ConfigMap", metadata: meta }, resourceVersion: "r9" },
      { type: "MODIFIED", item: row, resourceVersion: "r9" },
      { type: "BOOKMARK", resourceVersion: "r10" },
      { type: "ERROR", status: { kind: "Status", code: 410, reason: "Expired" } },
    ]);
  });

  it("breaks the stream on a line that is not a watch event", async () => {
    await expect(collect(decodeEvents(splitLines(chunks("not json\n"))))).rejects.toThrow();
    await expect(collect(decodeEvents(splitLines(chunks('{"type":"WAT","object":{}}\n'))))).rejects.toThrow("WAT");
  });

  it("builds collection paths for core and named groups, namespaced or not", () => {
    const key = { context: "c", identity: "", version: "v1", labelSelector: "", fieldSelector: "", table: false };
    expect(collectionPath({ ...key, group: "", resource: "pods", namespace: "" })).toBe("/api/v1/pods");
    expect(collectionPath({ ...key, group: "stable.example.com", resource: "crontabs", namespace: "a" })).toBe(
      "/apis/stable.example.com/v1/namespaces/a/crontabs",
    );
  });
});
