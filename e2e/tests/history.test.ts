import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openHistoryStore } from "@loupe/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The recorded history in the browser: Activity opens on the recorded past, the History tab shows an object's
// recorded life with field diffs, "view as it was", restore (reviewed diff, then a replace) and a deleted object
// re-created from its last recorded state.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `history-${uniqueSuffix()}`;
const collection = `/api/v1/namespaces/${ns}/configmaps`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  await kube.namespace(ns);
  const store = openHistoryStore({ dir: mkdtempSync(join(tmpdir(), "loupe-e2e-history-")) });
  loupe = await startLoupe(cluster, {
    history: { store, kinds: "/ConfigMap,stable.example.com/*", writer: { flushMs: 50 } },
  });
  for (const recorder of loupe.app.historyRecorders.values()) await recorder.synced();
  await kube.must("POST", `${collection}?fieldManager=alice`, {
    metadata: { name: "settings" },
    data: { color: "red", size: "small" },
  });
  await kube.must(
    "PATCH",
    `${collection}/settings?fieldManager=bob`,
    { data: { color: "blue" } },
    "application/merge-patch+json",
  );
  await kube.must(
    "PATCH",
    `${collection}/settings?fieldManager=carol`,
    { data: { size: "large", extra: "yes" } },
    "application/merge-patch+json",
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  await kube.remove(`/api/v1/namespaces/${ns}`).catch(() => {});
  kube.close();
});

const objectUrl = (name: string) => `${loupe.url}/c/loupe-local${collection}/${name}?tab=history`;

async function data(name: string): Promise<Record<string, string>> {
  return (await kube.must<{ data: Record<string, string> }>("GET", `${collection}/${name}`)).body.data;
}

async function openHistory(name: string): Promise<Page> {
  const { page } = await openPage(browser, objectUrl(name));
  await page.getByRole("list", { name: "Recorded changes" }).waitFor({ timeout: 20_000 });
  return page;
}

