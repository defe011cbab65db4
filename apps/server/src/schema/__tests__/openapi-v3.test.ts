import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../errors.ts";
import { KindSchemas } from "../kind-schemas.ts";
import { groupVersionPath, type JsonGetter, type OpenApiDocument, OpenApiV3Source } from "../openapi-v3.ts";

const gadgets = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "gadgets.json"), "utf8"),
) as OpenApiDocument;

/**
 * A test double of the connection: serves an index and documents from memory, counts every request by path, and
 * lets a test change what the "API server" publishes (a new hash is a changed CRD).
 */
class FakeApiServer implements JsonGetter {
  readonly requests: string[] = [];
  /** Group-version path → [hash, document]. */
  published = new Map<string, [string, OpenApiDocument]>([["apis/demo.example.com/v1", ["AAA", gadgets]]]);
  failNext = false;

  async getJson<T>(path: string): Promise<T> {
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
      return { paths } as T;
    }
    const [gv, hash] = path.replace("/openapi/v3/", "").split("?hash=");
    const entry = this.published.get(gv ?? "");
    if (!entry || entry[0] !== hash) throw new ApiError(404, "K8S_NOT_FOUND", "not found");
    return structuredClone(entry[1]) as T;
  }

  count(prefix: string): number {
    return this.requests.filter((p) => p.startsWith(prefix)).length;
  }
}

function setup(options: { indexMaxAgeMs?: number; unknownRetryMs?: number } = {}) {
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

  it("converts a kind once per document and answers again without any document request", async () => {
    const server = new FakeApiServer();
    const schemas = new KindSchemas(server, "test");
    const first = await schemas.get(gadget);
    expect(first.schema).toMatchObject({ ...gadget, jsonSchema: { $schema: expect.any(String) } });
    expect(first.schema.fields.map((f) => f.name)).toContain("spec");
    const second = await schemas.get(gadget);
    expect(second.schema).toBe(first.schema);
    expect(server.count(DOC)).toBe(1);
    const list = await schemas.get({ ...gadget, kind: "GadgetList" });
    expect(list.schema.kind).toBe("GadgetList");
    expect(server.count(DOC)).toBe(1);
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
