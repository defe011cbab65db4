import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { fixtureCrds } from "../support/fixtures.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The Overview shows the object itself: a cert-manager Certificate (the real CRD from shared/fixtures, a deep spec)
// with its printer columns first, then spec and status as a tree annotated from the schema, and a link to its CRD.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `overview-${uniqueSuffix()}`;
const LONG = `${"a-very-long-dns-name-".repeat(12)}example.com`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  const [certificates] = await fixtureCrds("certificates.cert-manager.io");
  await kube.crd(certificates as never);
  await kube.namespace(ns);
  await kube.create(`/apis/cert-manager.io/v1/namespaces/${ns}/certificates`, {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "web" },
    spec: {
      secretName: "web-tls",
      commonName: "web.example.com",
      dnsNames: ["web.example.com", "www.example.com", LONG],
      duration: "2160h0m0s",
      renewBefore: "360h0m0s",
      issuerRef: { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" },
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      subject: { organizations: ["Example Org"], countries: ["NL"] },
      usages: ["server auth", "digital signature"],
    },
  });
  await kube.must(
    "PATCH",
    `/apis/cert-manager.io/v1/namespaces/${ns}/certificates/web/status`,
    {
      status: {
        notAfter: "2027-02-23T10:00:00Z",
        revision: 2,
        conditions: [
          {
            type: "Ready",
            status: "True",
            reason: "Ready",
            message: "Certificate is up to date and has not expired",
            lastTransitionTime: "2026-11-25T10:00:00Z",
          },
        ],
      },
    },
    "application/merge-patch+json",
  );
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  await kube.remove(`/api/v1/namespaces/${ns}`);
  kube.close();
});

describe("the Overview of a custom resource", () => {
  it("shows the printer columns, spec and status as a tree with schema descriptions, and links the CRD", async () => {
    const { page, errors } = await openPage(
      browser,
      `${loupe.url}/c/loupe-local/apis/cert-manager.io/v1/namespaces/${ns}/certificates/web`,
    );
    // Printer columns first, with the cells the Table format computes for this object.
    const columns = page.getByRole("region", { name: "Columns" });
    await columns.getByText("letsencrypt").waitFor();
    const columnText = await columns.textContent();
    expect(columnText).toContain("Ready");
    expect(columnText).toContain("True");
    expect(columnText).toContain("web-tls");
    expect(columnText).toContain("Certificate is up to date and has not expired");
    expect(columnText).not.toContain("Name");

    const tree = page.getByRole("list", { name: "Object values" });
    await tree.getByText("web.example.com", { exact: true }).first().waitFor();
    const treeText = (await tree.textContent()) ?? "";
    for (const text of ["issuerRef", "ClusterIssuer", "ECDSA", "rotationPolicy", "Example Org", "notAfter"]) {
      expect(treeText).toContain(text);
    }
    // Times are printed in UTC with an age; conditions have their own table, not the tree.
    expect(treeText).toContain("2027-02-23 10:00:00 UTC");
    expect(treeText).not.toContain("lastTransitionTime");
    await page
      .getByRole("region", { name: /Conditions/ })
      .getByText("Certificate is up to date")
      .waitFor();

    // The schema's description on hover (the title of the field's key, once the schema has loaded).
    const issuer = tree.getByRole("button", { name: /issuerRef/ });
    await expect.poll(() => issuer.getAttribute("title")).toContain("Reference to the issuer responsible");

    // Long strings are folded until asked for.
    expect(treeText).not.toContain(LONG);
    await tree.getByRole("button", { name: /show all \d+ characters/ }).click();
    expect(await tree.textContent()).toContain(LONG);

    // Collapsing a map hides its values and shows a summary; the keyboard toggles it too.
    const privateKey = tree.getByRole("button", { name: /privateKey/ });
    await privateKey.focus();
    await page.keyboard.press("Enter");
    expect(await privateKey.getAttribute("aria-expanded")).toBe("false");
    expect(await tree.textContent()).not.toContain("ECDSA");
    await page.keyboard.press("Enter");
    expect(await tree.textContent()).toContain("ECDSA");

    // The CRD's page is one click away.
    const crd = page.getByRole("link", { name: "definition (CRD)" });
    expect(await crd.getAttribute("href")).toBe("/c/loupe-local/crds/certificates.cert-manager.io");
    await screenshot(page, "object-overview-certificate");

    // A change made elsewhere shows in the columns and the tree.
    await kube.mergePatch(`/apis/cert-manager.io/v1/namespaces/${ns}/certificates/web`, {
      spec: { secretName: "web-tls-2", privateKey: { size: 384 } },
    });
    await columns.getByText("web-tls-2").waitFor();
    await tree.getByText("384", { exact: true }).waitFor();
    await crd.click();
    await page.getByRole("heading", { name: "Certificate", level: 2 }).waitFor();
    expect(page.url()).toContain("/crds/certificates.cert-manager.io");
    expect(errors).toEqual([]);
  });

  it("keeps a Secret's values out of the tree", async () => {
    await kube.create(`/api/v1/namespaces/${ns}/secrets`, {
      metadata: { name: "web-tls" },
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": "CERT-VALUE-never-shown", "tls.key": "KEY-VALUE-never-shown" },
    });
    const { page } = await openPage(browser, `${loupe.url}/c/loupe-local/api/v1/namespaces/${ns}/secrets/web-tls`);
    await page.getByRole("region", { name: "Columns" }).getByText("kubernetes.io/tls").waitFor();
    const tree = page.getByRole("list", { name: "Object values" });
    await tree.getByText("type").waitFor();
    expect(await tree.textContent()).not.toContain("tls.crt");
    expect(await page.content()).not.toContain("KEY-VALUE-never-shown");
    expect(await page.content()).not.toContain(Buffer.from("KEY-VALUE-never-shown").toString("base64"));
  });
});
