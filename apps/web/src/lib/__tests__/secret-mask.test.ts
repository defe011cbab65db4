import { describe, expect, it } from "vitest";
import {
  isMask,
  isSecretsUrl,
  LAST_APPLIED,
  MASK_PREFIX,
  maskedPaths,
  maskObject,
  maskSecrets,
  maskValue,
} from "../secret-mask.ts";

const salt = "test-salt";
const VALUE = "hunter2-very-secret";
const B64 = Buffer.from(VALUE).toString("base64");
const applied = `${JSON.stringify({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "s", namespace: "ns", annotations: {} },
  data: { password: B64 },
  stringData: { token: VALUE },
})}\n`;

const secret = (extra: { data?: Record<string, string>; stringData?: Record<string, string> } = {}) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "s", namespace: "ns", resourceVersion: "7", annotations: { [LAST_APPLIED]: applied, team: "a" } },
  type: "Opaque",
  data: { password: B64, empty: "" } as Record<string, string>,
  stringData: undefined as Record<string, string> | undefined,
  ...extra,
});

/** Neither the value nor its base64 appears anywhere in `value` serialized. */
function expectNoValue(value: unknown) {
  const text = JSON.stringify(value);
  expect(text).not.toContain(VALUE);
  expect(text).not.toContain(B64);
}

describe("maskValue", () => {
  it("keeps the size (decoded for base64) and a short salted hash, never the value", () => {
    const m = maskValue(B64, { base64: true, salt });
    expect(m).toMatch(new RegExp(`^${MASK_PREFIX} \\(19 bytes, [0-9a-f]{6}\\)$`));
    expect(maskValue(VALUE, { base64: false, salt })).toMatch(/\(19 bytes, [0-9a-f]{6}\)$/);
    expect(maskValue("", { base64: true, salt })).toContain("(0 bytes,");
    expect(maskValue("QQ==", { base64: true, salt })).toContain("(1 byte,");
  });

  it("tells different values apart and is stable for one salt; another salt gives another hash", () => {
    const a = maskValue("YWJj", { base64: true, salt });
    expect(maskValue("YWJj", { base64: true, salt })).toBe(a);
    expect(maskValue("YWJk", { base64: true, salt })).not.toBe(a);
    expect(maskValue("YWJj", { base64: true, salt: "other" })).not.toBe(a);
  });

  it("leaves a mask as it is (masking twice changes nothing)", () => {
    const m = maskValue(B64, { base64: true, salt });
    expect(maskValue(m, { base64: true, salt })).toBe(m);
    expect(isMask(m)).toBe(true);
    expect(isMask(B64)).toBe(false);
  });
});

describe("maskObject", () => {
  it("masks data, stringData and the values in the last-applied annotation; keys and the rest are kept", () => {
    const input = secret({ stringData: { token: VALUE } });
    const before = JSON.stringify(input);
    const out = maskObject(input, { salt });
    expectNoValue(out);
    expect(JSON.stringify(input)).toBe(before); // not mutated
    expect(Object.keys(out.data)).toEqual(["password", "empty"]);
    expect(isMask(out.data.password)).toBe(true);
    expect(isMask(out.stringData?.token)).toBe(true);
    expect(out.type).toBe("Opaque");
    expect(out.metadata.annotations.team).toBe("a");
    const last = JSON.parse(out.metadata.annotations[LAST_APPLIED] as string);
    expect(Object.keys(last.data)).toEqual(["password"]);
    expect(isMask(last.data.password)).toBe(true);
    expect(isMask(last.stringData.token)).toBe(true);
    expect(last.metadata.name).toBe("s");
    expect((out.metadata.annotations[LAST_APPLIED] as string).endsWith("\n")).toBe(true);
  });

  it("shows a changed value as a changed mask", () => {
    const a = maskObject(secret(), { salt });
    const b = maskObject(secret({ data: { password: Buffer.from("other").toString("base64"), empty: "" } }), { salt });
    expect(a.data.password).not.toBe(b.data.password);
    expect(a.data.empty).toBe(b.data.empty);
  });

  it("masks a Table row's metadata-only object by its last-applied JSON, or by the caller's word", () => {
    const row = { kind: "PartialObjectMetadata", metadata: { name: "s", annotations: { [LAST_APPLIED]: applied } } };
    expectNoValue(maskObject(row, { salt }));
    const unparseable = { metadata: { name: "s", annotations: { [LAST_APPLIED]: `{"kind":"Secret" ${VALUE}` } } };
    expectNoValue(maskObject(unparseable, { secrets: true, salt }));
  });

  it("leaves other kinds alone, as the same reference", () => {
    const configMap = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", annotations: { [LAST_APPLIED]: '{"kind":"ConfigMap","data":{"a":"b"}}' } },
      data: { password: "visible" },
    };
    expect(maskObject(configMap, { salt })).toBe(configMap);
    const crd = { apiVersion: "example.com/v1", kind: "Secret", metadata: { name: "x" }, data: { a: "b" } };
    expect(maskObject(crd, { salt })).toBe(crd);
  });
});

