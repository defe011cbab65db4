import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pollHealthz, prepareOffThread } from "./off-thread.ts";
import { appFor, unique } from "./support.ts";
import { aliasBombYaml, deepBlockYaml, deepFlowYaml, wideYaml } from "./yaml-bombs.ts";

// Issue 13, item 3: a YAML body that is costly to parse must not stall anyone else. The server really listens and
// the bodies go over HTTP, while a second client (in its own thread) asks /healthz every 50 ms.
const cluster = inject("cluster");
const namespace = unique("bombs");
let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  app = await appFor(cluster.kubeconfigPath);
  await app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const created = await send("POST", "api/v1/namespaces", JSON.stringify({ metadata: { name: namespace } }));
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await send("DELETE", `api/v1/namespaces/${namespace}`);
  await app.close();
});

async function send(method: string, path: string, body?: string, contentType = "application/json") {
  const response = await fetch(`${baseUrl}/api/v1/contexts/loupe-local/k8s/${path}`, {
    method,
    headers: { "x-requested-with": "loupe", ...(body === undefined ? {} : { "content-type": contentType }) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const configmaps = () => `api/v1/namespaces/${namespace}/configmaps`;
const create = (yaml: string) => send("POST", configmaps(), yaml, "application/yaml");
const apply = (name: string, yaml: string) =>
  send("PATCH", `${configmaps()}/${name}?fieldManager=bomb-test`, yaml, "application/apply-patch+yaml");

interface Bomb {
  title: string;
  /** The request: POST (create) or PATCH (apply) to the test's ConfigMaps, and its YAML body. */
  verb: "create" | "apply";
  body: () => string;
  status: number;
  code: string;
  message: RegExp;
}

const bombs: Bomb[] = [
  {
    title: "wide map (20,000 keys, 318 KB) as application/yaml",
    verb: "create",
    body: () => wideYaml("wide", 20_000),
    status: 413,
    code: "LOUPE_YAML_TOO_MANY_NODES",
    message: /more than 20000 nodes/,
  },
  {
    title: "wide map (20,000 keys) as application/apply-patch+yaml",
    verb: "apply",
    body: () => wideYaml("wide", 20_000),
    status: 413,
    code: "LOUPE_YAML_TOO_MANY_NODES",
    message: /more than 20000 nodes/,
  },
  {
    title: "wide map of ~3 MB (170,000 keys)",
    verb: "create",
    body: () => wideYaml("huge", 170_000),
    status: 413,
    code: "LOUPE_YAML_TOO_MANY_NODES",
    message: /more than 20000 nodes/,
  },
  {
    title: "1,000 block maps nested by indentation (1 MB)",
    verb: "create",
    body: () => deepBlockYaml("deep", 1_000),
    status: 400,
    code: "LOUPE_YAML_TOO_DEEP",
    message: /deeper than 100 levels/,
  },
  {
    title: "10,000 flow sequences nested in one line",
    verb: "apply",
    body: () => deepFlowYaml("deep", 10_000),
    status: 400,
    code: "LOUPE_YAML_TOO_DEEP",
    message: /deeper than 100 levels/,
  },
  {
    title: "billion laughs (9 anchors × 9 aliases)",
    verb: "create",
    body: () => aliasBombYaml("laughs"),
    status: 400,
    code: "LOUPE_YAML_TOO_MANY_ALIASES",
    message: /alias/,
  },
];

describe("YAML bombs while another client polls /healthz every 50 ms", () => {
  it.each(bombs)("$title → $status $code, and no /healthz poll waits more than 100 ms", async (bomb) => {
    // The body is made, and handed to the sending thread, before the measuring starts.
    const path = bomb.verb === "create" ? configmaps() : `${configmaps()}/bomb?fieldManager=bomb-test`;
    const request = await prepareOffThread(`${baseUrl}/api/v1/contexts/loupe-local/k8s/${path}`, {
      method: bomb.verb === "create" ? "POST" : "PATCH",
      headers: {
        "x-requested-with": "loupe",
        "content-type": bomb.verb === "create" ? "application/yaml" : "application/apply-patch+yaml",
      },
      body: bomb.body(),
    });
    const poller = await pollHealthz(baseUrl, 50);
    const response = await request.send();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const waits = await poller.stop();
    const worst = Math.max(...waits);
    console.log(
      `${bomb.title}: answered ${response.status} in ${response.ms.toFixed(0)} ms; /healthz worst ${worst.toFixed(1)} ms over ${waits.length} polls`,
    );

    expect(response.body).toEqual({
      statusCode: bomb.status,
      code: bomb.code,
      error: bomb.status === 413 ? "Payload Too Large" : "Bad Request",
      message: expect.stringMatching(bomb.message),
      reason: bomb.status === 413 ? "RequestEntityTooLarge" : "BadRequest",
    });
    expect(response.status).toBe(bomb.status);
    expect(waits.length).toBeGreaterThan(1);
    expect(worst).toBeLessThan(100);
  });
});

describe("legitimate YAML still works end to end", () => {
  it("creates a ConfigMap from application/yaml, then server-side applies a change to it", async () => {
    const name = unique("yaml");
    const created = await create(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`);
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({ a: "1" });

    const applied = await apply(
      name,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n  b: two\n`,
    );
    expect(applied.status).toBe(200);
    expect(applied.body.data).toEqual({ a: "1", b: "two" });
    const managers = (applied.body.metadata as { managedFields: { manager: string }[] }).managedFields;
    expect(managers.map((m) => m.manager)).toContain("bomb-test");
  });
});
