import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { editorMarkers, editorText, editText, lineOf, waitForEditor } from "../support/editor.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Concurrent changes: a replace refused with 409 because someone changed the object meanwhile (→ the conflict view,
// rebase, discard), and a server-side apply refused because another field manager owns a field (→ the managers
// named, force as a second step). "Someone else" is this test, straight against the API server.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `editor-conflict-${uniqueSuffix()}`;
const collection = `/apis/stable.example.com/v1/namespaces/${ns}/myservices`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

const myService = (name: string, replicas = 3) => ({
  apiVersion: "stable.example.com/v1",
  kind: "MyService",
  metadata: { name, namespace: ns },
  spec: { name: "web", image: "nginx:1", replicas },
});

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

async function openEditor(name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${loupe.url}/c/loupe-local/edit${collection}/${name}`);
  await waitForEditor(page);
  return page;
}

async function spec(name: string): Promise<Record<string, unknown>> {
  return (await kube.must<{ spec: Record<string, unknown> }>("GET", `${collection}/${name}`)).body.spec;
}

describe("a replace that meets a change made meanwhile", () => {
  it("shows the 409 view with both sides; rebase keeps both changes", async () => {
    await kube.create(collection, myService("rebased"));
    const page = await openEditor("rebased");
    await editText(page, (t) => t.replace("replicas: 3", "replicas: 4"));
    await kube.mergePatch(`${collection}/rebased`, { spec: { image: "nginx:2" } });

    await page.getByRole("button", { name: "Review changes" }).click();
    await page.getByRole("button", { name: "Apply (replace)" }).click();
    const panel = page.getByTestId("conflict-panel");
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.getByRole("alert").textContent()).toMatch(
      /Conflict: rebased changed on the server since you started editing \(resourceVersion \d+ → \d+\)\.Nothing was saved and nothing was overwritten\. Your edit is kept\./,
    );
    expect(await panel.getByRole("list", { name: "Changes on the server" }).textContent()).toBe(
      'spec.image: "nginx:1" → "nginx:2"',
    );
    expect(await panel.getByRole("list", { name: "Your changes" }).textContent()).toBe("spec.replicas: 3 → 4");
    await expect
      .poll(() => panel.locator(".monaco-diff-editor .char-insert").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    console.log(`screenshot: ${await screenshot(page, "editor-conflict")}`);
    expect(await spec("rebased")).toMatchObject({ image: "nginx:2", replicas: 3 });

    await panel.getByRole("button", { name: "Rebase my change onto the latest" }).click();
    const review = page.getByTestId("review-panel");
    await review.waitFor();
    expect(await review.textContent()).toContain("No field was changed by both you and the server.");
    expect(await review.getByRole("list", { name: "Changed fields" }).textContent()).toBe("spec.replicas: 3 → 4");
    const merged = await editorText(page);
    expect(merged).toContain("image: nginx:2");
    expect(merged).toContain("replicas: 4");
    console.log(`screenshot: ${await screenshot(page, "editor-rebased-review")}`);
    await review.getByRole("button", { name: "Apply (replace)" }).click();
    await page.getByTestId("save-success").waitFor({ timeout: 15_000 });
    expect(await spec("rebased")).toMatchObject({ image: "nginx:2", replicas: 4 });
    await page.close();
  });

  it("shows both values of each field both sides changed and lets the user pick per field", async () => {
    await kube.create(collection, myService("both", 4));
    const page = await openEditor("both");
    await editText(page, (t) => t.replace("replicas: 4", "replicas: 6").replace("image: nginx:1", "image: nginx:mine"));
    await kube.mergePatch(`${collection}/both`, { spec: { replicas: 8, image: "nginx:theirs" } });
    await page.getByRole("button", { name: "Review changes" }).click();
    await page.getByRole("button", { name: "Apply (replace)" }).click();
    await page.getByRole("button", { name: "Rebase my change onto the latest" }).click({ timeout: 15_000 });
    const review = page.getByTestId("review-panel");
    const table = review.getByRole("table", { name: "Rebase conflicts" });
    await table.waitFor();
    const row = (path: string) => table.locator(`tr[data-path="${path}"]`);
    const cells = (path: string) => row(path).locator("td").allTextContents();
    expect((await cells("spec.replicas")).slice(0, 4)).toEqual(["spec.replicas", "4", "8", "6"]);
    expect((await cells("spec.image")).slice(0, 4)).toEqual([
      "spec.image",
      '"nginx:1"',
      '"nginx:theirs"',
      '"nginx:mine"',
    ]);
    // Yours by default; the text follows each pick.
    expect(await editorText(page)).toContain("replicas: 6");
    await row("spec.replicas").getByRole("radio", { name: "Server's" }).check();
    await expect.poll(() => editorText(page)).toContain("replicas: 8");
    expect(await editorText(page)).toContain("image: nginx:mine");
    await expect
      .poll(() => review.getByRole("list", { name: "Changed fields" }).textContent())
      .toBe('spec.image: "nginx:theirs" → "nginx:mine"');
    console.log(`screenshot: ${await screenshot(page, "editor-three-way-pick")}`);
    // Changing one's mind is one click too.
    await row("spec.image").getByRole("radio", { name: "Server's" }).check();
    await expect.poll(() => editorText(page)).toContain("image: nginx:theirs");
    await row("spec.image").getByRole("radio", { name: "Yours" }).check();
    await expect.poll(() => editorText(page)).toContain("image: nginx:mine");
    await review.getByRole("button", { name: "Apply (replace)" }).click();
    await page.getByTestId("save-success").waitFor({ timeout: 15_000 });
    expect(await spec("both")).toMatchObject({ replicas: 8, image: "nginx:mine" });
    await page.close();
  });

  it("discards the user's change for the latest version when asked, and only then", async () => {
    await kube.create(collection, myService("discarded"));
    const page = await openEditor("discarded");
    await editText(page, (t) => t.replace("replicas: 3", "replicas: 5"));
    await kube.mergePatch(`${collection}/discarded`, { spec: { image: "nginx:3" } });
    await page.getByRole("button", { name: "Review changes" }).click();
    await page.getByRole("button", { name: "Apply (replace)" }).click();
    const panel = page.getByTestId("conflict-panel");
    await panel.getByRole("button", { name: "Back to the editor" }).click({ timeout: 15_000 });
    expect(await editorText(page)).toContain("replicas: 5");
    await page.getByRole("button", { name: "Review changes" }).click();
    await page.getByRole("button", { name: "Apply (replace)" }).click();
    await panel.getByRole("button", { name: "Discard my change and load the latest" }).click({ timeout: 15_000 });
    await expect.poll(() => editorText(page)).toContain("image: nginx:3");
    expect(await editorText(page)).toContain("replicas: 3");
    expect(await spec("discarded")).toMatchObject({ image: "nginx:3", replicas: 3 });
    await page.close();
  });
});

describe("server-side apply", () => {
  it("names the manager that owns a changed field, and applies only when forced", async () => {
    const path = `${collection}/owned?fieldManager=test-operator`;
    await kube.must("PATCH", path, myService("owned", 2), "application/apply-patch+yaml");
    const page = await openEditor("owned");
    await page.getByRole("radio", { name: 'Server-side apply (as "loupe")' }).check();
    const text = await editText(page, (t) => t.replace("replicas: 2", "replicas: 7"));
    await page.getByRole("button", { name: "Review changes" }).click();
    await page.getByRole("button", { name: "Apply (server-side apply)" }).click();

    const failure = page.getByTestId("save-failure");
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toContain("Conflict: other field managers own fields this apply changes");
    expect(await failure.getByRole("table").textContent()).toContain(".spec.replicastest-operator");
    const line = lineOf(text, "replicas: 7");
    await expect
      .poll(() => editorMarkers(page))
      .toContainEqual(`${line}: .spec.replicas is owned by field manager "test-operator"`);
    expect(await editorText(page)).toBe(text);
    expect((await spec("owned")).replicas).toBe(2);
    console.log(`screenshot: ${await screenshot(page, "editor-ssa-conflict")}`);

    await failure.getByRole("button", { name: "Force apply: take these fields from test-operator" }).click();
    await page.getByTestId("save-success").waitFor({ timeout: 15_000 });
    const after = await kube.must<{
      spec: { replicas: number };
      metadata: { managedFields: Array<{ manager: string; fieldsV1: unknown }> };
    }>("GET", `${collection}/owned`);
    expect(after.body.spec.replicas).toBe(7);
    const loupeFields = after.body.metadata.managedFields.find((m) => m.manager === "loupe");
    expect(JSON.stringify(loupeFields?.fieldsV1)).toContain("f:replicas");
    await page.close();
  });
});
