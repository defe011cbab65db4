import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";

// The security suite in a real browser: user-token sign-in with RBAC per user, object text that carries script
// payloads shown literally everywhere, and no token leaking into responses or logs.
const ROOT = join(import.meta.dirname, "..", "..");
const SECRET = "an-e2e-session-secret-of-at-least-32-bytes";
const PAYLOAD = `<img src=x onerror="document.body.dataset.pwned='1';alert(1)"><script>document.body.dataset.pwned='2'</script>`;
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `security-${uniqueSuffix()}`;
const name = `xss-${uniqueSuffix()}`;
let browser: Browser;
let server: { url: string; output: string[]; stop: () => Promise<void> };

/** Loupe as a separate process in user-token mode, so its log lines can be read. */
async function startServer(): Promise<typeof server> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "apps", "server", "src", "main.ts"),
      "--kubeconfig",
      cluster.kubeconfigPath,
      "--port",
      "0",
      "--auth",
      "user-token",
      "--log-level",
      "info",
    ],
    { cwd: ROOT, env: { ...process.env, LOUPE_SESSION_SECRET: SECRET }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => output.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      output.push(line);
      const ready = /^Loupe is ready at (\S+?)\/?$/.exec(line);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}): ${output.join("\n")}`)));
  });
  return {
    url,
    output,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Every response body and header a page receives, for the leak check. */
function record(page: Page, into: string[]) {
  page.on("response", async (response) => {
    into.push(JSON.stringify(response.headers()));
    const type = response.headers()["content-type"] ?? "";
    if (type.includes("json") || type.includes("text")) into.push(await response.text().catch(() => ""));
  });
  page.on("websocket", (socket) => socket.on("framereceived", (frame) => into.push(String(frame.payload))));
}

async function signIn(page: Page, token: string) {
  await page.goto(server.url);
  await page.getByLabel("Bearer token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

beforeAll(async () => {
  expect((await kube.call("POST", "/api/v1/namespaces", { metadata: { name: ns } })).status).toBe(201);
  const created = await kube.call("POST", `/apis/stable.example.com/v1/namespaces/${ns}/myservices`, {
    apiVersion: "stable.example.com/v1",
    kind: "MyService",
    metadata: { name, labels: { app: "xss" }, annotations: { "loupe.dev/note": PAYLOAD } },
    spec: { name: PAYLOAD, image: `nginx:1<b id="injected">x</b>`, replicas: 1, config: { [PAYLOAD]: PAYLOAD } },
  });
  expect(created.status).toBe(201);
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  kube.close();
});

describe("security in the browser", () => {
  const seen: string[] = [];
  let dialogs = 0;

  async function page(): Promise<Page> {
    const p = await browser.newPage();
    p.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    record(p, seen);
    return p;
  }

  async function noScriptRan(p: Page) {
    expect(dialogs).toBe(0);
    expect(await p.evaluate(() => document.body.dataset.pwned ?? "")).toBe("");
    expect(await p.locator("#injected").count()).toBe(0);
    expect(await p.locator('img[src="x"]').count()).toBe(0);
  }

  it("asks for a token, signs the viewer in, keeps the cookie from scripts, and RBAC still refuses writes", async () => {
    const p = await page();
    await p.goto(server.url);
    await p.getByLabel("Bearer token").waitFor({ timeout: 15_000 });
    await screenshot(p, "security-sign-in");
    await p.getByLabel("Bearer token").fill("not-a-token");
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.getByText("The API server does not accept this token").waitFor({ timeout: 15_000 });

    await p.getByLabel("Bearer token").fill(cluster.tokens.viewer);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.getByText("Signed in as").waitFor({ timeout: 15_000 });
    expect(await p.getByText("loupe-viewer").first().isVisible()).toBe(true);
    expect(await p.evaluate(() => document.cookie)).not.toContain("loupe_session");
    // A forbidden call made by hand from the page (as from the console) is still refused by RBAC.
    const status = await p.evaluate(async (path) => {
      const response = await fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json", "x-requested-with": "loupe" },
        body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "from-console" } }),
      });
      return response.status;
    }, `/api/v1/contexts/loupe-local/k8s/api/v1/namespaces/default/configmaps`);
    expect(status).toBe(403);
    await p.getByRole("button", { name: "Sign out" }).click();
    await p.getByLabel("Bearer token").waitFor({ timeout: 15_000 });
    await p.close();
  });

  it("shows script payloads in names, annotations and spec strings as text: table, object page, YAML, activity", async () => {
    const p = await page();
    await signIn(p, cluster.tokens.admin);
    await p.getByText("Signed in as").waitFor({ timeout: 15_000 });

    await p.goto(`${server.url}/c/loupe-local/apis/stable.example.com/v1/namespaces/${ns}/myservices`);
    const grid = p.getByRole("grid", { name: "myservices table" });
    await grid.getByRole("row").filter({ hasText: name }).waitFor({ timeout: 20_000 });
    expect(await grid.getByText(PAYLOAD).count()).toBeGreaterThan(0);
    await noScriptRan(p);
    await screenshot(p, "security-xss-table");

    await p.goto(`${server.url}/c/loupe-local/apis/stable.example.com/v1/namespaces/${ns}/myservices/${name}`);
    await p.getByText(PAYLOAD).first().waitFor({ timeout: 20_000 });
    await noScriptRan(p);
    await p.goto(`${server.url}/c/loupe-local/apis/stable.example.com/v1/namespaces/${ns}/myservices/${name}?tab=yaml`);
    await p.getByText("loupe.dev/note", { exact: false }).first().waitFor({ timeout: 20_000 });
    await noScriptRan(p);

    await p.goto(`${server.url}/c/loupe-local/activity?r=stable.example.com/v1/myservices&ns=${ns}`);
    await p.getByText("Nothing has changed since this page opened", { exact: false }).waitFor({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    const patched = await kube.call(
      "PATCH",
      `/apis/stable.example.com/v1/namespaces/${ns}/myservices/${name}`,
      { spec: { image: `${PAYLOAD}:2` } },
      "application/merge-patch+json",
    );
    expect(patched.status).toBe(200);
    const log = p.getByRole("list", { name: "Changes" });
    await expect.poll(() => log.getByRole("listitem").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await noScriptRan(p);
    await screenshot(p, "security-xss-activity");

    await p.goto(`${server.url}/c/loupe-local/edit/apis/stable.example.com/v1/namespaces/${ns}/myservices/${name}`);
    await p.locator(".monaco-editor").first().waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    await noScriptRan(p);
    await p.close();
  });

  it("never shows a token in a response body, a header other than the cookie, or a log line", async () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const token of [cluster.tokens.admin, cluster.tokens.viewer]) {
      for (const text of seen) expect(text.includes(token)).toBe(false);
      for (const line of server.output) expect(line.includes(token)).toBe(false);
    }
    // The server did log requests (so the check above looked at something).
    expect(server.output.some((line) => line.includes('"req"'))).toBe(true);
  });
});
