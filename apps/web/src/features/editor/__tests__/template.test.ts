import type { SchemaField } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { templateObject, templateYaml } from "../utils/template.ts";

const f = (path: string, type: string, extra: Partial<SchemaField> = {}): SchemaField => ({
  path,
  name: path.slice(path.lastIndexOf(".") + 1),
  type,
  required: false,
  ...extra,
});

/** The CronTab sample's tree, as the schema route answers it (trimmed). */
const CRONTAB: SchemaField[] = [
  f("apiVersion", "<string>"),
  f("kind", "<string>"),
  f("metadata", "<ObjectMeta>", {
    children: [f("metadata.name", "<string>"), f("metadata.labels", "<map[string]string>")],
  }),
  f("spec", "<Object>", {
    children: [
      f("spec.cronSpec", "<string>", {
        required: true,
        pattern: "^(\\S+\\s){5}\\S+$",
        description: "The cron spec string.",
      }),
      f("spec.image", "<string>", { required: true, description: "The image to run." }),
      f("spec.replicas", "<integer>", { minimum: 1, maximum: 10 }),
    ],
  }),
  f("status", "<Object>", { children: [f("status.lastScheduleTime", "<string>", { required: true })] }),
];

describe("templateObject", () => {
  it("builds apiVersion, kind, metadata in the namespace and the required fields with placeholders", () => {
    const { object } = templateObject(CRONTAB, {
      apiVersion: "stable.example.com/v1",
      kind: "CronTab",
      namespace: "team-a",
    });
    expect(object).toEqual({
      apiVersion: "stable.example.com/v1",
      kind: "CronTab",
      metadata: { name: "", namespace: "team-a" },
      spec: { cronSpec: "", image: "" },
    });
  });

  it("leaves the namespace out for a cluster-scoped kind, and never writes status", () => {
    const { object } = templateObject(CRONTAB, {
      apiVersion: "platform.example.com/v1",
      kind: "Tenant",
      namespace: undefined,
    });
    expect(object.metadata).toEqual({ name: "" });
    expect(object).not.toHaveProperty("status");
  });

  it("uses defaults, enums, minimums and an empty value of each type", () => {
    const fields = [
      f("spec", "<Object>", {
        children: [
          f("spec.tier", "<string>", { required: true, default: "standard", enum: ["free", "standard"] }),
          f("spec.color", "<string>", { required: true, enum: ["red", "green"] }),
          f("spec.replicas", "<integer>", { required: true, minimum: 1 }),
          f("spec.ratio", "<number>", { required: true, minimum: 0, exclusiveMinimum: true }),
          f("spec.enabled", "<boolean>", { required: true }),
          f("spec.args", "<[]string>", { required: true }),
          f("spec.env", "<[]Object>", {
            required: true,
            children: [f("spec.env.name", "<string>", { required: true })],
          }),
          f("spec.config", "<map[string]string>", { required: true }),
          f("spec.size", "<IntOrString>", { required: true }),
          f("spec.selector", "<LabelSelector>", {
            required: true,
            children: [f("spec.selector.matchLabels", "<map[string]string>")],
          }),
          f("spec.optional", "<string>"),
        ],
      }),
    ];
    const { object } = templateObject(fields, { apiVersion: "v1", kind: "Thing", namespace: "default" });
    expect(object.spec).toEqual({
      tier: "standard",
      color: "red",
      replicas: 1,
      ratio: 1,
      enabled: false,
      args: [],
      env: [],
      config: {},
      size: "",
      selector: {},
    });
  });

  it("includes required top-level fields other than spec, and an empty spec when the kind has one", () => {
    const fields = [
      f("metadata", "<ObjectMeta>"),
      f("target", "<ObjectReference>", { required: true }),
      f("data", "<map[string]string>"),
    ];
    expect(templateObject(fields, { apiVersion: "v1", kind: "Binding", namespace: "x" }).object).toEqual({
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "", namespace: "x" },
      target: {},
    });
    const withSpec = [f("spec", "<Object>", { children: [f("spec.paused", "<boolean>")] })];
    expect(templateObject(withSpec, { apiVersion: "v1", kind: "K", namespace: undefined }).object.spec).toEqual({});
  });
});

describe("templateYaml", () => {
  it("annotates each placeholder with its type and description, and parses back to the template object", () => {
    const target = { apiVersion: "stable.example.com/v1", kind: "CronTab", namespace: "default" };
    const text = templateYaml(CRONTAB, target);
    expect(text).toContain('cronSpec: "" # required <string>: The cron spec string.');
    expect(text).toContain('name: "" # required: the new object\'s name');
    expect(parse(text)).toEqual(templateObject(CRONTAB, target).object);
  });

  it("puts a collection's comment above its key", () => {
    const fields = [f("spec", "<Object>", { children: [f("spec.args", "<[]string>", { required: true })] })];
    const text = templateYaml(fields, { apiVersion: "v1", kind: "K", namespace: undefined });
    expect(text).toContain("  # required <[]string>\n  args: []\n");
  });
});
