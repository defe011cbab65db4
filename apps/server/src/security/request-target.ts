/**
 * Why a raw request target is not a normalized origin-form path, or undefined when it is one (DESIGN §7). The
 * router decodes what it matches, so a target that is not normalized could name a route in a way no check on the
 * URL text expects; Loupe's own client never sends one, so refusing them costs nothing. Refused:
 * - anything but origin-form (`/path?query`): absolute-form (`http://host/path`), authority-form, `*`;
 * - empty segments (`//`), dot segments (`/./`, `/../`, also percent-encoded);
 * - percent-encoded slashes and backslashes (`%2F`, `%5C`), raw backslashes, NUL and control characters;
 * - percent-encoded unreserved characters (`%61` for `a`: RFC 3986 §6.2.2.2 says to decode them), and malformed
 *   percent-escapes.
 */
export function targetProblem(target: string): string | undefined {
  if (!target.startsWith("/")) return "the request target must be a path (absolute-form and * are refused)";
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  if (path.length > 8192) return "the path is too long";
  if (path.includes("\\") || hasControlCharacter(path)) return "the path contains a backslash or a control character";
  if (/%(?![0-9a-fA-F]{2})/.test(path)) return "the path contains a malformed percent-escape";
  for (const match of path.matchAll(/%([0-9a-fA-F]{2})/g)) {
    const char = String.fromCharCode(Number.parseInt(match[1] ?? "", 16));
    if (char === "/" || char === "\\") return "the path contains an encoded slash";
    if (/[A-Za-z0-9\-._~]/.test(char)) return `the path percent-encodes "${char}", which needs no encoding`;
    if (char === "\u0000") return "the path contains an encoded NUL";
  }
  const segments = path.split("/").slice(1);
  for (const [i, segment] of segments.entries()) {
    if (segment === "." || segment === "..") return "the path contains a dot segment";
    // A trailing slash leaves one empty last segment; any other empty segment is a double slash.
    if (segment === "" && i < segments.length - 1) return "the path contains an empty segment (//)";
  }
  return undefined;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
