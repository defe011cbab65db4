import type { Browser, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Live updates: the table, the activity view and the object page follow changes made on the cluster by someone
// else (this test, straight against the API server), without a reload. Everything lives in this file's namespace.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `browse-live-${uniqueSuffix()}`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  await kube.namespace(ns);
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  kube.close();
});

function open(path: string) {
  return openPage(browser, `${loupe.url}${path}`);
}

const myServices = `/apis/stable.example.com/v1/namespaces/${ns}/myservices`;

describe("live updates", () => {
  it("adds, changes and removes a row as the object is created, patched and deleted; the activity view shows all three", async () => {
    const list = await open(`/c/loupe-local${myServices}`);
    const activity = await open(`/c/loupe-local/activity?r=stable.example.com/v1/myservices&ns=${ns}`);
    const grid = list.page.getByRole("grid", { name: "myservices table" });
    await list.page.getByText(`No myservices in namespace ${ns}.`).waitFor({ timeout: 15_000 });
    await expect.poll(() => list.page.getByLabel(/^Connection:/).textContent(), { timeout: 15_000 }).toBe("Live");
    await expect.poll(() => activity.page.getByLabel(/^Connection:/).textContent(), { timeout: 15_000 }).toBe("Live");
    let loads = 0;
    list.page.on("load", () => loads++);

    const name = "live-one";
    await kube.create(myServices, {
      apiVersion: "stable.example.com/v1",
      kind: "MyService",
      metadata: { name },
      spec: { name: "live-web", image: "nginx:1.27", replicas: 1 },
    });
    const row = grid.getByRole("row").filter({ hasText: name });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.getByRole("gridcell").allTextContents()).toContain("nginx:1.27");

    await kube.mergePatch(`${myServices}/${name}`, { spec: { image: "nginx:1.28" } });
    await expect.poll(() => row.getByRole("gridcell").allTextContents(), { timeout: 20_000 }).toContain("nginx:1.28");
    // The changed cell is highlighted briefly; the unchanged ones are not.
    expect(await row.locator(".flash").allTextContents()).toEqual(["nginx:1.28"]);
    console.log(`screenshot: ${await screenshot(list.page, "browse-live-modified")}`);

    await kube.remove(`${myServices}/${name}`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
    expect(loads).toBe(0);

    const log = activity.page.getByRole("list", { name: "Changes" });
    await expect.poll(() => log.getByRole("listitem").count(), { timeout: 20_000 }).toBe(3);
    const entries = await log.getByRole("listitem").allTextContents();
    // Newest first.
    expect(entries[0]).toMatch(/DELETED.*MyService.*live-one/);
    expect(entries[1]).toMatch(/MODIFIED.*MyService.*live-one.*spec\.image/);
    expect(entries[2]).toMatch(/ADDED.*MyService.*live-one/);
    expect(
      await log
        .getByRole("link", { name: `${ns}/${name}` })
        .first()
        .getAttribute("href"),
    ).toBe(`/c/loupe-local${myServices}/${name}`);
    console.log(`screenshot: ${await screenshot(activity.page, "browse-activity")}`);

    // Filter and pause.
    await activity.page.getByLabel("Filter", { exact: true }).fill("modified");
    await expect.poll(() => log.getByRole("listitem").count()).toBe(1);
    await activity.page.getByLabel("Filter", { exact: true }).fill("");
    await activity.page.getByRole("button", { name: "Pause" }).click();
    await kube.create(myServices, {
      apiVersion: "stable.example.com/v1",
      kind: "MyService",
      metadata: { name: "while-paused" },
      spec: { name: "p", image: "busybox", replicas: 1 },
    });
    await activity.page.getByRole("button", { name: "Resume (1 waiting)" }).waitFor({ timeout: 20_000 });
    expect(await log.getByRole("listitem").count()).toBe(3);
    await activity.page.getByRole("button", { name: /Resume/ }).click();
    await expect.poll(() => log.getByRole("listitem").count()).toBe(4);
    await activity.page.getByRole("button", { name: "Clear" }).click();
    await expect.poll(() => log.getByRole("listitem").count()).toBe(0);

    expect([...list.errors, ...activity.errors]).toEqual([]);
    await list.page.close();
    await activity.page.close();
  });

  it("shows an object's conditions, events and a history diff after two patches", async () => {
    const widgets = `/apis/demo.loupe.dev/v1/namespaces/${ns}/widgets`;
    const name = "history-widget";
    const created = await kube.create(widgets, {
      apiVersion: "demo.loupe.dev/v1",
      kind: "Widget",
      metadata: {
        name,
        labels: { "loupe.dev/test": "history" },
        annotations: { note: "<img src=x onerror=alert(1)>", html: "<b>not bold</b>" },
      },
      spec: { color: "green", size: "medium", replicas: 1 },
    });
    const uid = (created.body as { metadata: { uid: string } }).metadata.uid;
    await kube.must(
      "PATCH",
      `${widgets}/${name}/status`,
      {
        status: {
          replicas: 1,
          conditions: [
            { type: "Ready", status: "False", reason: "Warming", message: "waiting for paint to dry" },
            { type: "Painted", status: "True", reason: "Done", message: "green" },
          ],
        },
      },
      "application/merge-patch+json",
    );
    await kube.create(`/api/v1/namespaces/${ns}/events`, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${name}.e2e` },
      involvedObject: { apiVersion: "demo.loupe.dev/v1", kind: "Widget", name, namespace: ns, uid },
      reason: "Painted",
      message: "painted green by the e2e test",
      type: "Normal",
      count: 2,
      source: { component: "e2e-painter" },
      firstTimestamp: new Date().toISOString(),
      lastTimestamp: new Date().toISOString(),
    });

    const { page, errors } = await open(`/c/loupe-local${widgets}/${name}`);
    const main = page.getByRole("main");
    await expect
      .poll(() => main.getByRole("heading", { level: 2 }).textContent(), { timeout: 15_000 })
      .toBe(name)
      .catch(async (e) => {
        console.log(`failed; screenshot: ${await screenshot(page, "browse-object-failure")}`);
        throw e;
      });
    const conditions = main.getByRole("table", { name: /Conditions/ });
    await expect.poll(() => conditions.getByRole("row").count()).toBe(3);
    expect(await conditions.getByRole("row").nth(1).textContent()).toMatch(/Ready.*False.*Warming.*waiting for paint/);
    const events = main.getByRole("table", { name: /Events/ });
    await expect.poll(() => events.getByRole("row").count(), { timeout: 20_000 }).toBe(2);
    expect(await events.getByRole("row").nth(1).textContent()).toMatch(
      /Normal.*Painted.*painted green.*2.*e2e-painter/,
    );
    // Attacker-controlled text is shown as text, never as markup.
    expect(await main.getByText("<img src=x onerror=alert(1)>").isVisible()).toBe(true);
    expect(await main.getByText("<b>not bold</b>").isVisible()).toBe(true);
    expect(await page.locator("main img").count()).toBe(0);
    console.log(`screenshot: ${await screenshot(page, "browse-object-overview")}`);

    const historyTab = page.getByRole("tab", { name: /History/ });
    await expect.poll(() => historyTab.textContent(), { timeout: 20_000 }).toBe("History (1)");
    await kube.mergePatch(`${widgets}/${name}`, { spec: { color: "red" } });
    await expect.poll(() => historyTab.textContent(), { timeout: 20_000 }).toBe("History (2)");
    await kube.mergePatch(`${widgets}/${name}`, { spec: { size: "small", replicas: 4 } });
    await expect.poll(() => historyTab.textContent(), { timeout: 20_000 }).toBe("History (3)");

    await historyTab.click();
    const changed = main.getByRole("list", { name: "Changed fields" });
    await expect
      .poll(async () => (await changed.getByRole("listitem").allTextContents()).sort())
      .toEqual(["metadata.generation", "spec.replicas", "spec.size"]);
    const diff = main.getByRole("region", { name: "YAML diff" });
    expect(await diff.textContent()).toMatch(/removed: +size: medium/);
    expect(await diff.textContent()).toMatch(/added: +size: small/);
    console.log(`screenshot: ${await screenshot(page, "browse-object-history")}`);
    // The version before: the color change.
    await main
      .getByRole("button", { name: /resourceVersion/ })
      .nth(1)
      .click();
    await expect
      .poll(() => changed.getByRole("listitem").allTextContents())
      .toEqual(["metadata.generation", "spec.color"]);

    await page.getByRole("tab", { name: "YAML" }).click();
    const yaml = await page.locator("pre.yaml").textContent();
    expect(yaml).toContain("color: red");
    expect(yaml).not.toContain("managedFields");
    console.log(`screenshot: ${await screenshot(page, "browse-object-yaml")}`);
    await page.getByLabel(/Show managedFields/).click();
    await expect.poll(() => page.locator("pre.yaml").textContent()).toContain("managedFields");

    // Owner references are links to the owner's page.
    await kube.create(widgets, {
      apiVersion: "demo.loupe.dev/v1",
      kind: "Widget",
      metadata: {
        name: "child-widget",
        ownerReferences: [{ apiVersion: "demo.loupe.dev/v1", kind: "Widget", name, uid, controller: true }],
      },
      spec: { color: "red", size: "small", replicas: 1 },
    });
    await page.goto(`${loupe.url}/c/loupe-local${widgets}/child-widget`);
    await main.getByRole("link", { name: `Widget ${name}` }).click();
    await expect.poll(() => main.getByRole("heading", { level: 2 }).textContent()).toBe(name);
    expect(new URL(page.url()).pathname).toBe(`/c/loupe-local${widgets}/${name}`);
    // The owner's page has the object (its uid) before it is deleted: a deletion seen, not a 404 at first sight.
    const loading = performance.now();
    await main.getByText(uid, { exact: true }).waitFor({ timeout: 15_000 });
    console.log(`owner page loaded in ${(performance.now() - loading).toFixed(0)} ms`);

    await kube.remove(`${widgets}/${name}`);
    // Generous: on a loaded 2-core machine the deletion event can take a while to reach the page.
    await main.getByText("This object was deleted.").waitFor({ timeout: 45_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("tells the truth about the connection: reconnecting while the socket is down, live again after", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let refuse = false;
    let current: WebSocketRoute | undefined;
    await page.routeWebSocket(/\/api\/v1\/watch$/, (ws) => {
      current = ws;
      if (refuse) ws.close();
      else ws.connectToServer();
    });
    await page.goto(`${loupe.url}/c/loupe-local${myServices}`);
    const indicator = page.getByLabel(/^Connection:/);
    await expect.poll(() => indicator.textContent(), { timeout: 15_000 }).toBe("Live");
    refuse = true;
    await current?.close();
    await expect.poll(() => indicator.textContent(), { timeout: 5_000 }).toBe("Reconnecting");
    console.log(`screenshot: ${await screenshot(page, "browse-reconnecting")}`);
    refuse = false;
    // The client retries with backoff; a change made meanwhile shows once it is back.
    await kube.create(myServices, {
      apiVersion: "stable.example.com/v1",
      kind: "MyService",
      metadata: { name: "while-down" },
      spec: { name: "d", image: "busybox", replicas: 1 },
    });
    await expect.poll(() => indicator.textContent(), { timeout: 30_000 }).toBe("Live");
    const grid = page.getByRole("grid", { name: "myservices table" });
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "while-down" }).count()).toBe(1);
    await page.close();
  });
});
