import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupeAsServiceAccount } from "../support/server.ts";

// Bulk actions as a user whose RBAC allows changing some of the selected objects only: a service account that may
// read every ConfigMap of its namespace but patch and delete only cm-1 and cm-2 (RBAC resourceNames). cm-3 is in the
// selection too: its dry run and its real run both fail with the API server's 403, shown on its own row.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `browse-bulk-${uniqueSuffix()}`;
const configmaps = `/api/v1/namespaces/${ns}/configmaps`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupeAsServiceAccount>>;

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "bulk" } });
  await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    metadata: { name: "bulk" },
    rules: [
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
      { apiGroups: [""], resources: ["configmaps"], verbs: ["patch", "delete"], resourceNames: ["cm-1", "cm-2"] },
    ],
  });
  await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    metadata: { name: "bulk" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "bulk" },
    subjects: [{ kind: "ServiceAccount", name: "bulk", namespace: ns }],
  });
  for (const name of ["cm-1", "cm-2", "cm-3"]) await kube.create(configmaps, { metadata: { name }, data: { a: "1" } });
  loupe = await startLoupeAsServiceAccount(cluster, kube, ns, "bulk");
  browser = await launchBrowser();
});
afterAll(async () => {
  await kube.remove(`/api/v1/namespaces/${ns}`).catch(() => {});
  await browser?.close();
  await loupe?.close();
  kube.close();
});

const labelsOf = async (name: string) =>
  ((await kube.call<{ metadata: { labels?: Record<string, string> } }>("GET", `${configmaps}/${name}`)).body.metadata
    .labels ?? {}) as Record<string, string>;

describe("bulk actions", () => {
  it("selects by click, shift-click and all; previews with a dry run; applies; shows every object's result", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}/c/bulk/api/v1/namespaces/${ns}/configmaps`);
    const grid = page.getByRole("grid", { name: "configmaps table" });
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "cm-3" }).count(), { timeout: 20_000 }).toBe(1);

    await grid.getByRole("checkbox", { name: "Select all matching rows" }).click();
    const bar = page.getByRole("region", { name: "Selected rows" });
    await expect.poll(() => bar.getByText(/\d+ selected/).textContent()).toBe("4 selected");
    await bar.getByRole("button", { name: "Clear selection" }).click();
    expect(await bar.count()).toBe(0);

    await grid.getByRole("checkbox", { name: "Select cm-1" }).click();
    await grid.getByRole("checkbox", { name: "Select cm-3" }).click({ modifiers: ["Shift"] });
    await expect.poll(() => bar.getByText(/\d+ selected/).textContent()).toBe("3 selected");
    expect(await grid.getByRole("checkbox", { name: "Select cm-2" }).isChecked()).toBe(true);
    expect(await grid.getByRole("checkbox", { name: "Select kube-root-ca.crt" }).isChecked()).toBe(false);

    // RBAC allows patch and delete on some of them: offered. Scale is not a ConfigMap's.
    await expect.poll(() => bar.getByRole("button", { name: "Labels…" }).isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await bar.getByRole("button", { name: "Scale…" }).count()).toBe(0);
    await bar.getByRole("button", { name: "Labels…" }).click();
    const form = bar.getByRole("form", { name: "Labels the selected objects" });
    await form.getByLabel("Labels").fill("team=web bad/key/x=1");
    await expect.poll(() => form.getByRole("listitem").count()).toBe(1);
    expect(await form.getByRole("button", { name: "Preview (dry run)" }).isDisabled()).toBe(true);
    await form.getByLabel("Labels").fill("team=web a-");
    await form.getByRole("button", { name: "Preview (dry run)" }).click();
    const preview = bar.getByRole("list", { name: "Dry run results" });
    await expect.poll(() => preview.getByRole("listitem").count(), { timeout: 15_000 }).toBe(3);
    const previewText = await preview.getByRole("listitem").allTextContents();
    expect(previewText[0]).toMatch(/cm-1: would be labels changed/);
    expect(previewText[1]).toMatch(/cm-2: would be labels changed/);
    expect(previewText[2]).toMatch(/cm-3: .*forbidden/i);
    expect(await bar.getByRole("status").textContent()).toBe("Dry run: 3 of 3 answered, 2 ok, 1 failed.");
    // A dry run changes nothing.
    expect(await labelsOf("cm-1")).toEqual({});
    console.log(`screenshot: ${await screenshot(page, "table-bulk-preview")}`);

    await form.getByRole("button", { name: "Apply to 3 objects" }).click();
    const results = bar.getByRole("list", { name: "Results" });
    await expect.poll(() => results.getByRole("listitem").count(), { timeout: 15_000 }).toBe(3);
    const resultText = await results.getByRole("listitem").allTextContents();
    expect(resultText[0]).toMatch(/cm-1: labels changed/);
    expect(resultText[2]).toMatch(/cm-3: .*forbidden/i);
    expect(await labelsOf("cm-1")).toEqual({ team: "web" });
    expect(await labelsOf("cm-2")).toEqual({ team: "web" });
    expect(await labelsOf("cm-3")).toEqual({});

    await bar.getByRole("button", { name: "Delete…" }).click();
    const del = bar.getByRole("form", { name: "Delete the selected objects" });
    await del.getByLabel("Dependents").selectOption("Foreground");
    await del.getByRole("button", { name: "Preview (dry run)" }).click();
    await expect.poll(() => bar.getByRole("list", { name: "Dry run results" }).getByRole("listitem").count()).toBe(3);
    expect((await kube.call("GET", `${configmaps}/cm-1`)).status).toBe(200);
    await del.getByRole("button", { name: "Delete 3 objects" }).click();
    await expect.poll(() => bar.getByRole("list", { name: "Results" }).getByRole("listitem").count()).toBe(3);
    console.log(`screenshot: ${await screenshot(page, "table-bulk-results")}`);
    expect(await bar.getByRole("list", { name: "Results" }).getByRole("listitem").allTextContents()).toEqual([
      expect.stringMatching(/cm-1: deleted/),
      expect.stringMatching(/cm-2: deleted/),
      expect.stringMatching(/cm-3: .*forbidden/i),
    ]);
    expect((await kube.call("GET", `${configmaps}/cm-1`)).status).toBe(404);
    expect((await kube.call("GET", `${configmaps}/cm-3`)).status).toBe(200);
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "cm-1" }).count(), { timeout: 15_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
