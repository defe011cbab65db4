import { describe, expect, it } from "vitest";
import { AllowedHosts, hostnameOf } from "../allowed-hosts.ts";

describe("AllowedHosts", () => {
  it("allows loopback names and addresses and the --host address by default, nothing else (DNS rebinding)", () => {
    const hosts = new AllowedHosts();
    for (const host of [
      "localhost",
      "localhost:7755",
      "LOCALHOST:7755",
      "127.0.0.1:7755",
      "127.8.9.10",
      "[::1]:7755",
    ]) {
      expect(hosts.allows(host), host).toBe(true);
    }
    expect(hosts.allows("app.localhost:7755")).toBe(true);
    for (const host of [
      "evil.example",
      "evil.example:7755",
      "127.0.0.1.evil.example",
      "localhost.evil.example",
      "10.0.0.5:7755",
      "[::2]:7755",
      "",
      undefined,
      "127.0.0.1:7755/x",
      "user@127.0.0.1",
      "127.1",
    ]) {
      expect(hosts.allows(host), String(host)).toBe(false);
    }
  });

  it("allows exactly the --allowed-host names and the --host address", () => {
    const hosts = new AllowedHosts({ listenHost: "192.168.5.5", allowedHosts: ["Loupe.Example.com"] });
    expect(hosts.allows("loupe.example.com")).toBe(true);
    expect(hosts.allows("loupe.example.com:8443")).toBe(true);
    expect(hosts.allows("192.168.5.5:7755")).toBe(true);
    expect(hosts.allows("other.example.com")).toBe(false);
    expect(hosts.allows("x.loupe.example.com")).toBe(false);
    expect(hosts.allows("192.168.5.6:7755")).toBe(false);
  });

  it("allows IP literals, never names, when listening on a wildcard address (kubelet probes name the pod IP)", () => {
    const hosts = new AllowedHosts({ listenHost: "0.0.0.0" });
    expect(hosts.allows("10.244.1.7:7755")).toBe(true);
    expect(hosts.allows("[fd00::7]:7755")).toBe(true);
    expect(hosts.allows("loupe.example.com")).toBe(false);
    expect(hosts.allows("0.0.0.0.evil.example")).toBe(false);
  });

  it("takes an Origin as Loupe's own only when its host is allowed and is the one the request went to", () => {
    const hosts = new AllowedHosts({ allowedHosts: ["loupe.example"] });
    expect(hosts.allowsOrigin("http://127.0.0.1:7755", "127.0.0.1:7755")).toBe(true);
    expect(hosts.allowsOrigin("https://loupe.example", "loupe.example")).toBe(true);
    expect(hosts.allowsOrigin("https://loupe.example", "loupe.example:443")).toBe(true);
    expect(hosts.allowsOrigin("http://LOUPE.example", "loupe.example")).toBe(true);
    // another local service on another port is another origin
    expect(hosts.allowsOrigin("http://127.0.0.1:5173", "127.0.0.1:7755")).toBe(false);
    // a rebinding page: Origin and Host both name the attacker
    expect(hosts.allowsOrigin("http://evil.example:7755", "evil.example:7755")).toBe(false);
    expect(hosts.allowsOrigin("https://evil.example", "loupe.example")).toBe(false);
    expect(hosts.allowsOrigin("null", "loupe.example")).toBe(false);
    expect(hosts.allowsOrigin("file://", "loupe.example")).toBe(false);
    expect(hosts.allowsOrigin("http://loupe.example/path", "loupe.example")).toBe(false);
    expect(hosts.allowsOrigin("http://loupe.example", undefined)).toBe(false);
  });
});

describe("hostnameOf", () => {
  it("reads host[:port] and refuses anything else", () => {
    expect(hostnameOf("[::1]:7755")).toBe("::1");
    expect(hostnameOf("Example.COM:80")).toBe("example.com");
    expect(hostnameOf("a b")).toBeUndefined();
    expect(hostnameOf("a/b")).toBeUndefined();
    expect(hostnameOf("x".repeat(400))).toBeUndefined();
  });
});
