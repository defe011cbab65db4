import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { editorText, editText, waitForEditor } from "../support/editor.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Delete with each propagation policy, the status subresource as an explicit editing mode, and the scale
// subresource of the multi-version Widget — all from the object page, on objects in this file's namespace.
// Foreground and Orphan deletions answer with the object held by its finalizer, which is what the UI must say;
// the local cluster's garbage collector then removes the finalizer and the object goes, as on a real cluster.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `editor-sub-${uniqueSuffix()}`;
const myServices = `/apis/stable.example.com/v1/namespaces/${ns}/myservices`;
const widgets = (version: string) => `/apis/demo.loupe.dev/${version}/namespaces/${ns}/widgets`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

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

async function open(path: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  await page.goto(`${loupe.url}${path}`);
  return { page, requests };
}

const myService = (name: string) => ({
  apiVersion: "stable.example.com/v1",
  kind: "MyService",
  metadata: { name, namespace: ns },
  spec: { name: "web", image: "nginx:1", replicas: 3 },
});

describe("deleting", () => {
  it.each([
    ["Background", null],
    ["Foreground", "foregroundDeletion"],
    ["Orphan", "orphan"],
  ] as const)("deletes with propagation policy %s after the name is typed", async (policy, finalizer) => {
    const name = `del-${policy.toLowerCase()}`;
    await kube.create(myServices, myService(name));
    const { page, requests } = await open(`/c/loupe-local${myServices}/${name}`);
    await page.getByRole("toolbar", { name: "Object actions" }).getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete MyService ${name}` });
    await dialog.getByRole("radio", { name: new RegExp(`^${policy}`) }).check();
    const confirm = dialog.getByRole("button", { name: `Delete ${name}` });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${name} to confirm`).fill(name.slice(0, -1));
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
    if (policy === "Foreground") console.log(`screenshot: ${await screenshot(page, "editor-delete-dialog")}`);
    await confirm.click();
    const status = dialog.getByRole("status");
    await status.waitFor({ timeout: 15_000 });
    expect(requests).toContain(
      `DELETE ${loupe.url}/api/v1/contexts/loupe-local/k8s${myServices}/${name}?propagationPolicy=${policy}`,
    );
    if (finalizer === null) {
      expect(await status.textContent()).toContain(`Deleted. MyService ${name} is gone.`);
      expect((await kube.call("GET", `${myServices}/${name}`)).status).toBe(404);
      await dialog.getByRole("button", { name: "Close" }).click();
      await page.waitForURL(`${loupe.url}/c/loupe-local${myServices}`);
    } else {
      expect(await status.textContent()).toContain(`waits for its finalizers: ${finalizer}`);
      if (policy === "Foreground") console.log(`screenshot: ${await screenshot(page, "editor-delete-pending")}`);
      // Nothing depends on it: the garbage collector removes the finalizer and the object goes.
      const deadline = Date.now() + 30_000;
      while ((await kube.call("GET", `${myServices}/${name}`)).status !== 404) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await page.close();
  });
});

