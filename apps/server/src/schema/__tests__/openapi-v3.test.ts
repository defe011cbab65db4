import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { KindSchema } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../errors.ts";
import { KindSchemas } from "../kind-schemas.ts";
import { groupVersionPath, type OpenApiClient, type OpenApiDocument, OpenApiV3Source } from "../openapi-v3.ts";

const gadgets = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "gadgets.json"), "utf8"),
) as OpenApiDocument;

/**
 * A test double of the connection: serves an index and documents from memory, counts every request by path, and
 * lets a test change what the "API server" publishes (a new hash is a changed CRD).
 */
class FakeApiServer implements OpenApiClient {
  readonly requests: string[] = [];
  /** Group-version path → [hash, document]. */
  published = new Map<string, [string, OpenApiDocument]>([["apis/demo.example.com/v1", ["AAA", gadgets]]]);
  failNext = false;
  /** Answers that were 304 Not Modified. */
  notModified = 0;

  async getText(path: string, etag?: string): Promise<{ text: string; etag: string | undefined } | undefined> {
    this.requests.push(path);
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      throw new ApiError(503, "LOUPE_UPSTREAM_UNAVAILABLE", "down");
    }
    if (path === "/openapi/v3") {
      const paths = Object.fromEntries(
        [...this.published].map(([gv, [hash]]) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` }]),
      );
      const text = JSON.stringify({ paths });
      const tag = `"${[...this.published].map(([gv, [hash]]) => `${gv}=${hash}`).join(",")}"`;
      if (etag === tag) {
        this.notModified++;
        return undefined;
      }
      return { text, etag: tag };
    }
    const [gv, hash] = path.replace("/openapi/v3/", "").split("?hash=");
    const entry = this.published.get(gv ?? "");
    if (!entry || entry[0] !== hash) throw new ApiError(404, "K8S_NOT_FOUND", "not found");
    return { text: JSON.stringify(entry[1]), etag: `"${hash}"` };
  }

  count(prefix: string): number {
    return this.requests.filter((p) => p.startsWith(prefix)).length;
  }
}

function setup(options: { indexMaxAgeMs?: number; unknownRetryMs?: number; maxDocumentBytes?: number } = {}) {
  const server = new FakeApiServer();
  let now = 1_000_000;
  const clock = {
    advance: (ms: number) => {
      now += ms;
    },
  };
  const source = new OpenApiV3Source(server, { ...options, now: () => now });
  return { server, source, clock };
}

const DOC = "/openapi/v3/apis/";

describe("OpenApiV3Source", () => {
  it("names group-versions as the index does", () => {
    expect(groupVersionPath("", "v1")).toBe("api/v1");
    expect(groupVersionPath("apps", "v1")).toBe("apis/apps/v1");
  });

  it("fetches the index, then the document by its hashed URL, once", async () => {
    const { server, source } = setup();
    const first = await source.document("apis/demo.example.com/v1");
    expect(first?.hash).toBe("AAA");
    expect(server.requests).toEqual(["/openapi/v3", "/openapi/v3/apis/demo.example.com/v1?hash=AAA"]);
    const second = await source.document("apis/demo.example.com/v1");
    expect(second?.document).toBe(first?.document);
    expect(server.requests).toHaveLength(2);
  });

  it("revalidates the index with its ETag: an unchanged index is a 304, and the cached document stays", async () => {
    const { server, source, clock } = setup({ indexMaxAgeMs: 5_000 });
    const first = await source.document("apis/demo.example.com/v1");
    clock.advance(5_000);
    const second = await source.document("apis/demo.example.com/v1");
    expect(server.notModified).toBe(1);
    expect(second?.document).toBe(first?.document);
    expect(server.count(DOC)).toBe(1);
  });

  it("keeps documents within maxDocumentBytes, least recently used out first, and fetches an evicted one again", async () => {
    const size = JSON.stringify(gadgets).length;
    const { server, source } = setup({ maxDocumentBytes: Math.floor(size * 2.5) });
    for (const g of ["a", "b", "c"]) server.published.set(`apis/${g}.example.com/v1`, [g.toUpperCase(), gadgets]);
    await source.document("apis/a.example.com/v1");
    await source.document("apis/b.example.com/v1");
    await source.document("apis/a.example.com/v1"); // a is now the most recently used
    await source.document("apis/c.example.com/v1"); // b goes
    expect(source.cachedBytes).toBeLessThanOrEqual(size * 2.5);
    expect(server.count("/openapi/v3/apis/")).toBe(3);
    await source.document("apis/a.example.com/v1");
    expect(server.count("/openapi/v3/apis/")).toBe(3);
    await source.document("apis/b.example.com/v1");
    expect(server.requests.at(-1)).toBe("/openapi/v3/apis/b.example.com/v1?hash=B");
    expect(server.count("/openapi/v3/apis/")).toBe(4);
  });

  it("keeps no document larger than the whole budget, yet answers it", async () => {
    const { server, source } = setup({ maxDocumentBytes: 100 });
    expect((await source.document("apis/demo.example.com/v1"))?.hash).toBe("AAA");
    expect(source.cachedBytes).toBe(0);
    await source.document("apis/demo.example.com/v1");
    expect(server.count(DOC)).toBe(2);
  });

  it("shares one request among concurrent callers", async () => {
    const { server, source } = setup();
    await Promise.all([1, 2, 3].map(() => source.document("apis/demo.example.com/v1")));
    expect(server.requests).toHaveLength(2);
  });

  it("revalidates an old index and refetches a document only when its hash changed", async () => {
    const { server, source, clock } = setup({ indexMaxAgeMs: 5_000 });
    await source.document("apis/demo.example.com/v1");
    clock.advance(4_999);
    await source.document("apis/demo.example.com/v1");
    expect(server.count("/openapi/v3")).toBe(2); // index + document
    clock.advance(1);
    await source.document("apis/demo.example.com/v1");
    expect([server.count("/openapi/v3"), server.count(DOC)]).toEqual([3, 1]); // same hash: index only

    server.published.set("apis/demo.example.com/v1", ["BBB", gadgets]); // the CRD changed
    clock.advance(5_000);
    const changed = await source.document("apis/demo.example.com/v1");
    expect(changed?.hash).toBe("BBB");
    expect(server.requests.at(-1)).toBe("/openapi/v3/apis/demo.example.com/v1?hash=BBB");
  });

  it("refetches the index for an unknown group-version, at most every unknownRetryMs", async () => {
    const { server, source, clock } = setup({ unknownRetryMs: 2_000 });
    expect(await source.document("apis/new.example.com/v1")).toBeUndefined();
    expect(await source.document("apis/new.example.com/v1")).toBeUndefined();
    expect(server.requests).toEqual(["/openapi/v3"]);

    server.published.set("apis/new.example.com/v1", ["CCC", gadgets]); // a CRD was created
    clock.advance(1_999);
    expect(await source.document("apis/new.example.com/v1")).toBeUndefined();
    clock.advance(1);
    expect((await source.document("apis/new.example.com/v1"))?.hash).toBe("CCC");
    expect(server.requests).toEqual(["/openapi/v3", "/openapi/v3", "/openapi/v3/apis/new.example.com/v1?hash=CCC"]);
  });

  it("does not cache a failure", async () => {
    const { server, source } = setup();
    server.failNext = true;
    await expect(source.document("apis/demo.example.com/v1")).rejects.toMatchObject({ statusCode: 503 });
    expect((await source.document("apis/demo.example.com/v1"))?.hash).toBe("AAA");
  });
});

describe("KindSchemas", () => {
  const gadget = { group: "demo.example.com", version: "v1", kind: "Gadget" };

  const parse = (body: Buffer) => JSON.parse(body.toString("utf8")) as KindSchema;

  it("converts a kind once per document and answers the same bytes again without any document request", async () => {
    const server = new FakeApiServer();
    const schemas = new KindSchemas(server, "test");
    const first = await schemas.get(gadget);
    expect(parse(first.body)).toMatchObject({ ...gadget, jsonSchema: { $schema: expect.any(String) } });
    expect(parse(first.body).fields.map((f) => f.name)).toContain("spec");
    const second = await schemas.get(gadget);
    expect(second.body).toBe(first.body);
    expect(server.count(DOC)).toBe(1);
    const list = await schemas.get({ ...gadget, kind: "GadgetList" });
    expect(parse(list.body).kind).toBe("GadgetList");
    expect(server.count(DOC)).toBe(1);
  });

  it("gzips a schema once and answers the same gzip bytes again", async () => {
    const schemas = new KindSchemas(new FakeApiServer(), "test");
    const found = await schemas.get(gadget);
    const zipped = await found.gzipped();
    expect(gunzipSync(zipped).equals(found.body)).toBe(true);
    expect(await (await schemas.get(gadget)).gzipped()).toBe(zipped);
  });

  it("converts again when the document's hash changed (the CRD changed)", async () => {
    let now = 0;
    const server = new FakeApiServer();
    const schemas = new KindSchemas(server, "test", { now: () => now });
    const first = await schemas.get(gadget);
    server.published.set("apis/demo.example.com/v1", ["BBB", gadgets]);
    now += 10_000;
    const second = await schemas.get(gadget);
    expect(second.hash).toBe("BBB");
    expect(second.body).not.toBe(first.body);
    expect(server.count(DOC)).toBe(2);
  });

  it("answers a 404 ApiError for an unknown kind or group-version", async () => {
    const schemas = new KindSchemas(new FakeApiServer(), "test");
    for (const gvk of [
      { ...gadget, kind: "Gizmo" },
      { ...gadget, version: "v2" },
      { group: "", version: "v1", kind: "ConfigMap" },
    ]) {
      const error = await schemas.get(gvk).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ statusCode: 404, code: "LOUPE_KIND_NOT_FOUND", reason: "NotFound" });
    }
  });
});
