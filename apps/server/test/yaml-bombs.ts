// Bodies that cost a YAML parser far more than their size suggests (issue 13, item 3), and deep JSON (item 6).
// Each is a ConfigMap-shaped object so that, were it accepted, it would be a plausible write.

const head = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/** A map of `keys` keys under `data` (20,000 keys ≈ 318 KB; 170,000 ≈ 3 MB). */
export function wideYaml(name: string, keys: number): string {
  const lines: string[] = [];
  for (let i = 0; i < keys; i++) lines.push(`  k${i}: v${i}`);
  return `${head(name)}data:\n${lines.join("\n")}\n`;
}

/** `levels` block maps nested by indentation under `metadata.annotations`… (`a:\n  a:\n    a: …`). */
export function deepBlockYaml(name: string, levels: number): string {
  const lines: string[] = [];
  for (let i = 0; i < levels; i++) lines.push(`${" ".repeat(2 * i)}a:`);
  return `${head(name)}x:\n${lines.map((l) => `  ${l}`).join("\n")} 1\n`;
}

/** `levels` flow sequences nested in one line: `[[[[…]]]]`. */
export function deepFlowYaml(name: string, levels: number): string {
  return `${head(name)}x: ${"[".repeat(levels)}${"]".repeat(levels)}\n`;
}

/** "Billion laughs": 9 anchors, each a list of 9 aliases of the previous one (9^9 strings once expanded). */
export function aliasBombYaml(name: string): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = "abcdefghi";
  for (let i = 1; i < names.length; i++) {
    const previous = names[i - 1];
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${previous}`).join(",")}]`);
  }
  return `${head(name)}data:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

/** `levels` nested JSON arrays inside a ConfigMap-shaped object. */
export function deepJson(name: string, levels: number): string {
  const object = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, x: 0 });
  return object.replace("0}", `${"[".repeat(levels)}${"]".repeat(levels)}}`);
}