describe("subresources", () => {
  it("edits status through the status subresource, which ignores changes elsewhere", async () => {
    await kube.create(myServices, myService("with-status"));
    await kube.must("PUT", `${myServices}/with-status/status`, {
      ...(await kube.must("GET", `${myServices}/with-status`)).body,
      status: { availableReplicas: 1, ready: false },
    });
    const { page, requests } = await open(`/c/loupe-local${myServices}/with-status`);
    await page.getByRole("toolbar", { name: "Object actions" }).getByRole("link", { name: "Edit status" }).click();
    await page.getByRole("heading", { name: "Edit status of MyService with-status" }).waitFor({ timeout: 15_000 });
    await waitForEditor(page);
    await editText(page, (t) =>
      t
        .replace("availableReplicas: 1", "availableReplicas: 3")
        .replace("ready: false", "ready: true")
        .replace("replicas: 3", "replicas: 9"),
    );
    await page.getByRole("button", { name: "Review changes" }).click();
    expect(await page.getByTestId("review-panel").textContent()).toContain("PUT to the status subresource");
    await page.getByRole("button", { name: "Apply (replace)" }).click();
    await page.getByTestId("save-success").waitFor({ timeout: 15_000 });
    expect(
      requests.some((r) =>
        r.startsWith(`PUT ${loupe.url}/api/v1/contexts/loupe-local/k8s${myServices}/with-status/status`),
      ),
    ).toBe(true);
    const after = await kube.must<{ spec: { replicas: number }; status: Record<string, unknown> }>(
      "GET",
      `${myServices}/with-status`,
    );
    expect(after.body.status).toEqual({ availableReplicas: 3, ready: true });
    expect(after.body.spec.replicas).toBe(3);
    // The spec change was ignored by the status subresource: the editor shows what the server stored, and says so.
    await expect.poll(() => editorText(page)).toContain("replicas: 3");
    expect(await page.getByRole("list", { name: "Changes the server did not keep" }).textContent()).toBe(
      "spec.replicas: 9 → 3",
    );
    console.log(`screenshot: ${await screenshot(page, "editor-status-saved")}`);
    await page.close();
  });

  it("offers no status mode for a kind without the status subresource", async () => {
    const { page } = await open(`/c/loupe-local/edit/api/v1/namespaces/${ns}/configmaps/none?subresource=status`);
    await page.getByText("ConfigMap has no status subresource: edit the object instead.").waitFor({ timeout: 15_000 });
    await page.close();
  });

  it("scales the multi-version Widget through either served version, and shows a refusal", async () => {
    await kube.create(widgets("v1"), {
      apiVersion: "demo.loupe.dev/v1",
      kind: "Widget",
      metadata: { name: "scaled", namespace: ns },
      spec: { color: "blue", replicas: 2 },
    });
    const { page } = await open(`/c/loupe-local${widgets("v1")}/scaled`);
    await page.getByRole("toolbar", { name: "Object actions" }).getByRole("button", { name: "Scale" }).click();
    const dialog = page.getByRole("dialog", { name: "Scale Widget scaled" });
    await dialog.getByText("Desired replicas: 2").waitFor({ timeout: 15_000 });
    await dialog.getByLabel("Replicas").fill("4");
    await dialog.getByRole("button", { name: "Scale", exact: true }).click();
    await dialog.getByText("Scaled. Widget scaled now wants 4 replicas.").waitFor({ timeout: 15_000 });
    console.log(`screenshot: ${await screenshot(page, "editor-scale")}`);
    const spec = async () =>
      (await kube.must<{ spec: { replicas: number } }>("GET", `${widgets("v1")}/scaled`)).body.spec.replicas;
    expect(await spec()).toBe(4);
    await page.close();

    const old = await open(`/c/loupe-local${widgets("v1alpha1")}/scaled`);
    await old.page.getByRole("toolbar", { name: "Object actions" }).getByRole("button", { name: "Scale" }).click();
    const oldDialog = old.page.getByRole("dialog", { name: "Scale Widget scaled" });
    await oldDialog.getByText("Desired replicas: 4").waitFor({ timeout: 15_000 });
    await oldDialog.getByLabel("Replicas").fill("5");
    await oldDialog.getByRole("button", { name: "Scale", exact: true }).click();
    await oldDialog.getByText("Scaled. Widget scaled now wants 5 replicas.").waitFor({ timeout: 15_000 });
    expect(await spec()).toBe(5);
    await old.page.close();
  });

  it("says why the server refuses a scale (a red widget runs at most 5 replicas)", async () => {
    await kube.create(widgets("v1"), {
      apiVersion: "demo.loupe.dev/v1",
      kind: "Widget",
      metadata: { name: "red", namespace: ns },
      spec: { color: "red", replicas: 1 },
    });
    const { page } = await open(`/c/loupe-local${widgets("v1")}/red`);
    await page.getByRole("toolbar", { name: "Object actions" }).getByRole("button", { name: "Scale" }).click();
    const dialog = page.getByRole("dialog", { name: "Scale Widget red" });
    await dialog.getByText("Desired replicas: 1").waitFor({ timeout: 15_000 });
    await dialog.getByLabel("Replicas").fill("6");
    await dialog.getByRole("button", { name: "Scale", exact: true }).click();
    await dialog.getByRole("alert").waitFor({ timeout: 15_000 });
    expect(await dialog.getByRole("alert").textContent()).toContain("red widgets run at most 5 replicas");
    expect(await dialog.getByLabel("Replicas").inputValue()).toBe("6");
    await page.close();
  });
});
