import { describe, expect, it } from "vitest";
import { SessionCodec } from "../session.ts";

const secret = "0123456789abcdef0123456789abcdef";
const session = { token: "t0k3n", user: "alice", groups: ["dev"], expires: 2_000 };

describe("SessionCodec", () => {
  it("opens what it sealed, with a fresh IV each time", () => {
    const codec = new SessionCodec(secret, () => 1_000);
    const a = codec.seal(session);
    const b = codec.seal(session);
    expect(a).not.toBe(b);
    expect(codec.open(a)).toEqual(session);
    expect(a).not.toContain("t0k3n");
  });

  it("refuses expired, tampered, foreign and garbage values", () => {
    const codec = new SessionCodec(secret, () => 1_000);
    const sealed = codec.seal(session);
    expect(new SessionCodec(secret, () => 2_000).open(sealed)).toBeUndefined();
    const bytes = Buffer.from(sealed, "base64url");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(codec.open(bytes.toString("base64url"))).toBeUndefined();
    expect(new SessionCodec(`${secret}-other`, () => 1_000).open(sealed)).toBeUndefined();
    expect(codec.open("not base64 at all")).toBeUndefined();
    expect(codec.open(undefined)).toBeUndefined();
  });

  it("wants a secret of at least 32 bytes", () => {
    expect(() => new SessionCodec("short")).toThrow("at least 32 bytes");
  });
});
