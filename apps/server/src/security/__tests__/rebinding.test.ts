import type { Server } from "node:http";
import type { KubeConfig } from "@kubernetes/client-node";
import { WATCH_PATH } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, upstreamSpy } from "../../__tests__/upstream-spy.ts";
import { type AppOptions, buildApp } from "../../app.ts";

// DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 talks to Loupe with
// `Host: evil.example:<port>` and, being same-origin with itself, `Origin: http://evil.example:<port>`.

let spy: { server: Server; port: number; seen: string[]; kubeConfig: KubeConfig };
beforeAll(async () => {
  spy = await upstreamSpy();
});
afterAll(async () => {
  await new Promise((resolve) => spy.server.close(resolve));
});

async function listening(options: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; port: number }> {
  const app = await buildApp({ kubeConfig: spy.kubeConfig, ...options });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, port: (app.server.address() as { port: number }).port };
}

const UPGRADE = {
  connection: "upgrade",
  upgrade: "websocket",
  "sec-websocket-version": "13",
  "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
};

describe("a foreign Host (DNS rebinding)", () => {
  it("is refused with 421 on every route, REST and WebSocket, with or without a matching Origin", async () => {
    const { app, port } = await listening();
    try {
      const before = spy.seen.length;
      const host = `evil.example:${port}`;
      const targets = new Set(
        app.routeTable.map((r) =>
          r.url
            .replace(":context", "spy")
            .replace("*", "api/v1/secrets")
            .replace(/:(\w+)/g, "x"),
        ),
      );
      for (const target of targets) {
        for (const origin of [undefined, `http://${host}`]) {
          const headers = { host, "x-requested-with": "loupe", ...(origin ? { origin } : {}) };
          for (const method of ["GET", "DELETE"]) {
            const answer = await rawRequest(port, method, target, headers);
            expect(answer.status, `${method} ${target} origin=${origin}`).toBe(421);
            expect(JSON.parse(answer.body)).toMatchObject({ code: "LOUPE_HOST_NOT_ALLOWED", statusCode: 421 });
          }
        }
      }
      for (const origin of [undefined, `http://${host}`]) {
        const answer = await rawRequest(port, "GET", WATCH_PATH, { host, ...UPGRADE, ...(origin ? { origin } : {}) });
        expect(answer.status, `upgrade origin=${origin}`).toBe(421);
      }
      expect(spy.seen.slice(before)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it("allows loopback names and addresses, and exactly the --allowed-host names", async () => {
    const { app, port } = await listening({ allowedHosts: ["loupe.example"] });
    try {
      for (const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `[::1]:${port}`,
        "loupe.example",
        "LOUPE.example:443",
      ]) {
        expect((await rawRequest(port, "GET", "/healthz", { host })).status, host).toBe(200);
      }
      for (const host of ["other.example", "loupe.example.evil.example", "evil.example", "10.1.2.3"]) {
        expect((await rawRequest(port, "GET", "/healthz", { host })).status, host).toBe(421);
      }
      const named = await rawRequest(port, "GET", WATCH_PATH, {
        host: "loupe.example",
        origin: "http://loupe.example",
        ...UPGRADE,
      });
      expect(named.status).toBe(101);
    } finally {
      await app.close();
    }
  });
});

describe("Origin checks compare with the allow-list, not with Host", () => {
  it("upgrades a WebSocket from Loupe's own page or a non-browser client, refuses any other origin", async () => {
    const { app, port } = await listening();
    try {
      const host = `127.0.0.1:${port}`;
      expect((await rawRequest(port, "GET", WATCH_PATH, { host, ...UPGRADE })).status).toBe(101);
      expect((await rawRequest(port, "GET", WATCH_PATH, { host, origin: `http://${host}`, ...UPGRADE })).status).toBe(
        101,
      );
      for (const origin of ["http://evil.example", `http://127.0.0.1:${port + 1}`, "null"]) {
        const answer = await rawRequest(port, "GET", WATCH_PATH, { host, origin, ...UPGRADE });
        expect(answer.status, origin).toBe(403);
        expect(JSON.parse(answer.body).code).toBe("LOUPE_CROSS_ORIGIN");
      }
    } finally {
      await app.close();
    }
  });

  it("refuses a mutating call from another origin, Origin null or a cross-site fetch even with the CSRF header", async () => {
    const { app, port } = await listening();
    try {
      const host = `127.0.0.1:${port}`;
      const target = "/api/v1/contexts/spy/k8s/api/v1/namespaces/default/configmaps/x";
      const before = spy.seen.length;
      const refusals: Record<string, string>[] = [
        { origin: "http://evil.example" },
        { origin: "null" },
        { "sec-fetch-site": "cross-site" },
        { "sec-fetch-site": "same-site" },
        { origin: `http://${host}`, "sec-fetch-site": "cross-site" },
      ];
      for (const extra of refusals) {
        const answer = await rawRequest(port, "DELETE", target, { host, "x-requested-with": "loupe", ...extra });
        expect(answer.status, JSON.stringify(extra)).toBe(403);
        expect(JSON.parse(answer.body).code).toBe("LOUPE_CROSS_ORIGIN");
      }
      expect(spy.seen.slice(before)).toEqual([]);
      const own = await rawRequest(port, "DELETE", target, {
        host,
        "x-requested-with": "loupe",
        origin: `http://${host}`,
        "sec-fetch-site": "same-origin",
      });
      // It reaches the route, which asks the API server's discovery what configmaps are (the spy serves none: 404).
      expect(JSON.parse(own.body).code).toBe("LOUPE_UNKNOWN_RESOURCE");
      expect(spy.seen.slice(before).length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});

describe("a path the router cannot decode", () => {
  it("gets a 400 in the uniform error shape", async () => {
    const { app, port } = await listening();
    try {
      for (const target of ["/api/%zz", "/api/v1/contexts/%E0%A4%A"]) {
        const answer = await rawRequest(port, "GET", target, { host: `127.0.0.1:${port}` });
        expect(answer.status, target).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({
          statusCode: 400,
          code: "LOUPE_BAD_URL",
          reason: "BadRequest",
        });
      }
    } finally {
      await app.close();
    }
  });
});
