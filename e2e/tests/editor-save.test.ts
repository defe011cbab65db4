import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { editorMarkers, editorText, editText, waitForEditor } from "../support/editor.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The editor's save flow on a copy of the tutorial's my-nginx-service in this file's own namespace (the samples
// in "default" stay untouched for other test files): edit → review diff → apply; dry run; a draft surviving a
// reload; a view-only user's save refused with the text kept.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `editor-save-${uniqueSuffix()}`;
const collection = `/apis/stable.example.com/v1/namespaces/${ns}/myservices`;
const objectPath = `${collection}/my-nginx-service`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(collection, {
    apiVersion: "stable.example.com/v1",
    kind: "MyService",
    metadata: { name: "my-nginx-service", namespace: ns },
    spec: { name: "nginx-web", image: "nginx:latest", replicas: 3, config: { ENV: "production", PORT: "80" } },
  });
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  kube.close();
});

function open(path: string) {
  return openPage(browser, `${loupe.url}${path}`, { width: 1400, height: 1000 });
}

async function replicas(): Promise<number> {
  const got = await kube.must<{ spec: { replicas: number } }>("GET", objectPath);
  return got.body.spec.replicas;
}

describe("editing an object", () => {
  it("edits replicas by typing, reviews the diff, applies; the object page and the table show the new value", async () => {
    const { page, errors } = await open(`/c/loupe-local${objectPath}`);
    await page.getByRole("link", { name: "Edit YAML" }).click();
    await page.getByRole("heading", { name: "Edit MyService my-nginx-service" }).waitFor({ timeout: 15_000 });
    await waitForEditor(page);
    // managedFields are hidden by default, shown on request.
    expect(await editorText(page)).not.toContain("managedFields");
    await page.getByLabel("Show managedFields").check();
    await expect.poll(() => editorText(page)).toContain("managedFields:");
    await page.getByLabel("Show managedFields").uncheck();
    await expect.poll(() => editorText(page)).not.toContain("managedFields");
    // Typed, as a person would: at the end of the replicas line, replace 3 by 5.
    await page.locator(".view-line", { hasText: "replicas: 3" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("5");
    await expect.poll(() => editorText(page)).toContain("replicas: 5");

    await page.keyboard.press("Control+S"); // the editor's shortcut for "Review changes"
    const review = page.getByTestId("review-panel");
    await review.waitFor();
    expect(await review.getByRole("list", { name: "Changed fields" }).textContent()).toBe("spec.replicas: 3 → 5");
    await expect
      .poll(() => review.locator(".monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert").count(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    console.log(`screenshot: ${await screenshot(page, "editor-review-diff")}`);

    await review.getByRole("button", { name: "Apply (replace)" }).click();
    await page.getByTestId("save-success").getByText("Saved.").waitFor({ timeout: 15_000 });
    expect(await replicas()).toBe(5);
    console.log(`screenshot: ${await screenshot(page, "editor-saved")}`);

    await page.getByRole("link", { name: "View the object" }).click();
    await page.getByRole("heading", { name: "my-nginx-service" }).waitFor();
    await page.goto(`${loupe.url}/c/loupe-local${collection}`);
    const row = page.getByRole("row").filter({ hasText: "my-nginx-service" });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("nginx:latest5");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("dry run shows the server's verdict and stores nothing; a refusal is marked on the field's line", async () => {
    const { page } = await open(`/c/loupe-local/edit${objectPath}`);
    await waitForEditor(page);
    await editText(page, (t) => t.replace("replicas: 5", "replicas: 7"));
    await page.getByRole("button", { name: "Dry run" }).click();
    await page.getByText("Dry run: the server accepts this change.").waitFor({ timeout: 15_000 });
    expect(await replicas()).toBe(5);

    const text = await editText(page, (t) => t.replace("replicas: 7", "replicas: 0"));
    await page.getByRole("button", { name: "Dry run" }).click();
    const failure = page.getByTestId("save-failure");
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toContain("The server refused the object");
    expect(await failure.getByRole("list", { name: "Fields the server refused" }).textContent()).toContain(
      "spec.replicas",
    );
    const line = text.split("\n").findIndex((l) => l.includes("replicas: 0")) + 1;
    await expect
      .poll(() => editorMarkers(page))
      .toContainEqual(expect.stringMatching(new RegExp(`^${line}: .*greater than or equal to 1`)));
    expect(await editorText(page)).toBe(text);
    expect(await replicas()).toBe(5);
    await page.close();
  });

  it("keeps an unsaved edit across a reload and offers it back", async () => {
    const { page } = await open(`/c/loupe-local/edit${objectPath}`);
    await waitForEditor(page);
    const edited = await editText(page, (t) => t.replace("image: nginx:latest", "image: nginx:draft"));
    await page.waitForTimeout(1_000);
    await page.reload();
    const offer = page.getByTestId("draft-offer");
    await offer.waitFor({ timeout: 15_000 });
    console.log(`screenshot: ${await screenshot(page, "editor-draft-offer")}`);
    await offer.getByRole("button", { name: "Restore my unsaved edit" }).click();
    await expect.poll(() => editorText(page)).toBe(edited);
    // Reverting to what was loaded removes the draft: a further reload offers nothing.
    await page.getByRole("button", { name: "Revert my changes" }).click();
    await expect.poll(() => editorText(page)).not.toContain("nginx:draft");
    await page.waitForTimeout(1_000);
    await page.reload();
    await waitForEditor(page);
    await page.waitForTimeout(500);
    expect(await page.getByTestId("draft-offer").count()).toBe(0);
    await page.close();
  });

  it("refuses a view-only user's save with a clear 403, keeping the text", async () => {
    const { page } = await open(`/c/loupe-local-viewer${objectPath}`);
    const actions = page.getByRole("toolbar", { name: "Object actions" });
    await expect
      .poll(() => actions.getByRole("button", { name: "Delete" }).isDisabled(), { timeout: 15_000 })
      .toBe(true);
    // The object page does not offer editing to a user RBAC refuses; the editor's URL still opens (a bookmark),
    // and a save from there is refused by the API server, with the text kept.
    await expect.poll(() => actions.locator('[aria-disabled="true"]', { hasText: "Edit YAML" }).count()).toBe(1);
    await page.goto(`${loupe.url}/c/loupe-local-viewer/edit${objectPath}`);
    await waitForEditor(page);
    expect(await page.getByTestId("access-note").textContent()).toContain(
      `You may not update myservices.stable.example.com "my-nginx-service" in namespace "${ns}"`,
    );
    const text = await editText(page, (t) => t.replace("replicas: 5", "replicas: 9"));
    await page.getByRole("button", { name: "Review changes" }).click();
    await page.getByRole("button", { name: "Apply (replace)" }).click();
    const failure = page.getByTestId("save-failure");
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toContain(
      `Permission denied: you may not update myservices.stable.example.com "my-nginx-service" in namespace "${ns}"`,
    );
    expect(await failure.textContent()).toContain("HTTP 403");
    expect(await failure.textContent()).toContain("Your text is still in the editor");
    expect(await editorText(page)).toBe(text);
    expect(await page.getByTestId("yaml-editor").isVisible()).toBe(true);
    console.log(`screenshot: ${await screenshot(page, "editor-forbidden")}`);
    expect(await replicas()).toBe(5);
    await page.close();
  });
});
