import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { editorText, editText, waitForEditor } from "../support/editor.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The form beside the YAML: generated from the kind's schema, two-way with the text, comments kept.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `editor-form-${uniqueSuffix()}`;
const widgets = `/apis/demo.loupe.dev/v1/namespaces/${ns}/widgets`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(widgets, {
    apiVersion: "demo.loupe.dev/v1",
    kind: "Widget",
    metadata: { name: "formed", namespace: ns, labels: { app: "formed" } },
    spec: { color: "blue", size: "large", replicas: 2 },
  });
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  kube.close();
});

describe("the form beside the YAML", () => {
  it("shows the schema's fields, writes the user's changes into the YAML keeping comments, and follows the YAML", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}/c/loupe-local/edit${widgets}/formed`, {
      width: 1500,
      height: 1000,
    });
    await waitForEditor(page);
    await editText(page, (t) =>
      t
        .replace("replicas: 2", "replicas: 2 # at most 5 when red")
        .replace("spec:", "# what the widget should be\nspec:"),
    );
    await page.getByLabel("Form beside the YAML").check();
    const form = page.getByTestId("form-view");
    await form.waitFor();
    // Enum, int-or-string, number with bounds and default, required marked.
    const color = form.getByLabel("spec.color");
    expect(await color.inputValue()).toBe("blue");
    expect(await form.locator('details[data-path="spec"] > summary').textContent()).toContain("object");
    expect(await form.getByLabel("spec.replicas").getAttribute("min")).toBe("0");
    expect(await form.getByLabel("spec.size").inputValue()).toBe("large");
    await color.selectOption("green");
    await expect.poll(() => editorText(page)).toContain("color: green");
    await form.getByLabel("spec.size").fill("7");
    await expect.poll(() => editorText(page)).toContain("size: 7");
    expect(await editorText(page)).toContain("# what the widget should be\nspec:");
    expect(await editorText(page)).toContain("replicas: 2 # at most 5 when red");
    // A map as key/value entries.
    await form.locator('details[data-path="metadata"] > summary').click();
    await form.locator('details[data-path="metadata.labels"] > summary').click();
    await form.getByRole("button", { name: "Add entry" }).click();
    await expect.poll(() => editorText(page)).toContain("key1:");
    // The YAML drives the form back.
    await editText(page, (t) => t.replace("replicas: 2 #", "replicas: 4 #"));
    await expect.poll(() => form.getByLabel("spec.replicas").inputValue()).toBe("4");
    console.log(`screenshot: ${await screenshot(page, "editor-form")}`);
    const text = await editorText(page);
    expect(text).toMatch(/color: green[\s\S]*replicas: 4[\s\S]*size: 7|color: green[\s\S]*size: 7/);
    expect(errors).toEqual([]);
  });
});
