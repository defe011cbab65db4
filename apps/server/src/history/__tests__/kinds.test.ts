import type { CatalogResource } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { KindMatcher, parseDuration, parseSize } from "../kinds.ts";
import { openHistoryStore } from "../open-store.ts";

const entry = (group: string, kind: string, resource: string, custom = false): CatalogResource => ({
  group,
  version: "v1",
  resource,
  kind,
  singular: kind.toLowerCase(),
  namespaced: true,
  verbs: ["list", "watch"],
  shortNames: [],
  categories: [],
  subresources: [],
  preferredVersion: "v1",
  versions: ["v1"],
  custom,
});
const deployments = entry("apps", "Deployment", "deployments");
const configmaps = entry("", "ConfigMap", "configmaps");
const secrets = entry("", "Secret", "secrets");
const pods = entry("", "Pod", "pods");
const roles = entry("rbac.authorization.k8s.io", "Role", "roles");
const crontabs = entry("stable.example.com", "CronTab", "crontabs", true);

describe("KindMatcher", () => {
  const matched = (spec?: string) =>
    [deployments, configmaps, secrets, pods, roles, crontabs]
      .filter((e) => new KindMatcher(spec).matches(e))
      .map((e) => e.kind);

  it("records every custom resource and the common built-ins by default, never Secrets or Pods", () => {
    expect(matched()).toEqual(["Deployment", "ConfigMap", "Role", "CronTab"]);
  });

  it("takes group/Kind patterns with wildcards, the core group, plurals, and exclusions", () => {
    expect(matched("/ConfigMap,core/secret")).toEqual(["ConfigMap", "Secret"]);
    expect(matched("*.example.com/*")).toEqual(["CronTab"]);
    expect(matched("apps/deployments")).toEqual(["Deployment"]);
    expect(matched("default,!stable.example.com/*,/Pod")).toEqual(["Deployment", "ConfigMap", "Pod", "Role"]);
  });

  it("refuses what is not a pattern, naming it", () => {
    expect(() => new KindMatcher("apps/Deploy ment")).toThrow(
      '--history-kinds: "apps/Deploy ment" is not a group/Kind pattern (e.g. apps/Deployment, /ConfigMap, *.example.com/*)',
    );
    expect(() => new KindMatcher("Deployment")).toThrow(/"Deployment" is not a group\/Kind pattern/);
    expect(() => new KindMatcher(" , ")).toThrow("--history-kinds: no pattern");
    expect(() => new KindMatcher(Array(65).fill("/Pod").join(","))).toThrow("at most 64 patterns");
  });
});

describe("--history-retain and --history-max-size", () => {
  it("parse durations and sizes", () => {
    expect(parseDuration("30d", "--history-retain")).toBe(30 * 86_400_000);
    expect(parseDuration("12h", "--history-retain")).toBe(12 * 3_600_000);
    expect(parseDuration("2w", "--history-retain")).toBe(14 * 86_400_000);
    expect(parseSize("2GB", "--history-max-size")).toBe(2e9);
    expect(parseSize("500MiB", "--history-max-size")).toBe(500 * 2 ** 20);
  });

  it("refuse the rest with the flag's name", () => {
    expect(() => parseDuration("5x", "--history-retain")).toThrow(
      '--history-retain: "5x" is not a duration (e.g. 30d, 12h, 90m)',
    );
    expect(() => parseDuration("10s", "--history-retain")).toThrow("shorter than a minute");
    expect(() => parseSize("lots", "--history-max-size")).toThrow(
      '--history-max-size: "lots" is not a size (e.g. 2GB, 500MB)',
    );
    expect(() => parseSize("10KB", "--history-max-size")).toThrow("less than 1MB");
  });
});

describe("openHistoryStore", () => {
  it("refuses a --history-db that is not a postgres:// URL, without echoing its password", () => {
    expect(() => openHistoryStore({ db: "mysql://me:hunter2@db/x", dir: "" })).toThrow(
      '--history-db must be a postgres:// URL, not "mysql://me:***@db/x"',
    );
  });
});
