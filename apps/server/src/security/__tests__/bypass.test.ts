import type { Server } from "node:http";
import type { KubeConfig } from "@kubernetes/client-node";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, upstreamSpy } from "../../__tests__/upstream-spy.ts";
import { type AppOptions, buildApp } from "../../app.ts";

// Every route of the route table × every way of writing its path that a string test on the URL would miss ×
// every mode that must refuse something: no variant may reach the API server (a spy that records what reaches
// it). Enumerated from app.routeTable, so a route added later is covered without touching this file.

const SAMPLE_PARAMS: Record<string, string> = {
  context: "spy",
  group: "core",
  version: "v1",
  kind: "ConfigMap",
  "*": "api/v1/namespaces/default/configmaps/x",
};

interface Segment {
  text: string;
  literal: boolean;
}

/** A concrete path for a route pattern, segment by segment (literal segments are the route's own words). */
function sample(pattern: string): Segment[] {
  return pattern
    .split("/")
    .slice(1)
    .flatMap((part): Segment[] => {
      if (part === "*") return (SAMPLE_PARAMS["*"] ?? "").split("/").map((text) => ({ text, literal: false }));
      if (part.startsWith(":")) return [{ text: SAMPLE_PARAMS[part.slice(1)] ?? "x", literal: false }];
      return [{ text: part, literal: true }];
    });
}

const join = (segments: readonly string[]) => `/${segments.join("/")}`;

/** The path written every way that routes to the same handler (or should be refused), each with its trick. */
function variants(segments: Segment[], port: number): [string, string][] {
  const texts = segments.map((s) => s.text);
  const out: [string, string][] = [];
  texts.forEach((text, i) => {
    const at = text.search(/[a-z0-9]/i);
    if (at !== -1) {
      const hex = text.charCodeAt(at).toString(16);
      for (const encoded of [`%${hex}`, `%${hex.toUpperCase()}`]) {
        const changed = [...texts];
        changed[i] = text.slice(0, at) + encoded + text.slice(at + 1);
        out.push([`percent-encoded letter in segment ${i}`, join(changed)]);
      }
    }
    if (i > 0) {
      const before = texts.slice(0, i).join("/");
      const after = texts.slice(i).join("/");
      out.push([`encoded slash before segment ${i}`, `/${before}%2F${after}`]);
      out.push([`encoded slash (lower case) before segment ${i}`, `/${before}%2f${after}`]);
      out.push([`double slash before segment ${i}`, `/${before}//${after}`]);
      out.push([`dot segment before segment ${i}`, `/${before}/./${after}`]);
      out.push([`dot-dot segment before segment ${i}`, `/${before}/zz/../${after}`]);
      out.push([`encoded dot-dot before segment ${i}`, `/${before}/zz/%2e%2e/${after}`]);
    }
    if (segments[i]?.literal && /[a-z]/.test(text)) {
      const changed = [...texts];
      changed[i] = text.toUpperCase();
      out.push([`mixed case in segment ${i}`, join(changed)]);
    }
  });
  out.push(["leading double slash", `/${join(texts)}`]);
  out.push(["absolute-form target", `http://127.0.0.1:${port}${join(texts)}`]);
  out.push(["absolute-form target with a foreign host", `http://evil.example${join(texts)}`]);
  return out;
}

interface Mode {
  name: string;
  options: Partial<AppOptions>;
  headers: Record<string, string>;
}

const MODES: Mode[] = [
  { name: "--read-only", options: { readOnly: true }, headers: { "x-requested-with": "loupe" } },
  { name: "CSRF (no header)", options: {}, headers: {} },
  { name: "cross-origin", options: {}, headers: { "x-requested-with": "loupe", origin: "http://evil.example" } },
  {
    name: "user-token (no session)",
    options: { auth: { mode: "user-token", sessionSecret: "s".repeat(40) } },
    headers: { "x-requested-with": "loupe" },
  },
];

const BODY_TYPE: Record<string, string> = { PATCH: "application/merge-patch+json" };

let spy: { server: Server; port: number; seen: string[]; kubeConfig: KubeConfig };
beforeAll(async () => {
  spy = await upstreamSpy();
});
afterAll(async () => {
  await new Promise((resolve) => spy.server.close(resolve));
});

