import { describe, expect, it } from "vitest";
import { parseReadyz } from "../apiserver-health.ts";

describe("parseReadyz", () => {
  it("reads the checks of a ready API server", () => {
    const text = "[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]poststarthook/start-informers ok\nreadyz check passed\n";
    expect(parseReadyz(text, true)).toEqual({
      checks: [
        { name: "ping", ok: true },
        { name: "log", ok: true },
        { name: "etcd", ok: true },
        { name: "poststarthook/start-informers", ok: true },
      ],
    });
  });

  it("names the failing checks and keeps the verdict line", () => {
    const text = "[+]ping ok\n[-]etcd failed: reason withheld\n[+]log ok\nreadyz check failed\n";
    const parsed = parseReadyz(text, false);
    expect(parsed.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["etcd"]);
    expect(parsed.message).toBe("readyz check failed");
  });
});
