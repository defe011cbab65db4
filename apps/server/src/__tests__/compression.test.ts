import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.ts";
import { upstreamSpy } from "./upstream-spy.ts";

let spy: Awaited<ReturnType<typeof upstreamSpy>>;
let webRoot: string;
const items = Array.from({ length: 2_000 }, (_, i) => ({ metadata: { name: `cm-${i}`, namespace: "default" } }));
beforeAll(async () => {
  spy = await upstreamSpy((_method, url) => (url === "/version" ? { body: JSON.stringify({ items }) } : {}));
  webRoot = await mkdtemp(join(tmpdir(), "loupe-web-"));
  await writeFile(join(webRoot, "index.html"), "<!doctype html><title>Loupe</title>");
  const script = `console.log(${JSON.stringify("x".repeat(4096))});`;
  await writeFile(join(webRoot, "app.js"), script);
  await writeFile(join(webRoot, "app.js.br"), brotliCompressSync(script));
  await writeFile(join(webRoot, "app.js.gz"), gzipSync(script));
});
afterAll(async () => {
  await new Promise((resolve) => spy.server.close(resolve));
  await rm(webRoot, { recursive: true, force: true });
});

describe("compression", () => {
  it("compresses large JSON answers for clients that accept it, and leaves others alone", async () => {
    const app = await buildApp({ kubeConfig: spy.kubeConfig });
    try {
      const plain = await app.inject({ url: "/api/v1/contexts/spy/version" });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      const gzip = await app.inject({ url: "/api/v1/contexts/spy/version", headers: { "accept-encoding": "gzip" } });
      expect(gzip.headers["content-encoding"]).toBe("gzip");
      expect(gzip.rawPayload.length).toBeLessThan(plain.rawPayload.length / 5);
      expect(JSON.parse(gunzipSync(gzip.rawPayload).toString("utf8"))).toEqual({ items });
      const small = await app.inject({ url: "/healthz", headers: { "accept-encoding": "gzip" } });
      expect(small.headers["content-encoding"]).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it("serves the web app's precompressed files as they are", async () => {
    const app = await buildApp({ kubeConfig: spy.kubeConfig, webRoot });
    try {
      const br = await app.inject({ url: "/app.js", headers: { "accept-encoding": "br, gzip" } });
      expect(br.statusCode).toBe(200);
      expect(br.headers["content-encoding"]).toBe("br");
      expect(br.rawPayload.length).toBeLessThan(200);
      const raw = await app.inject({ url: "/app.js" });
      expect(raw.headers["content-encoding"]).toBeUndefined();
      expect(raw.body.length).toBeGreaterThan(4096);
    } finally {
      await app.close();
    }
  });

  it("never inflates a compressed request body (a small gzip could pass every body limit)", async () => {
    const app = await buildApp({ kubeConfig: spy.kubeConfig });
    try {
      const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, " "));
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/contexts/spy/k8s/api/v1/namespaces/default/configmaps",
        headers: { "content-type": "application/json", "content-encoding": "gzip", "x-requested-with": "loupe" },
        payload: bomb,
      });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(spy.seen.some((s) => s.startsWith("POST"))).toBe(false);
    } finally {
      await app.close();
    }
  });
});
