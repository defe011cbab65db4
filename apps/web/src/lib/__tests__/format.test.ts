import { describe, expect, it } from "vitest";
import { ageOf, cellText, count, formatAge, parseHumanDuration } from "../format.ts";

describe("formatAge", () => {
  it.each([
    [0, "0s"],
    [45_000, "45s"],
    [119_000, "119s"],
    [5 * 60_000 + 12_000, "5m12s"],
    [12 * 60_000, "12m"],
    [3 * 3600_000 + 4 * 60_000, "3h4m"],
    [20 * 3600_000, "20h"],
    [3 * 86400_000 + 5 * 3600_000, "3d5h"],
    [30 * 86400_000, "30d"],
    [800 * 86400_000, "2y70d"],
  ])("%i ms → %s", (ms, text) => expect(formatAge(ms)).toBe(text));
  it("ages timestamps and tolerates missing ones", () => {
    expect(ageOf("2026-01-01T00:00:00Z", Date.parse("2026-01-01T00:01:00Z"))).toBe("60s");
    expect(ageOf(undefined)).toBe("—");
    expect(ageOf("not a date")).toBe("—");
  });
});

describe("parseHumanDuration", () => {
  it("reads the API server's age cells", () => {
    expect(parseHumanDuration("45s")).toBe(45);
    expect(parseHumanDuration("3h2m")).toBe(3 * 3600 + 120);
    expect(parseHumanDuration("2y30d")).toBe(2 * 365 * 86400 + 30 * 86400);
  });
  it("is NaN for anything else", () => {
    expect(parseHumanDuration("<invalid>")).toBeNaN();
    expect(parseHumanDuration("")).toBeNaN();
    expect(parseHumanDuration("5 minutes")).toBeNaN();
  });
});

describe("cellText", () => {
  it("prints any cell value as text", () => {
    expect([cellText(null), cellText("a"), cellText(3), cellText(true), cellText({ a: 1 })]).toEqual([
      "",
      "a",
      "3",
      "true",
      '{"a":1}',
    ]);
  });
});

describe("count", () => {
  it("formats like toLocaleString, with one shared formatter", () => {
    expect(count(1234567)).toBe((1234567).toLocaleString());
    expect(count(0)).toBe("0");
  });
});
