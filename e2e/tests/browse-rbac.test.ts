import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupeAsServiceAccount } from "../support/server.ts";

// What a user whose RBAC allows less sees: reads that are allowed work as for anyone (the view-only user), and a
// refused one says which verb on which resource was refused. A service account allowed to read MyServices in one
// namespace only stands in for the narrow user (its context is added to the run's kubeconfig here).
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `browse-rbac-${uniqueSuffix()}`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupeAsServiceAccount>>;
let url: string;

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "narrow" } });
  await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    metadata: { name: "read-myservices" },
    rules: [{ apiGroups: ["stable.example.com"], resources: ["myservices"], verbs: ["get", "list", "watch"] }],
  });
  await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    metadata: { name: "narrow-reads-myservices" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "read-myservices" },
    subjects: [{ kind: "ServiceAccount", name: "narrow", namespace: ns }],
  });
  await kube.create(`/apis/stable.example.com/v1/namespaces/${ns}/myservices`, {
    apiVersion: "stable.example.com/v1",
    kind: "MyService",
    metadata: { name: "visible-to-narrow" },
    spec: { name: "n", image: "nginx", replicas: 1 },
  });
  loupe = await startLoupeAsServiceAccount(cluster, kube, ns, "narrow");
  url = loupe.url;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  kube.close();
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}${path}`);
  return page;
}

describe("RBAC in the browser", () => {
  it("lets the view-only user browse everything it may read", async () => {
    // In default only: other test files put copies of the samples in their own namespaces.
    const page = await open("/c/loupe-local-viewer/apis/stable.example.com/v1/namespaces/default/myservices");
    const grid = page.getByRole("grid", { name: "myservices table" });
    await expect
      .poll(() => grid.getByRole("row").filter({ hasText: "my-nginx-service" }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await page.getByRole("main").getByRole("alert").count()).toBe(0);
    // What RBAC refuses is not offered: no "New MyService" for a user who may not create.
    await page.getByText("Live", { exact: true }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByRole("link", { name: "New MyService" }).count()).toBe(0);
    // A name is a real link (its href opens the object in a new tab) that navigates inside the app on a click.
    const link = page.getByRole("link", { name: "my-nginx-service" });
    expect(await link.getAttribute("href")).toBe(
      "/c/loupe-local-viewer/apis/stable.example.com/v1/namespaces/default/myservices/my-nginx-service",
    );
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    await link.click();
    await expect
      .poll(() => page.getByRole("main").getByRole("heading", { level: 2 }).textContent())
      .toBe("my-nginx-service");
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // Editing and deleting are shown disabled, saying why.
    const actions = page.getByRole("toolbar", { name: "Object actions" });
    await expect.poll(() => actions.locator('[aria-disabled="true"]', { hasText: "Edit YAML" }).count()).toBe(1);
    expect(await actions.getByRole("link", { name: "Edit YAML" }).count()).toBe(0);
    await expect.poll(() => actions.getByRole("button", { name: "Delete" }).isDisabled()).toBe(true);
    await page.close();
  });

  it("says which verb on which resource was refused when the user may not list it", async () => {
    const page = await open("/c/narrow/apis/stable.example.com/v1/myservices");
    const alert = page.getByRole("main").getByRole("alert").first();
    await expect
      .poll(() => alert.textContent(), { timeout: 15_000 })
      .toContain("Permission denied: you may not list myservices.stable.example.com in all namespaces");
    expect(await alert.textContent()).toContain('cannot list resource "myservices"');
    expect(await alert.textContent()).toContain("403");
    console.log(`screenshot: ${await screenshot(page, "browse-forbidden")}`);

    // In the namespace it may read, the same table works (the namespace picker falls back to a text field, since
    // this user cannot list namespaces).
    const field = page.getByLabel("Namespace");
    await field.fill(ns);
    await field.press("Enter");
    const grid = page.getByRole("grid", { name: "myservices table" });
    await expect
      .poll(() => grid.getByRole("row").filter({ hasText: "visible-to-narrow" }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(new URL(page.url()).pathname).toBe(`/c/narrow/apis/stable.example.com/v1/namespaces/${ns}/myservices`);

    // A kind it may not read at all, in its own namespace: the object page names the refused get.
    await page.goto(`${url}/c/narrow/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`);
    const refused = page.getByRole("main").getByRole("alert").first();
    await refused.waitFor({ timeout: 15_000 });
    console.log(`screenshot: ${await screenshot(page, "browse-forbidden-object")}`);
    await expect
      .poll(() => refused.textContent(), { timeout: 15_000 })
      .toContain(`Permission denied: you may not get configmaps kube-root-ca.crt in namespace ${ns}`);
    await page.close();
  });
});