describe("recorded history in the browser", () => {
  it("Activity opens on the last hour of recorded changes, filterable by manager", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}/c/loupe-local/activity?ns=${ns}`);
    const recorded = page.getByRole("list", { name: "Recorded changes" });
    await recorded.getByRole("listitem").nth(2).waitFor({ timeout: 20_000 });
    const texts = (await recorded.getByRole("listitem").allTextContents()).filter((t) => t.includes("settings"));
    expect(texts, JSON.stringify(texts)).toHaveLength(3);
    expect(texts[0]).toMatch(/MODIFIED.*settings.*by carol.*data\.extra.*data\.size/);
    expect(texts[1]).toMatch(/MODIFIED.*settings.*by bob.*data\.color/);
    expect(texts[2]).toMatch(/ADDED.*settings.*by alice/);
    await screenshot(page, "history-activity");
    const manager = page.getByRole("searchbox", { name: "Manager" });
    await manager.fill("bob");
    await manager.press("Enter");
    await expect
      .poll(async () => (await recorded.getByRole("listitem").allTextContents()).join(" | "), { timeout: 10_000 })
      .toMatch(/^MODIFIED[^|]*settings[^|]*by bob[^|]*$/);
    expect(page.url()).toContain("manager=bob");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the History tab shows each change's fields and the object as it was", async () => {
    const page = await openHistory("settings");
    const items = page.getByRole("list", { name: "Recorded changes" }).getByRole("listitem");
    expect(await items.count()).toBe(3);
    // The newest is chosen: carol's change.
    const fields = page.getByRole("table", { name: "Changed fields" });
    await fields.waitFor();
    const rows = await fields.getByRole("row").allTextContents();
    expect(rows.slice(1).sort()).toEqual(["data.extra—yes", "data.sizesmalllarge"]);
    await screenshot(page, "history-tab");
    // Bob's change, as it was then: blue and small, no extra.
    await items.nth(1).getByRole("button").click();
    await page.getByRole("tab", { name: "View as it was" }).click();
    const asItWas = page.getByRole("region", { name: /As it was at/ });
    await asItWas.waitFor();
    const yaml = await asItWas.textContent();
    expect(yaml).toContain("color: blue");
    expect(yaml).toContain("size: small");
    expect(yaml).not.toContain("extra");
    await screenshot(page, "history-view-as-it-was");
    await page.close();
  });

  it("the YAML view says who changed each field, joined with the recorded change", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}/c/loupe-local${collection}/settings?tab=yaml`);
    await page.getByRole("button", { name: /Who changed this/ }).click();
    const table = page.getByRole("table", { name: "Field managers" });
    await table.waitFor();
    const row = (field: string) => table.getByRole("row").filter({ hasText: field });
    await expect
      .poll(async () => row("data.color").textContent(), { timeout: 15_000 })
      .toMatch(/data\.colorbobUpdate.*MODIFIED.*by bob/);
    expect(await row("data.size").textContent()).toMatch(/data\.sizecarolUpdate.*MODIFIED.*by carol/);
    await screenshot(page, "history-field-blame");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("restores an earlier version after reviewing the difference", async () => {
    const page = await openHistory("settings");
    const items = page.getByRole("list", { name: "Recorded changes" }).getByRole("listitem");
    await items.nth(2).getByRole("button").click();
    await page.getByRole("tab", { name: "Restore this version…" }).click();
    await page.getByRole("button", { name: "Review the difference with the live object" }).click();
    const diff = page.getByRole("region", { name: "Restore diff" });
    await diff.waitFor();
    const text = await diff.textContent();
    expect(text).toMatch(/removed:\s+color: blue/);
    expect(text).toMatch(/added:\s+color: red/);
    await screenshot(page, "history-restore-review");
    await page.getByRole("button", { name: "Replace the live object with this version" }).click();
    await page.getByRole("status").filter({ hasText: "Restored" }).waitFor();
    expect(await data("settings")).toEqual({ color: "red", size: "small" });
    // The restore itself is recorded, made by Loupe.
    await expect.poll(async () => items.count(), { timeout: 15_000 }).toBe(4);
    await page.close();
  });

  it("a replace against a version changed since the review is refused, nothing overwritten", async () => {
    const page = await openHistory("settings");
    const items = page.getByRole("list", { name: "Recorded changes" }).getByRole("listitem");
    // Bob's version: the live object (restored to alice's) differs from it.
    await items.filter({ hasText: "bob" }).getByRole("button").click();
    await page.getByRole("tab", { name: "Restore this version…" }).click();
    await page.getByRole("button", { name: "Review the difference with the live object" }).click();
    await page.getByRole("region", { name: "Restore diff" }).waitFor();
    await kube.must("PATCH", `${collection}/settings`, { data: { color: "green" } }, "application/merge-patch+json");
    await page.getByRole("button", { name: "Replace the live object with this version" }).click();
    await page.getByRole("alert").filter({ hasText: "changed since you reviewed" }).waitFor();
    expect((await data("settings")).color).toBe("green");
    await page.close();
  });

  it("a deleted object stays findable, and is re-created from its last state", async () => {
    await kube.must("POST", collection, { metadata: { name: "doomed" }, data: { keep: "me" } });
    await kube.must("DELETE", `${collection}/doomed`);
    const { page, errors } = await openPage(browser, `${loupe.url}/c/loupe-local/activity?ns=${ns}&type=DELETED`);
    const recorded = page.getByRole("list", { name: "Recorded changes" });
    await recorded.getByRole("link", { name: `${ns}/doomed` }).click();
    await page.getByRole("list", { name: "Recorded changes" }).waitFor({ timeout: 20_000 });
    await page.getByRole("tab", { name: "Re-create…" }).click();
    const state = page.getByRole("region", { name: "Object to re-create" });
    await state.waitFor();
    expect(await state.textContent()).toContain("keep: me");
    await screenshot(page, "history-recreate");
    await page.getByRole("button", { name: "Re-create", exact: true }).click();
    // Re-created: the page shows the live object again, and its history the new ADDED, made by Loupe.
    await page
      .getByRole("list", { name: "Recorded changes" })
      .getByRole("listitem")
      .filter({ hasText: /ADDED\s*loupe/ })
      .waitFor({ timeout: 15_000 });
    expect(await data("doomed")).toEqual({ keep: "me" });
    await page.getByRole("tab", { name: "Overview" }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
