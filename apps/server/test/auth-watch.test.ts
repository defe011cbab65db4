import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unique } from "./support.ts";
import { listenApp, type RunningApp, WatchClient, waitFor } from "./watch-support.ts";

// In user-token mode a watch acts as its user: a user without rights is refused even while a more privileged user
// watches the very same collection (reflectors are never shared across users).
const cluster = inject("cluster");
let running: RunningApp;
let nobodyToken: string;
const clients: WatchClient[] = [];

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, {
    auth: { mode: "user-token", sessionSecret: "watch-test-session-secret-32-bytes-long!!" },
  });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  const name = unique("nobody");
  await core.createNamespacedServiceAccount({ namespace: "default", body: { metadata: { name } } });
  const token = await core.createNamespacedServiceAccountToken({
    name,
    namespace: "default",
    body: { spec: { audiences: [] } },
  });
  nobodyToken = token.status?.token ?? "";
});
afterAll(async () => {
  for (const client of clients) client.close();
  await running.app.close();
});

async function signIn(token: string): Promise<string> {
  const response = await fetch(`${running.baseUrl}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-requested-with": "loupe" },
    body: JSON.stringify({ token }),
  });
  expect(response.status).toBe(201);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

describe("watching in user-token mode", () => {
  it("refuses the upgrade without a session", async () => {
    await expect(WatchClient.connect(running.watchUrl)).rejects.toThrow("upgrade refused: 401");
  });

  it("subscribes as each user: the admin sees Secrets, a user without rights is refused on the same key", async () => {
    const target = { context: "loupe-local", group: "", version: "v1", resource: "secrets", namespace: "default" };
    const admin = await WatchClient.connect(running.watchUrl, {
      headers: { cookie: await signIn(cluster.tokens.admin) },
    });
    clients.push(admin);
    admin.subscribe("s", target);
    await waitFor("admin live", () => admin.view("s").statuses.includes("live"));
    expect(admin.view("s").snapshots).toBe(1);

    const nobody = await WatchClient.connect(running.watchUrl, { headers: { cookie: await signIn(nobodyToken) } });
    clients.push(nobody);
    nobody.subscribe("s", target);
    await waitFor("nobody refused", () => nobody.view("s").statuses.includes("error"));
    expect(nobody.view("s").snapshots).toBe(0);
    expect(nobody.view("s").items.size).toBe(0);
  });
});
