import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { editorMarkers, editorText, editText, lineOf, setEditorText, waitForEditor } from "../support/editor.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Creating objects from the schema's template, the schema's validation in the editor before anything is sent, the
// server's 422 when a save is forced anyway, and the schema browser. Everything lives in this file's namespaces.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const suffix = uniqueSuffix();
const ns = `editor-create-${suffix}`;
const other = `editor-other-${suffix}`;
const crontabs = `/apis/stable.example.com/v1/namespaces/${ns}/crontabs`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.namespace(other);
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

const BAD_CRONTAB = (name: string) => `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  cronSpec: "every minute"
  image: busybox
  replicas: 11
`;

describe("creating objects", () => {
  it("marks replicas: 11 and a bad cronSpec before saving; forcing the create shows the server's 422 with both fields", async () => {
    const { page, errors } = await open(`/c/loupe-local${crontabs}`);
    await page.getByRole("link", { name: "New CronTab" }).waitFor({ timeout: 15_000 });
    console.log(`screenshot: ${await screenshot(page, "editor-list-new-link")}`);
    await page.getByRole("link", { name: "New CronTab" }).click();
    await page.getByRole("heading", { name: "New CronTab" }).waitFor({ timeout: 15_000 });
    await waitForEditor(page);
    const template = await editorText(page);
    expect(template).toContain("kind: CronTab");
    expect(template).toContain(`namespace: ${ns}`);
    expect(template).toContain('cronSpec: "" # required <string>: The cron spec string.');

    const text = BAD_CRONTAB("bad-crontab");
    await setEditorText(page, text);
    const replicasLine = lineOf(text, "replicas: 11");
    const cronLine = lineOf(text, "cronSpec:");
    await expect
      .poll(() => editorMarkers(page), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^${replicasLine}: .*maximum of 10`)),
          expect.stringMatching(new RegExp(`^${cronLine}: .*pattern`)),
        ]),
      );
    await expect.poll(() => page.locator(".squiggly-error").count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole("region", { name: "Problems" }).textContent()).toContain("2 problems");
    console.log(`screenshot: ${await screenshot(page, "editor-schema-markers")}`);

    // Create gets the same review as an edit: the diff against nothing, the fields in words, the open problems.
    await page.getByRole("button", { name: "Review and create" }).click();
    const review = page.getByTestId("review-panel");
    await review.waitFor({ timeout: 15_000 });
    expect(await review.getByRole("heading").first().textContent()).toBe("Review the new object");
    expect(await review.textContent()).toContain("The editor found 2 problems");
    expect(await review.getByRole("list", { name: "Changed fields" }).textContent()).toContain(
      'kind: (absent) → "CronTab"',
    );
    await review.getByText("Nothing yet (a new object)").waitFor({ timeout: 15_000 });
    console.log(`screenshot: ${await screenshot(page, "editor-create-review")}`);
    await review.getByRole("button", { name: "Create", exact: true }).click();
    const failure = page.getByTestId("save-failure");
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toContain("The server refused the object: it is invalid");
    expect(await failure.textContent()).toContain("HTTP 422");
    const causes = await failure.getByRole("list", { name: "Fields the server refused" }).textContent();
    expect(causes).toContain("spec.replicas");
    expect(causes).toContain("spec.cronSpec");
    await expect
      .poll(() => editorMarkers(page))
      .toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^${replicasLine}: .*less than or equal to 10`))]),
      );
    expect(await editorText(page)).toBe(text);
    console.log(`screenshot: ${await screenshot(page, "editor-422")}`);
    expect((await kube.call("GET", `${crontabs}/bad-crontab`)).status).toBe(404);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("offers hover docs and completion from the kind's schema", async () => {
    const { page } = await open(`/c/loupe-local/new${crontabs}`);
    await waitForEditor(page);
    await page.locator(".view-line span", { hasText: /^cronSpec$/ }).hover();
    const hover = page.locator(".monaco-hover-content");
    await expect
      .poll(() => hover.allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining("The cron spec string.")]));
    await page.waitForTimeout(400); // the hover fades in
    console.log(`screenshot: ${await screenshot(page, "editor-hover")}`);
    await page.mouse.move(0, 0);

    // A new line under spec: the schema suggests the field not written yet.
    await page.locator(".view-line", { hasText: "image:" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+Space");
    const suggestions = page.locator(".suggest-widget .monaco-list-row");
    await expect
      .poll(() => suggestions.allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining("replicas")]));
    console.log(`screenshot: ${await screenshot(page, "editor-completion")}`);
    await page.keyboard.press("Enter");
    await expect.poll(() => editorText(page)).toMatch(/\n {2}replicas:/);
    await page.close();
  });

  it("creates a CronTab from the template", async () => {
    const { page } = await open(`/c/loupe-local/new${crontabs}`);
    await waitForEditor(page);
    await editText(page, (t) =>
      t
        .replace('name: "" #', "name: from-template #")
        .replace('cronSpec: "" #', 'cronSpec: "0 */5 * * * *" #')
        .replace('image: "" #', "image: busybox:1 #"),
    );
    await page.getByRole("button", { name: "Dry run" }).click();
    await page.getByText("Dry run: the server accepts this object.").waitFor({ timeout: 15_000 });
    expect((await kube.call("GET", `${crontabs}/from-template`)).status).toBe(404);
    await page.getByRole("button", { name: "Review and create" }).click();
    await page.getByTestId("review-panel").getByRole("button", { name: "Dry run" }).click();
    await page.getByText("Dry run: the server accepts this object.").waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await page.getByRole("heading", { name: "from-template" }).waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${loupe.url}/c/loupe-local${crontabs}/from-template`);
    const created = await kube.must<{ spec: Record<string, unknown> }>("GET", `${crontabs}/from-template`);
    expect(created.body.spec).toEqual({ cronSpec: "0 */5 * * * *", image: "busybox:1" });
    await page.close();
  });

  it("creates a MyService in another namespace than the one the page opened in", async () => {
    const { page } = await open(`/c/loupe-local/new/apis/stable.example.com/v1/namespaces/${ns}/myservices`);
    await waitForEditor(page);
    const template = await editorText(page);
    expect(template).toContain("replicas: 1 # required <integer>");
    await editText(page, (t) =>
      t
        .replace('name: "" #', "name: elsewhere #")
        .replace(`namespace: ${ns}`, `namespace: ${other}`)
        .replace(/name: "" # required <string>.*/, "name: web")
        .replace('image: "" #', "image: nginx:1 #"),
    );
    await page.getByRole("button", { name: "Review and create" }).click();
    expect(await page.getByTestId("review-panel").textContent()).toContain(`Create (POST) in namespace "${other}"`);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await page.getByRole("heading", { name: "elsewhere" }).waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(
      `${loupe.url}/c/loupe-local/apis/stable.example.com/v1/namespaces/${other}/myservices/elsewhere`,
    );
    const created = await kube.must<{ spec: Record<string, unknown> }>(
      "GET",
      `/apis/stable.example.com/v1/namespaces/${other}/myservices/elsewhere`,
    );
    expect(created.body.spec).toEqual({ name: "web", image: "nginx:1", replicas: 1 });
    await page.close();
  });
});

describe("the schema browser", () => {
  it("explains a kind: types, required marks, enums, defaults, constraints and validation rules", async () => {
    const { page, errors } = await open("/c/loupe-local/schema/demo.loupe.dev/v1/Widget?field=spec.color");
    await page.getByRole("heading", { name: "Widget fields" }).waitFor({ timeout: 15_000 });
    const color = page.locator('[data-path="spec.color"]');
    await color.waitFor();
    const colorText = await color.textContent();
    expect(colorText).toContain("<string>");
    expect(colorText).toContain("required");
    expect(colorText).toContain("redgreenblue");
    expect(await color.evaluate((e) => e.classList.contains("highlight"))).toBe(true);
    const replicas = await page.locator('[data-path="spec.replicas"]').textContent();
    expect(replicas).toContain("Default1");
    expect(replicas).toContain("≥ 0");
    expect(await page.locator('[data-path="spec"] > .sb-body').textContent()).toContain(
      "self.color != 'red' || self.replicas <= 5 — red widgets run at most 5 replicas",
    );
    expect(await page.locator('[data-path="spec.size"]').textContent()).toContain("an integer or a string");
    console.log(`screenshot: ${await screenshot(page, "schema-browser")}`);

    await page.getByLabel("Filter fields").fill("selector");
    await page.locator('[data-path="status.selector"]').waitFor();
    expect(await page.locator('[data-path="spec.color"]').count()).toBe(0);
    await page.getByRole("link", { name: "Widget v1alpha1" }).click();
    await page.waitForURL(/\/schema\/demo\.loupe\.dev\/v1alpha1\/Widget$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("is linked from the editor and from the object page", async () => {
    const { page } = await open(`/c/loupe-local/new${crontabs}`);
    await page.getByRole("link", { name: "Explain CronTab fields" }).click();
    await page.getByRole("heading", { name: "CronTab fields" }).waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Expand all" }).click();
    expect(await page.locator('[data-path="spec.cronSpec"]').textContent()).toContain("matches /^(\\S+\\s){5}\\S+$/");
    await page.goto(`${loupe.url}/c/loupe-local${crontabs}/from-template`);
    await page.getByRole("toolbar", { name: "Object actions" }).getByRole("link", { name: "Explain" }).click();
    await page.getByRole("heading", { name: "CronTab fields" }).waitFor({ timeout: 15_000 });
    await page.close();
  });
});
