import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { editorText, editText, waitForEditor } from "../support/editor.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupeAsServiceAccount } from "../support/server.ts";

// Secret values never reach the page unless the user reveals them (DESIGN §7): not in the table, the overview, the
// YAML tab, the editor (its model, not only the lines Monaco renders), the history or the activity view, nor in the
// browser's storage. Reveal reads the Secret as the user: a user who may list and watch Secrets but not get them
// sees the 403. Each value is checked as text and as base64.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const suffix = uniqueSuffix();
const ns = `secret-values-${suffix}`;
const b64 = (text: string) => Buffer.from(text).toString("base64");
/** Distinctive values: each must never be found in the page while hidden. */
const PLAIN = `plain-pa55-${suffix}`;
const APPLIED = `applied-pa55-${suffix}`;
const APPLIED_STRING = `applied-string-${suffix}`;
const CHANGED = `changed-pa55-${suffix}`;
const AGAIN = `changed-again-${suffix}`;
const EDITED = `edited-in-loupe-${suffix}`;
const secrets = `/api/v1/namespaces/${ns}/secrets`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupeAsServiceAccount>>;
let url: string;

/** What `kubectl apply` leaves on a Secret: the applied object as JSON, data and stringData included. */
const lastApplied = `${JSON.stringify({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { annotations: {}, name: "applied", namespace: ns },
  data: { password: b64(APPLIED) },
  stringData: { token: APPLIED_STRING },
  type: "Opaque",
})}\n`;

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(secrets, { metadata: { name: "plain" }, type: "Opaque", data: { password: b64(PLAIN) } });
  await kube.create(secrets, {
    metadata: {
      name: "applied",
      labels: { app: "secret-e2e" },
      annotations: { "kubectl.kubernetes.io/last-applied-configuration": lastApplied },
    },
    type: "Opaque",
    data: { password: b64(APPLIED) },
    stringData: { token: APPLIED_STRING },
  });
  // A user who may list and watch Secrets in this namespace, but not get one.
  await kube.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "lister" } });
  await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    metadata: { name: "list-secrets" },
    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["list", "watch"] }],
  });
  await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    metadata: { name: "lister-lists-secrets" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "list-secrets" },
    subjects: [{ kind: "ServiceAccount", name: "lister", namespace: ns }],
  });
  loupe = await startLoupeAsServiceAccount(cluster, kube, ns, "lister");
  url = loupe.url;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  await kube.remove(`/api/v1/namespaces/${ns}`);
  kube.close();
});

const hidden = [PLAIN, APPLIED, APPLIED_STRING, CHANGED, AGAIN, EDITED].flatMap((v) => [v, b64(v)]);

/**
 * Every hidden value found anywhere the page keeps text: the DOM (markup and text), form fields (Monaco's hidden
 * textarea too), the title, every Monaco model (the editor's whole text, not only the lines it renders) and the
 * browser's storage.
 */
function leaks(page: Page, values: readonly string[] = hidden): Promise<string[]> {
  return page.evaluate((values) => {
    const models = globalThis.monaco?.editor.getModels().map((m) => m.getValue()) ?? [];
    const stored = [localStorage, sessionStorage].flatMap((s) =>
      Object.keys(s).map((key) => `${key}=${s.getItem(key)}`),
    );
    const fields = Array.from(document.querySelectorAll("input, textarea"), (e) => (e as HTMLInputElement).value);
    const page = [document.documentElement.outerHTML, document.body.textContent ?? "", document.title];
    const texts = [...page, ...fields, ...models, ...stored];
    return values.filter((v) => texts.some((t) => t.includes(v)));
  }, values);
}

function open(path: string) {
  return openPage(browser, `${url}${path}`, { width: 1400, height: 1000 });
}

const tab = (page: Page, name: string | RegExp) => page.getByRole("tab", { name }).click();

