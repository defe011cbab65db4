import { describe, expect, it } from "vitest";
import { parseLabelSelector } from "../label-selector.ts";

const labels = { app: "web", tier: "front", "example.com/team": "blue", replicas: "3" };

describe("parseLabelSelector", () => {
  it.each([
    ["app=web", true],
    ["app==web", true],
    ["app!=web", false],
    ["app=db", false],
    ["app in (db, web)", true],
    ["app notin (db,web)", false],
    ["app", true],
    ["!app", false],
    ["!missing", true],
    ["missing!=x", true],
    ["example.com/team=blue,tier=front", true],
    ["example.com/team=blue,tier=back", false],
    ["replicas>2", true],
    ["replicas<3", false],
    ["", true],
  ])("%s → %s", (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it("matches objects without labels like an empty map", () => {
    expect(parseLabelSelector("!app").matches(undefined)).toBe(true);
    expect(parseLabelSelector("app").matches(undefined)).toBe(false);
  });

  it.each([
    ["app=web,", "empty requirement"],
    ["a b c", 'cannot read "a b c"'],
    ["app=we b", "is not a label value"],
    ["-bad=x", "is not a label key"],
    ["replicas>x", "not an integer"],
  ])("refuses %j naming the problem", (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });
});
