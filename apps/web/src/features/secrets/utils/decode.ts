/** A Secret `data` value decoded for reading: its text when it is UTF-8 text, else only its size. Pure. */
export type DecodedValue = { kind: "text"; text: string; bytes: number } | { kind: "binary"; bytes: number };

export function decodeSecretValue(base64: string): DecodedValue | null {
  let binary: string;
  try {
    binary = atob(base64.replace(/\s/g, ""));
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // Control characters other than tab and newlines make it binary for display purposes.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of the test.
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { kind: "binary", bytes: bytes.length };
    return { kind: "text", text, bytes: bytes.length };
  } catch {
    return { kind: "binary", bytes: bytes.length };
  }
}
