import { describe, expect, it } from "vitest";
import { decodeSecretValue } from "../decode.ts";

const b64 = (bytes: number[] | string) =>
  Buffer.from(typeof bytes === "string" ? bytes : Uint8Array.from(bytes)).toString("base64");

describe("decodeSecretValue", () => {
  it("decodes UTF-8 text, multi-line included, with its size in bytes", () => {
    expect(decodeSecretValue(b64("pässword\nline 2"))).toEqual({ kind: "text", text: "pässword\nline 2", bytes: 16 });
    expect(decodeSecretValue("")).toEqual({ kind: "text", text: "", bytes: 0 });
  });

  it("calls invalid UTF-8 and control bytes binary, and bad base64 unreadable", () => {
    expect(decodeSecretValue(b64([0xff, 0xfe, 0x00]))).toEqual({ kind: "binary", bytes: 3 });
    expect(decodeSecretValue(b64([0x41, 0x00, 0x42]))).toEqual({ kind: "binary", bytes: 3 });
    expect(decodeSecretValue("not base64!")).toBeNull();
  });
});