async function listening(options: Partial<AppOptions>): Promise<{ app: FastifyInstance; port: number }> {
  const app = await buildApp({ kubeConfig: spy.kubeConfig, ...options });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, port: (app.server.address() as { port: number }).port };
}

describe.each(MODES)("every route, every path trick, mode $name", (mode) => {
  it("is refused before any route runs: nothing reaches the API server", async () => {
    const { app, port } = await listening(mode.options);
    try {
      const before = spy.seen.length;
      const refused: string[] = [];
      let sent = 0;
      for (const route of app.routeTable) {
        const upgrade = route.method === "GET";
        for (const [trick, target] of variants(sample(route.url), port)) {
          const body = ["POST", "PUT", "PATCH"].includes(route.method) ? "{}" : undefined;
          const headers: Record<string, string> = {
            host: `127.0.0.1:${port}`,
            ...mode.headers,
            ...(body === undefined ? {} : { "content-type": BODY_TYPE[route.method] ?? "application/json" }),
          };
          const answers = [await rawRequest(port, route.method, target, headers, body)];
          if (upgrade) {
            const ws = { ...headers, connection: "upgrade", upgrade: "websocket", "sec-websocket-version": "13" };
            answers.push(
              await rawRequest(port, "GET", target, { ...ws, "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" }),
            );
          }
          for (const answer of answers) {
            sent++;
            if (![400, 403, 404].includes(answer.status)) {
              refused.push(`${route.method} ${route.url} (${trick}: ${target}) → ${answer.status}`);
            }
          }
        }
      }
      expect(
        refused,
        "every variant must be refused: 400 (not normalized), 404 (no such route) or 403 (cross-origin upgrade)",
      ).toEqual([]);
      expect(spy.seen.slice(before), "requests that reached the API server").toEqual([]);
      expect(sent).toBeGreaterThan(300);
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe("each route's own access class decides, whatever the mode", () => {
  it("refuses what the class refuses and lets through what it allows (the spy sees only those)", async () => {
    for (const mode of MODES) {
      const { app, port } = await listening(mode.options);
      try {
        for (const route of app.routeTable) {
          const target = join(sample(route.url).map((s) => s.text));
          if (route.url.includes("watch")) continue; // a plain GET of the socket path is not an upgrade
          const body = ["POST", "PUT", "PATCH"].includes(route.method) ? '{"token":"t"}' : undefined;
          const headers: Record<string, string> = {
            host: `127.0.0.1:${port}`,
            ...mode.headers,
            ...(body === undefined ? {} : { "content-type": BODY_TYPE[route.method] ?? "application/json" }),
          };
          const before = spy.seen.length;
          const answer = await rawRequest(port, route.method, target, headers, body);
          const what = `${mode.name}: ${route.method} ${route.url} (${route.access}) → ${answer.status} ${answer.body.slice(0, 120)}`;
          const expected = expectedRefusal(mode.name, route.access);
          if (expected) {
            expect(answer.status, what).toBe(expected);
            expect(spy.seen.slice(before).filter(notBackground), what).toEqual([]);
          } else {
            expect([401, 403], what).not.toContain(answer.status);
          }
        }
      } finally {
        await app.close();
      }
    }
  }, 60_000);
});

/** The catalog follows CRDs and APIServices in the background once a catalog was asked for: not the request's. */
function notBackground(seen: string): boolean {
  return !/\/(customresourcedefinitions|apiservices)\?/.test(seen);
}

/** The status a mode's request gets from a route of this class, or undefined when the class lets it through. */
function expectedRefusal(mode: string, access: string): number | undefined {
  if (mode === "--read-only" && access === "mutating") return 403;
  if (mode.startsWith("CSRF") && (access === "mutating" || access === "session")) return 403;
  if (mode === "cross-origin" && (access === "mutating" || access === "session" || access === "rpc")) return 403;
  if (mode.startsWith("user-token") && (access === "read" || access === "mutating" || access === "rpc")) return 401;
  return undefined;
}

describe("a route the spy would see", () => {
  it("reaches the API server when nothing refuses it (the spy works)", async () => {
    const { app, port } = await listening({});
    try {
      const before = spy.seen.length;
      const answer = await rawRequest(port, "GET", "/api/v1/contexts/spy/version", { host: `127.0.0.1:${port}` });
      expect(answer.status, answer.body).toBe(200);
      expect(spy.seen.slice(before)).toEqual(["GET /version"]);
    } finally {
      await app.close();
    }
  });
});
