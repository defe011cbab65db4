import { describe, expect, it } from "vitest";
import type { KubeClient } from "../../cluster/connection.ts";
import { KubeListerWatcher } from "../kube-lister-watcher.ts";
import type { WatchKey } from "../watch-key.ts";

const KEY: WatchKey = {
  context: "c",
  identity: "",
  group: "apiextensions.k8s.io",
  version: "v1",
  resource: "customresourcedefinitions",
  namespace: "",
  labelSelector: "",
  fieldSelector: "",
  table: true,
  names: true,
};

/** A client that answers one list page and one watch stream, and records the URLs asked. */
function fakeClient(list: unknown, watchLines: unknown[]): { client: KubeClient; urls: string[] } {
  const urls: string[] = [];
  const client = {
    context: "c",
    server: "https://example.invalid",
    async getJson(path: string) {
      urls.push(path);
      return list;
    },
    async fetch(path: string) {
      urls.push(path);
      return new Response(watchLines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    },
  } as unknown as KubeClient;
  return { client, urls };
}

describe("names-only table watches (the catalog's change-following)", () => {
  it("asks for rows without objects and makes each row a name with the list's or the event's resourceVersion", async () => {
    const columns = [
      { name: "Created At", type: "date", format: "date" },
      { name: "Name", type: "string", format: "name" },
    ];
    const { client, urls } = fakeClient(
      {
        kind: "Table",
        metadata: { resourceVersion: "100" },
        columnDefinitions: columns,
        rows: [
          { cells: ["2026-01-01T00:00:00Z", "a.example.com"] },
          { cells: ["2026-01-02T00:00:00Z", "b.example.com"] },
        ],
      },
      [
        {
          type: "MODIFIED",
          object: {
            kind: "Table",
            metadata: { resourceVersion: "107" },
            rows: [{ cells: ["2026-01-01T00:00:00Z", "a.example.com"] }],
          },
        },
        { type: "BOOKMARK", object: { kind: "Table", metadata: { resourceVersion: "110" } } },
      ],
    );
    const lw = new KubeListerWatcher(client, KEY);
    const page = await lw.list({ limit: 500, continue: undefined, signal: new AbortController().signal });
    expect(urls[0]).toContain("includeObject=None");
    expect(page.items).toEqual([
      {
        cells: ["2026-01-01T00:00:00Z", "a.example.com"],
        object: expect.objectContaining({ metadata: { name: "a.example.com", resourceVersion: "100" } }),
      },
      {
        cells: ["2026-01-02T00:00:00Z", "b.example.com"],
        object: expect.objectContaining({ metadata: { name: "b.example.com", resourceVersion: "100" } }),
      },
    ]);
    const events = [];
    for await (const event of await lw.watch({
      resourceVersion: "100",
      timeoutSeconds: 60,
      signal: new AbortController().signal,
    })) {
      events.push(event);
    }
    expect(urls[1]).toContain("includeObject=None");
    expect(events).toEqual([
      {
        type: "MODIFIED",
        resourceVersion: "107",
        item: {
          cells: ["2026-01-01T00:00:00Z", "a.example.com"],
          object: expect.objectContaining({ metadata: { name: "a.example.com", resourceVersion: "107" } }),
        },
      },
      { type: "BOOKMARK", resourceVersion: "110" },
    ]);
  });
});

describe("table rows of a list", () => {
  it("keep every value when their repeated strings are shared (apiVersion, kind, namespace, the name cell)", async () => {
    const object = (name: string) => ({
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name, namespace: "team-a", uid: `uid-${name}`, resourceVersion: "5", annotations: { big: "x" } },
      spec: { size: 3 },
      status: { phase: "Ready" },
    });
    const { client, urls } = fakeClient(
      {
        kind: "Table",
        metadata: { resourceVersion: "9" },
        columnDefinitions: [{ name: "Name", type: "string", format: "name" }],
        rows: [
          { cells: ["w1"], object: object("w1") },
          { cells: ["other"], object: object("w2") },
        ],
      },
      [],
    );
    const lw = new KubeListerWatcher(client, { ...KEY, group: "example.com", resource: "widgets", names: false });
    const page = await lw.list({ limit: 500, continue: undefined, signal: new AbortController().signal });
    expect(urls[0]).toContain("includeObject=Object");
    expect(page.items.map((row) => (row as { object: unknown }).object)).toEqual([
      {
        apiVersion: "example.com/v1",
        kind: "Widget",
        metadata: { name: "w1", namespace: "team-a", uid: "uid-w1", resourceVersion: "5" },
        status: { phase: "Ready" },
      },
      {
        apiVersion: "example.com/v1",
        kind: "Widget",
        metadata: { name: "w2", namespace: "team-a", uid: "uid-w2", resourceVersion: "5" },
        status: { phase: "Ready" },
      },
    ]);
    expect(page.items.map((row) => (row as { cells: unknown[] }).cells)).toEqual([["w1"], ["other"]]);
  });
});
