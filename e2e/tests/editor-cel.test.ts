import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { editorMarkers, editText, lineOf, setEditorText, waitForEditor } from "../support/editor.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The kind's CEL rules (x-kubernetes-validations) checked in the browser as the user types: markers with the
// rule's message on the field's line before anything is sent, transition rules against the object as loaded, rules
// the browser cannot evaluate listed as such, and the server's dry run agreeing.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const suffix = uniqueSuffix();
const ns = `editor-cel-${suffix}`;
const group = `cel${suffix.replace(/[^a-z0-9]/g, "")}.loupe.test`;
const collection = `/apis/${group}/v1/namespaces/${ns}/gauges`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `gauges.${group}` },
  spec: {
    group,
    scope: "Namespaced",
    names: { plural: "gauges", singular: "gauge", kind: "Gauge" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: {
                type: "object",
                required: ["min", "max"],
                properties: {
                  min: { type: "integer" },
                  max: { type: "integer" },
                  unit: { type: "string" },
                  tier: {
                    type: "string",
                    "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "tier is immutable" }],
                  },
                  limit: {
                    type: "string",
                    "x-kubernetes-validations": [
                      { rule: "quantity(self).isLessThan(quantity('1Gi'))", message: "limit under 1Gi" },
                    ],
                  },
                },
                "x-kubernetes-validations": [
                  { rule: "self.min <= self.max", message: "min must not exceed max" },
                  {
                    rule: "!has(self.unit) || self.unit in ['s', 'ms']",
                    messageExpression: "'unit ' + self.unit + ' is not s or ms'",
                    fieldPath: ".unit",
                  },
                ],
              },
            },
          },
        },
      },
    ],
  },
};

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.crd(crd);
  await kube.create(collection, {
    apiVersion: `${group}/v1`,
    kind: "Gauge",
    metadata: { name: "pressure", namespace: ns },
    spec: { min: 1, max: 10, tier: "gold" },
  });
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  await kube.remove(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gauges.${group}`);
  kube.close();
});

function open(path: string) {
  return openPage(browser, `${loupe.url}${path}`, { width: 1400, height: 1000 });
}

describe("CEL rules while typing", () => {
  it("marks broken rules on their lines with their messages, transition rules against the loaded object, and the dry run agrees", async () => {
    const { page, errors } = await open(`/c/loupe-local/edit${collection}/pressure`);
    await waitForEditor(page);
    await page.getByTestId("rules-note").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("rules-note").textContent()).toContain("none broken");

    const text = await editText(page, (t) =>
      t.replace("min: 1", "min: 50").replace("tier: gold", "tier: silver").replace("max: 10", "max: 10\n  unit: h"),
    );
    const specLine = lineOf(text, "spec:");
    await expect
      .poll(() => editorMarkers(page), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          `${specLine}: min must not exceed max`,
          `${lineOf(text, "unit: h")}: unit h is not s or ms`,
          `${lineOf(text, "tier: silver")}: tier is immutable`,
        ]),
      );
    const problems = await page.getByRole("region", { name: "Problems" }).textContent();
    expect(problems).toContain("min must not exceed max");
    expect(problems).toContain("(CEL rule)");
    console.log(`screenshot: ${await screenshot(page, "editor-cel-markers")}`);

    // Fixing the text clears the markers, keystroke by keystroke, without a request.
    await editText(page, (t) =>
      t.replace("min: 50", "min: 2").replace("unit: h", "unit: ms").replace("tier: silver", "tier: gold"),
    );
    await expect
      .poll(async () => (await editorMarkers(page)).filter((m) => /must not|unit|immutable/.test(m)), {
        timeout: 15_000,
      })
      .toEqual([]);

    // The server's dry run says the same about the same text.
    await editText(page, (t) => t.replace("min: 2", "min: 50"));
    await expect.poll(() => editorMarkers(page), { timeout: 15_000 }).toContain(`${specLine}: min must not exceed max`);
    await page.getByRole("button", { name: "Dry run" }).first().click();
    const failure = page.getByTestId("save-failure");
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toContain("min must not exceed max");
    expect(errors).toEqual([]);
  });

  it("lists a rule it cannot evaluate (quantities) as not checked, never as passed", async () => {
    const { page } = await open(`/c/loupe-local/edit${collection}/pressure`);
    await waitForEditor(page);
    await editText(page, (t) => t.replace("max: 10", "max: 10\n  limit: 2Gi"));
    const note = page.getByTestId("rules-note");
    await expect
      .poll(async () => note.textContent(), { timeout: 15_000 })
      .toContain("1 rule not checked in the browser");
    await note.getByText("not checked in the browser").click();
    expect(await note.textContent()).toContain("quantity(self).isLessThan(quantity('1Gi'))");
    console.log(`screenshot: ${await screenshot(page, "editor-cel-unchecked")}`);
  });

  it("checks the rules on a new object too", async () => {
    const { page } = await open(`/c/loupe-local/new${collection}`);
    await waitForEditor(page);
    const text = `apiVersion: ${group}/v1\nkind: Gauge\nmetadata:\n  name: fresh\n  namespace: ${ns}\nspec:\n  min: 9\n  max: 3\n`;
    await setEditorText(page, text);
    await expect
      .poll(() => editorMarkers(page), { timeout: 15_000 })
      .toContain(`${lineOf(text, "spec:")}: min must not exceed max`);
    console.log(`screenshot: ${await screenshot(page, "editor-cel-new")}`);
  });
});
