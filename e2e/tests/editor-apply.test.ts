import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupeAsServiceAccount } from "../support/server.ts";

// "Apply YAML": multi-document server-side apply in the browser, as a service account that may write ConfigMaps and
// MyServices in its own namespace only: a create, a change with its diff, a conflict with another field manager
// (shown with the manager, then forced as a second step), a forbidden object and a kind the cluster does not serve.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `editor-apply-${uniqueSuffix()}`;
const myservices = `/apis/stable.example.com/v1/namespaces/${ns}/myservices`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupeAsServiceAccount>>;

const myService = (name: string, replicas: number) => ({
  apiVersion: "stable.example.com/v1",
  kind: "MyService",
  metadata: { name, namespace: ns },
  spec: { name: "web", image: "nginx:1", replicas },
});

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "deployer" } });
  await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    metadata: { name: "deployer" },
    rules: [
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "create", "patch"] },
      { apiGroups: ["stable.example.com"], resources: ["myservices"], verbs: ["get", "create", "patch"] },
    ],
  });
  await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    metadata: { name: "deployer" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "deployer" },
    subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: ns }],
  });
  // Applied before by Loupe (same manager: a clean change) and by an operator (a conflict on replicas).
  await kube.must(
    "PATCH",
    `${myservices}/existing?fieldManager=loupe`,
    myService("existing", 2),
    "application/apply-patch+yaml",
  );
  await kube.must(
    "PATCH",
    `${myservices}/owned?fieldManager=test-operator`,
    myService("owned", 2),
    "application/apply-patch+yaml",
  );
  loupe = await startLoupeAsServiceAccount(cluster, kube, ns, "deployer");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  kube.close();
});

const TEXT = `apiVersion: v1
kind: ConfigMap
metadata:
  name: fresh
data:
  greeting: hello
---
apiVersion: stable.example.com/v1
kind: MyService
metadata:
  name: existing
spec:
  name: web
  image: nginx:2
  replicas: 3
---
apiVersion: stable.example.com/v1
kind: MyService
metadata:
  name: owned
spec:
  name: web
  image: nginx:1
  replicas: 5
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: elsewhere
  namespace: kube-system
data: {}
---
apiVersion: nope.example.com/v1
kind: Nope
metadata:
  name: x
`;

describe("applying many documents", () => {
  it("previews each object, applies them with per-object results, and forces the conflicting one as a second step", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}/c/deployer`, { width: 1400, height: 1100 });
    await page.getByRole("link", { name: "Apply YAML" }).click();
    await page.getByRole("heading", { name: "Apply YAML" }).waitFor({ timeout: 15_000 });
    expect(await page.getByLabel("Default namespace").inputValue()).toBe(ns);
    await page.getByLabel("YAML to apply").fill(TEXT);
    await page.getByRole("button", { name: "Preview (dry run)" }).click();
    const rows = page.getByTestId("apply-row");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(5);
    await expect.poll(() => page.getByText("checking…").count(), { timeout: 20_000 }).toBe(0);
    const row = (i: number) => rows.nth(i);
    expect(await row(0).textContent()).toContain("would be created");
    expect(await row(1).textContent()).toContain("would change 2 fields");
    expect(await row(1).getByRole("list", { name: "Fields that would change" }).textContent()).toContain(
      'spec.image: "nginx:1" → "nginx:2"',
    );
    expect(await row(2).textContent()).toContain("Conflict with other field managers");
    expect(await row(2).getByRole("list", { name: "Fields owned by other managers" }).textContent()).toContain(
      ".spec.replicas is owned by test-operator",
    );
    expect(await row(3).textContent()).toContain("Forbidden");
    expect(await row(4).textContent()).toContain("Not applied: the cluster serves no Nope in nope.example.com/v1");
    await row(1).getByText("Diff").click();
    await row(1).getByTestId("diff-view").waitFor({ timeout: 15_000 });
    await expect
      .poll(() => row(1).locator(".char-insert, .line-insert").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    console.log(`screenshot: ${await screenshot(page, "editor-apply-preview")}`);
    // Nothing was written by the preview.
    expect((await kube.call("GET", `/api/v1/namespaces/${ns}/configmaps/fresh`)).status).toBe(404);

    await page.getByRole("button", { name: "Apply 4 objects" }).click();
    await expect.poll(() => page.getByText("applying…").count(), { timeout: 20_000 }).toBe(0);
    expect(await row(0).locator("td").nth(3).textContent()).toContain("created");
    expect(await row(1).locator("td").nth(3).textContent()).toContain("configured");
    expect(await row(2).locator("td").nth(3).textContent()).toContain("Conflict with other field managers");
    expect(await row(3).locator("td").nth(3).textContent()).toContain("Forbidden");
    expect(
      (await kube.must<{ data: Record<string, string> }>("GET", `/api/v1/namespaces/${ns}/configmaps/fresh`)).body.data,
    ).toEqual({ greeting: "hello" });
    const owned = () => kube.must<{ spec: { replicas: number } }>("GET", `${myservices}/owned`);
    expect((await owned()).body.spec.replicas).toBe(2);
    console.log(`screenshot: ${await screenshot(page, "editor-apply-results")}`);

    await page.getByRole("button", { name: "Force apply 1 conflicting object" }).click();
    await expect
      .poll(() => row(2).locator("td").nth(3).textContent(), { timeout: 15_000 })
      .toContain("configured (forced)");
    expect((await owned()).body.spec.replicas).toBe(5);
    expect((await kube.call("GET", "/api/v1/namespaces/kube-system/configmaps/elsewhere")).status).toBe(404);
    expect(errors).toEqual([]);
  });

  it("says what is wrong with text it cannot apply", async () => {
    const { page } = await openPage(browser, `${loupe.url}/c/deployer/apply`, { width: 1200, height: 800 });
    await page.getByLabel("YAML to apply").fill("kind: ConfigMap\nmetadata: [unclosed\n");
    await page.getByRole("button", { name: "Preview (dry run)" }).click();
    await expect
      .poll(() => page.getByRole("alert").first().textContent(), { timeout: 15_000 })
      .toMatch(/YAML error on line 3: Flow sequence/);
    await page.getByLabel("YAML to apply").fill("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: x-\n");
    await page.getByRole("button", { name: "Preview (dry run)" }).click();
    await expect
      .poll(() => page.getByTestId("apply-row").first().textContent(), { timeout: 15_000 })
      .toContain("metadata.name is missing");
    expect(await page.getByRole("button", { name: "Apply 0 objects" }).isDisabled()).toBe(true);
  });
});