describe("maskSecrets", () => {
  it("masks a Secret, a SecretList and a list fetched from a Secret URL (items carry no kind)", () => {
    expectNoValue(maskSecrets(secret(), { salt }));
    const bare = { metadata: { name: "s" }, data: { password: B64 } };
    expectNoValue(maskSecrets(bare, { secrets: true, salt }));
    expectNoValue(maskSecrets({ kind: "SecretList", apiVersion: "v1", metadata: {}, items: [bare] }, { salt }));
    expectNoValue(maskSecrets({ kind: "List", metadata: {}, items: [bare] }, { secrets: true, salt }));
    expect(JSON.stringify(maskSecrets({ kind: "List", metadata: {}, items: [bare] }, { salt }))).toContain(B64);
  });

  it("masks Table rows", () => {
    const table = {
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata: {},
      columnDefinitions: [],
      rows: [
        { cells: ["s", "Opaque", 1], object: { metadata: { name: "s", annotations: { [LAST_APPLIED]: applied } } } },
      ],
    };
    const out = maskSecrets(table, { salt });
    expectNoValue(out);
    expect(out.rows[0]?.cells).toEqual(["s", "Opaque", 1]);
  });

  it("masks watch snapshots and events of both modes", () => {
    const bare = { metadata: { name: "s" }, data: { password: B64 } };
    expectNoValue(
      maskSecrets({ type: "snapshot", id: "w1", resourceVersion: "1", items: [bare] }, { secrets: true, salt }),
    );
    const row = { cells: [], object: { metadata: { name: "s", annotations: { [LAST_APPLIED]: applied } } } };
    expectNoValue(
      maskSecrets({ type: "snapshot", id: "w1", resourceVersion: "1", columns: [], rows: [row] }, { salt }),
    );
    const events = {
      type: "events",
      id: "w1",
      events: [
        { type: "MODIFIED", object: secret() },
        { type: "ADDED", row },
      ],
    };
    expectNoValue(maskSecrets(events, { salt }));
  });

  it("returns what holds no Secret as the same reference", () => {
    const list = { kind: "PodList", metadata: {}, items: [{ kind: "Pod", metadata: { name: "p" } }] };
    expect(maskSecrets(list, { salt })).toBe(list);
    const message = { type: "status", id: "w1", state: "live" };
    expect(maskSecrets(message, { salt })).toBe(message);
  });
});

describe("maskedPaths", () => {
  it("names every masked value, so a save of masked text can be refused", () => {
    const masked = maskObject(secret({ stringData: { token: VALUE } }), { salt });
    expect(maskedPaths(masked)).toEqual(["data.password", "data.empty", "stringData.token"]);
    expect(maskedPaths(secret())).toEqual([]);
  });
});

describe("isSecretsUrl", () => {
  it("recognizes Secret collections and objects, in a namespace or all, percent-encoded or not", () => {
    expect(isSecretsUrl("/api/v1/contexts/c/k8s/api/v1/namespaces/ns/secrets/s")).toBe(true);
    expect(isSecretsUrl("/api/v1/contexts/c/k8s/api/v1/secrets?limit=500")).toBe(true);
    expect(isSecretsUrl("/api/v1/contexts/c/k8s/api/v1/namespaces/ns/%73ecrets")).toBe(true);
    expect(isSecretsUrl("/api/v1/contexts/c/k8s/api/v1/namespaces/secrets/configmaps")).toBe(false);
    expect(isSecretsUrl("/api/v1/contexts/c/k8s/apis/example.com/v1/secrets")).toBe(false);
    expect(isSecretsUrl("/api/v1/contexts/c/catalog")).toBe(false);
    expect(isSecretsUrl("/api/v1/contexts/k8s/k8s/api/v1/namespaces/ns/secrets")).toBe(true);
    expect(isSecretsUrl("/api/v1/contexts/c/k8s/api/v1/namespaces/ns/secrets/%E0%A4%A")).toBe(true);
  });
});
