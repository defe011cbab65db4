const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const STABILITY = { "": 2, beta: 1, alpha: 0 } as const;

/**
 * Kubernetes' version priority, as `kubectl` and the API server order a group's versions: versions of the form
 * `v<major>[alpha|beta<minor>]` first — GA before beta before alpha, then the higher major, then the higher minor
 * (`v2` > `v1` > `v11beta2` > `v10beta3` > `v3beta1` > `v12alpha1` > `v11alpha2`) — then any other string,
 * alphabetically. Negative when `a` comes first.
 */
export function compareVersionPriority(a: string, b: string): number {
  const x = KUBE_VERSION.exec(a);
  const y = KUBE_VERSION.exec(b);
  if (!x || !y) {
    if (x) return -1;
    if (y) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const stability =
    STABILITY[(y[2] ?? "") as keyof typeof STABILITY] - STABILITY[(x[2] ?? "") as keyof typeof STABILITY];
  if (stability !== 0) return stability;
  const major = Number(y[1]) - Number(x[1]);
  if (major !== 0) return major;
  return Number(y[3] ?? 0) - Number(x[3] ?? 0);
}

/**
 * The version a resource opens at by default: its group's preferred version when that version serves the
 * resource, else the highest-priority version that does (a group's preferred version need not serve every kind of
 * the group: kyverno.io prefers v2, which serves no `clusterpolicies`).
 */
export function defaultVersion(groupPreferred: string | undefined, served: readonly string[]): string | undefined {
  if (groupPreferred !== undefined && served.includes(groupPreferred)) return groupPreferred;
  return [...served].sort(compareVersionPriority)[0];
}