describe("Secret values", () => {
  it("are masked in the table, the overview and the YAML tab; Reveal shows them, Hide hides them", async () => {
    const { page, errors } = await open(`/c/loupe-local${secrets}`);
    const grid = page.getByRole("grid", { name: "secrets table" });
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "applied" }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByText("Live", { exact: true }).waitFor({ timeout: 15_000 });
    expect(await leaks(page)).toEqual([]);

    await grid.getByRole("link", { name: "applied", exact: true }).click();
    await page.getByRole("region", { name: /Annotations/ }).waitFor({ timeout: 15_000 });
    expect(await leaks(page)).toEqual([]);
    const data = page.getByRole("region", { name: /^Data/ });
    await data.waitFor({ timeout: 15_000 });
    expect(await data.textContent()).toMatch(/password•••• masked \(\d+ bytes, [0-9a-f]{6}\)/);
    expect(await data.textContent()).toContain("token");
    // The last-applied annotation is shown, its values masked.
    const annotations = await page.getByRole("region", { name: /Annotations/ }).textContent();
    expect(annotations).toContain('"kind":"Secret"');
    expect(annotations).toContain("•••• masked");
    console.log(`screenshot: ${await screenshot(page, "secret-masked-overview")}`);

    await tab(page, "YAML");
    const yaml = page.locator("pre.yaml");
    await expect.poll(() => yaml.textContent()).toContain("password:");
    expect(await leaks(page)).toEqual([]);
    expect(await yaml.textContent()).toContain("password: •••• masked");

    await page.getByRole("button", { name: "Reveal values" }).click();
    await expect.poll(() => yaml.textContent(), { timeout: 15_000 }).toContain(`password: ${b64(APPLIED)}`);
    expect(await yaml.textContent()).toContain(APPLIED_STRING); // the annotation's stringData, as applied
    await tab(page, "Overview");
    await expect.poll(() => data.textContent()).toContain(APPLIED);
    console.log(`screenshot: ${await screenshot(page, "secret-revealed-overview")}`);

    await page.getByRole("button", { name: "Hide values" }).click();
    await expect.poll(() => data.textContent()).toContain("•••• masked");
    expect(await leaks(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keep the history masked: a changed value shows as a changed field, never as a value, even after Reveal", async () => {
    const { page, errors } = await open(`/c/loupe-local${secrets}/plain?tab=history`);
    await page.getByRole("tab", { name: "History (1)" }).waitFor({ timeout: 15_000 });
    await page.getByText("Live", { exact: true }).waitFor({ timeout: 15_000 });

    await kube.mergePatch(`${secrets}/plain`, { data: { password: b64(CHANGED) } });
    await page.getByRole("tab", { name: "History (2)" }).waitFor({ timeout: 20_000 });
    expect(await leaks(page)).toEqual([]);
    expect(await page.getByRole("list", { name: "Changed fields" }).textContent()).toBe("data.password");
    const diff = await page.getByRole("region", { name: "YAML diff" }).textContent();
    expect(diff).toMatch(/removed: .*password: •••• masked/);
    expect(diff).toMatch(/added: .*password: •••• masked/);

    // Revealed values follow a change (read again as the user) and stay out of the history.
    await page.getByRole("button", { name: "Reveal values" }).click();
    await page.getByText("Values shown.").waitFor({ timeout: 15_000 });
    await kube.mergePatch(`${secrets}/plain`, { data: { password: b64(AGAIN) } });
    await page.getByRole("tab", { name: "History (3)" }).waitFor({ timeout: 20_000 });
    expect(await leaks(page)).toEqual([]);
    console.log(`screenshot: ${await screenshot(page, "secret-history")}`);
    await tab(page, "YAML");
    await expect.poll(() => page.locator("pre.yaml").textContent(), { timeout: 15_000 }).toContain(b64(AGAIN));
    await tab(page, /History/);
    await page.getByRole("region", { name: "YAML diff" }).waitFor();
    expect(await leaks(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("are masked in the activity view, where a change still names the changed key", async () => {
    const { page, errors } = await open(`/c/loupe-local/activity?r=v1/secrets&ns=${ns}`);
    await expect.poll(() => page.getByLabel(/^Connection:/).textContent(), { timeout: 15_000 }).toBe("Live");
    await kube.mergePatch(`${secrets}/applied`, { data: { password: b64(CHANGED) } });
    const log = page.getByRole("list", { name: "Changes" });
    await expect.poll(() => log.getByRole("listitem").count(), { timeout: 20_000 }).toBe(1);
    expect(await log.getByRole("listitem").first().textContent()).toMatch(/MODIFIED.*Secret.*applied.*data\.password/);
    expect(await leaks(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("are not in the editor before 'Reveal to edit'; after it they are edited and saved, never kept as a draft", async () => {
    const { page, errors } = await open(`/c/loupe-local/edit${secrets}/applied`);
    await page.getByRole("heading", { name: "Edit Secret applied" }).waitFor({ timeout: 15_000 });
    await waitForEditor(page);
    expect(await leaks(page)).toEqual([]);
    expect(await editorText(page)).toMatch(/password: •••• masked/);
    expect(await page.getByRole("button", { name: "Review changes" }).count()).toBe(0);
    expect(await leaks(page)).toEqual([]);
    console.log(`screenshot: ${await screenshot(page, "secret-editor-masked")}`);

    const before = await kube.must<{ data: Record<string, string> }>("GET", `${secrets}/applied`);
    const current = before.body.data.password as string; // APPLIED, or CHANGED after the activity test
    await page.getByRole("button", { name: "Reveal to edit" }).click();
    await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain(`password: ${current}`);
    await page.getByText("Values shown.").waitFor();
    await editText(page, (text) => text.replace(`password: ${current}`, `password: ${b64(EDITED)}`));
    await page.waitForTimeout(800); // longer than the draft autosave's delay: a draft would be written by now
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(b64(EDITED));
    await page.getByRole("button", { name: "Review changes" }).click();
    const review = page.getByTestId("review-panel");
    expect(await review.getByRole("list", { name: "Changed fields" }).textContent()).toMatch(/^data\.password: /);
    // The diff is computed before applying (a diff editor disposed mid-computation throws Monaco's "Canceled").
    await expect
      .poll(() => review.locator(".monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert").count(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await review.getByRole("button", { name: "Apply (replace)" }).click();
    await page.getByTestId("save-success").getByText("Saved.").waitFor({ timeout: 15_000 });
    console.log(`screenshot: ${await screenshot(page, "secret-editor-saved")}`);
    const stored = await kube.must<{ data: Record<string, string> }>("GET", `${secrets}/applied`);
    expect(stored.body.data.password).toBe(b64(EDITED));
    expect(stored.body.data.token).toBe(b64(APPLIED_STRING)); // untouched: the real value, not a mask

    // Back on the object page, the saved object is masked again.
    await page.getByRole("link", { name: "View the object" }).click();
    await page.getByRole("region", { name: /^Data/ }).waitFor({ timeout: 15_000 });
    expect(await leaks(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("are revealed only to a user RBAC lets get the Secret: listing and watching is not enough", async () => {
    const { page } = await open(`/c/lister${secrets}/plain`);
    await page.getByRole("region", { name: /^Data/ }).waitFor({ timeout: 15_000 });
    expect(await leaks(page)).toEqual([]);
    await page.getByRole("button", { name: "Reveal values" }).click();
    const refused = page.getByRole("region", { name: "Secret values" }).getByRole("alert");
    await expect
      .poll(() => refused.textContent(), { timeout: 15_000 })
      .toContain(`Permission denied: you may not get secrets "plain" in namespace "${ns}"`);
    expect(await refused.textContent()).toContain("403");
    expect(await leaks(page)).toEqual([]);
    console.log(`screenshot: ${await screenshot(page, "secret-reveal-forbidden")}`);
    await page.close();
  });
});
