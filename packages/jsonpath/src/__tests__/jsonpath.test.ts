import { describe, expect, it } from "vitest";
import { compileJsonPath, fieldPaths, JsonPathSyntaxError, parseTemplate } from "../index.ts";

/** The input of kubectl's JSONPath reference page (kubernetes.io/docs/reference/kubectl/jsonpath). */
const doc = {
  kind: "List",
  items: [
    {
      kind: "None",
      metadata: { name: "127.0.0.1", labels: { "kubernetes.io/hostname": "127.0.0.1" } },
      status: { capacity: { cpu: "4" }, addresses: [{ type: "LegacyHostIP", address: "127.0.0.1" }] },
    },
    {
      kind: "None",
      metadata: { name: "127.0.0.2" },
      status: {
        capacity: { cpu: "8" },
        addresses: [
          { type: "LegacyHostIP", address: "127.0.0.2" },
          { type: "another", address: "127.0.0.3" },
        ],
      },
    },
  ],
  users: [
    { name: "myself", user: {} },
    { name: "e2e", user: { username: "admin", password: "secret" } },
  ],
};

/** A Deployment-like object for the custom-column cases. */
const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "web",
    namespace: "shop",
    labels: { "app.kubernetes.io/name": "web", tier: "front" },
    annotations: { "example.com/owner": "team-a" },
  },
  spec: {
    replicas: 3,
    paused: false,
    template: {
      spec: {
        containers: [
          { name: "nginx", image: "nginx:1.27" },
          { name: "sidecar", image: "envoy:1" },
        ],
      },
    },
  },
  status: {
    replicas: 3,
    readyReplicas: 2,
    counts: [2, 10, 25],
    conditions: [
      { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
      { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" },
    ],
  },
};

describe("kubectl's documented examples", () => {
  it.each([
    ["text", "kind is {.kind}", "kind is List"],
    ["@, the current object", "{@.kind}", "List"],
    ["child operator .", "{.kind}", "List"],
    ["child operator []", "{['kind']}", "List"],
    ["recursive descent", "{..name}", "127.0.0.1 127.0.0.2 myself e2e"],
    ["wildcard", "{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"],
    ["subscript", "{.users[0].name}", "myself"],
    [
      "union of paths, member after member",
      "{.items[*]['metadata.name', 'status.capacity']}",
      '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}',
    ],
    ["filter", '{.users[?(@.name=="e2e")].user.password}', "secret"],
    [
      "range",
      "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}",
      '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ',
    ],
    ["quoted text", '{range .items[*]}{.metadata.name}{"\\t"}{end}', "127.0.0.1\t127.0.0.2\t"],
    ["escaped dot in a key", "{.items[0].metadata.labels.kubernetes\\.io/hostname}", "127.0.0.1"],
    ["escaped dot in a quoted key", "{.items[0].metadata.labels['kubernetes\\.io/hostname']}", "127.0.0.1"],
    ["negative index", "{.users[-1].name}", "e2e"],
    ["slice", "{.items[0:1].metadata.name}", "127.0.0.1"],
    ["negative slice", "{.items[-1:].metadata.name}", "127.0.0.2"],
    ["$ is optional", "{$.kind}", "List"],
  ])("%s: %s", (_name, template, expected) => {
    expect(compileJsonPath(template)(doc)).toBe(expected);
  });
});

describe("custom columns", () => {
  it.each([
    ["a number", "{.spec.replicas}", "3"],
    ["bare path (custom-columns form)", ".spec.replicas", "3"],
    ["bare path without the dot", "metadata.name", "web"],
    ["braces without the dot", "{metadata.namespace}", "shop"],
    ["a false boolean is printed", "{.spec.paused}", "false"],
    ["condition filter", '{.status.conditions[?(@.type=="Available")].status}', "True"],
    ["filter with single quotes", "{.status.conditions[?(@.type=='Progressing')].reason}", "ProgressDeadlineExceeded"],
    ["filter !=", '{.status.conditions[?(@.status!="True")].type}', "Progressing"],
    ["filter matching nothing", '{.status.conditions[?(@.type=="Ready")].status}', ""],
    ["filter on existence", "{.spec.template.spec.containers[?(@.image)].name}", "nginx sidecar"],
    ["string comparison", '{.spec.template.spec.containers[?(@.name > "o")].name}', "sidecar"],
    ["numeric comparison", "{.status.counts[?(@ >= 10)]}", "10 25"],
    ["number against text never orders", '{.status.counts[?(@ > "a")]}', ""],
    ["a filter on an object selects nothing", '{.metadata[?(@.name=="web")]}', ""],
    ["label key with dots, escaped", "{.metadata.labels.app\\.kubernetes\\.io/name}", "web"],
    ["annotation key with a slash", "{.metadata.annotations.example\\.com/owner}", "team-a"],
    ["label key, unescaped dots do not match", "{.metadata.labels.app.kubernetes.io/name}", ""],
    ["index out of range", "{.spec.template.spec.containers[5].name}", ""],
    ["negative index out of range", "{.spec.template.spec.containers[-3].name}", ""],
    ["missing field", "{.spec.strategy.type}", ""],
    ["field of a string", "{.metadata.name.first}", ""],
    ["index of an object", "{.metadata[0]}", ""],
    ["wildcard, bare: values joined by commas", ".spec.template.spec.containers[*].image", "nginx:1.27,envoy:1"],
    ["wildcard in braces: joined by spaces", "{.spec.template.spec.containers[*].image}", "nginx:1.27 envoy:1"],
    ["text around two paths", "{.status.readyReplicas}/{.spec.replicas}", "2/3"],
    [
      "range over containers",
      "{range .spec.template.spec.containers[*]}{.name}={.image};{end}",
      "nginx=nginx:1.27;sidecar=envoy:1;",
    ],
    ["range over an array without [*]", "{range .status.conditions}{.type},{end}", "Available,Progressing,"],
    ["an object prints as JSON", "{.metadata.labels}", '{"app.kubernetes.io/name":"web","tier":"front"}'],
    ["index union", "{.status.conditions[0,1].type}", "Available Progressing"],
    ["slice with step", "{.spec.template.spec.containers[::2].name}", "nginx"],
    ["reverse slice", "{.spec.template.spec.containers[::-1].name}", "sidecar nginx"],
  ])("%s: %s", (_name, template, expected) => {
    expect(compileJsonPath(template)(deployment)).toBe(expected);
  });

  it("treats null as empty", () => {
    expect(compileJsonPath("{.spec.x}")({ spec: { x: null } })).toBe("");
  });

  it("cuts very long output", () => {
    const long = compileJsonPath("{.data}")({ data: "x".repeat(10_000) });
    expect(long.length).toBe(4096);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("syntax errors name the problem and where", () => {
  it.each([
    ["empty", "", /empty JSONPath/],
    ["unclosed brace", "{.spec.replicas", /unclosed "\{"/],
    ["unmatched brace", ".spec}", /unexpected "\}"|unmatched/],
    ["unclosed bracket", "{.items[0}", /unclosed "\["|unexpected/],
    ["bad index", "{.items[x]}", /"\[" takes an index/],
    ["single =", '{.items[?(@.a="b")]}', /"=" is not an operator/],
    ["unterminated string", '{.items[?(@.a=="b)]}', /unterminated string|unclosed/],
    ["range without end", "{range .items[*]}{.a}", /\{range\} without \{end\}/],
    ["end without range", "{.a}{end}", /\{end\} without \{range\}/],
    ["empty action", "{}", /empty action/],
    ["trailing dot", "{.spec.}", /a field name after "."/],
    ["slice step 0", "{.a[::0]}", /slice step of 0/],
    ["too long", `{.${"a".repeat(1100)}}`, /at most 1024 characters/],
  ])("%s: %s", (_name, template, message) => {
    let caught: unknown;
    try {
      parseTemplate(template);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JsonPathSyntaxError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toMatch(/at character \d+/);
  });
});

describe("fieldPaths", () => {
  const steps = (template: string) =>
    fieldPaths(parseTemplate(template)).map((path) =>
      path.map((s) => (s.kind === "field" ? s.name : s.kind === "item" ? "[]" : "?")).join("/"),
    );

  it.each([
    ["{.spec.replicas}", ["spec/replicas"]],
    ['{.status.conditions[?(@.type=="Ready")].status}', ["status/conditions/[]/type", "status/conditions/[]/status"]],
    ["{.metadata.labels.app\\.kubernetes\\.io/name}", ["metadata/labels/app.kubernetes.io/name"]],
    ["{range .spec.containers[*]}{.image}{end}", ["spec/containers/[]", "spec/containers/[]/image"]],
    ["{range .spec.containers}{.image}{end}", ["spec/containers", "spec/containers/[]/image"]],
    ["{..name}", ["?"]],
    ["{.a['b.c']}", ["a/b/c"]],
  ])("%s", (template, expected) => {
    expect(steps(template)).toEqual(expected);
  });
});
