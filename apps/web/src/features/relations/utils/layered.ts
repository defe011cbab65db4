/**
 * A layered layout for large graphs, left to right, linear in the size of the graph (dagre's crossing reduction
 * and coordinate assignment take most of a second for 500 nodes): ranks by longest path from the sources (cycles
 * broken where a depth-first search from the root meets a node on its path), the order in each rank by
 * breadth-first discovery from the root and then a few barycenter sweeps, and vertical positions pulled toward the
 * mean of each node's neighbours (outward from the widest rank) while keeping the rank's order and
 * spacing. Pure; positions are node centres.
 */
export interface LayeredOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Space between nodes of one rank, and between ranks. */
  nodeSep: number;
  rankSep: number;
  margin: number;
}

const SWEEPS = 4;

export function layered(
  ids: readonly string[],
  edges: readonly (readonly [string, string])[],
  root: string | undefined,
  o: LayeredOptions,
): Map<string, { x: number; y: number }> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  const around: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of edges) {
    const a = index.get(from);
    const b = index.get(to);
    if (a === undefined || b === undefined || a === b) continue;
    out[a]?.push(b);
    around[a]?.push(b);
    around[b]?.push(a);
  }
  const start = root !== undefined && index.has(root) ? (index.get(root) as number) : 0;

  // Cycles: drop the edges that lead back to a node on the depth-first path (iterative, any depth).
  const state = new Uint8Array(n); // 0 unseen, 1 on the path, 2 done
  const forward: number[][] = Array.from({ length: n }, () => []);
  const visit = (s: number) => {
    const stack: [number, number][] = [[s, 0]];
    state[s] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [v, i] = top;
      const next = out[v]?.[i];
      if (next === undefined) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1] = i + 1;
      if (state[next] === 1) continue;
      forward[v]?.push(next);
      if (state[next] === 0) {
        state[next] = 1;
        stack.push([next, 0]);
      }
    }
  };
  visit(start);
  for (let v = 0; v < n; v++) if (state[v] === 0) visit(v);

  // Ranks: longest path from the sources (Kahn's order over the forward edges).
  const indegree = new Int32Array(n);
  for (const list of forward) for (const w of list) indegree[w] = (indegree[w] ?? 0) + 1;
  const rank = new Int32Array(n);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0) queue.push(v);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q] as number;
    for (const w of forward[v] ?? []) {
      rank[w] = Math.max(rank[w] ?? 0, (rank[v] ?? 0) + 1);
      indegree[w] = (indegree[w] ?? 0) - 1;
      if (indegree[w] === 0) queue.push(w);
    }
  }

  // Order: breadth-first discovery from the root (keeps siblings together), then barycenter sweeps.
  const seen = new Uint8Array(n);
  const discovery: number[] = [];
  const bfs = (s: number) => {
    seen[s] = 1;
    discovery.push(s);
    for (let q = discovery.length - 1; q < discovery.length; q++) {
      for (const w of around[discovery[q] as number] ?? []) {
        if (!seen[w]) {
          seen[w] = 1;
          discovery.push(w);
        }
      }
    }
  };
  bfs(start);
  for (let v = 0; v < n; v++) if (!seen[v]) bfs(v);
  let rankCount = 0;
  for (let v = 0; v < n; v++) rankCount = Math.max(rankCount, (rank[v] as number) + 1);
  const ranks: number[][] = Array.from({ length: rankCount }, () => []);
  for (const v of discovery) ranks[rank[v] as number]?.push(v);
  const position = new Float64Array(n); // the node's place in its rank, 0..1
  const place = (list: number[]) => {
    list.forEach((v, i) => {
      position[v] = list.length > 1 ? i / (list.length - 1) : 0.5;
    });
  };
  for (const list of ranks) place(list as number[]);
  const barycenter = (v: number, side: (w: number) => boolean) => {
    let sum = 0;
    let count = 0;
    for (const w of around[v] ?? []) {
      if (side(w)) {
        sum += position[w] as number;
        count++;
      }
    }
    return count > 0 ? sum / count : (position[v] as number);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? ranks.map((_, r) => r) : ranks.map((_, r) => ranks.length - 1 - r);
    for (const r of order) {
      const list = ranks[r] as number[];
      const side = down ? (w: number) => (rank[w] as number) < r : (w: number) => (rank[w] as number) > r;
      const keys = new Map(list.map((v) => [v, barycenter(v, side)]));
      list.sort((a, b) => (keys.get(a) as number) - (keys.get(b) as number));
      place(list);
    }
  }

  // Vertical centres: each rank stacked, then pulled toward its neighbours' mean, order and spacing kept.
  const step = o.nodeHeight + o.nodeSep;
  const y = new Float64Array(n);
  for (const list of ranks) {
    list.forEach((v, i) => {
      y[v] = i * step;
    });
  }
  const widest = ranks.reduce((best, list, r) => ((list?.length ?? 0) > (ranks[best]?.length ?? 0) ? r : best), 0);
  const spread = (list: number[], desired: Float64Array) => {
    const k = list.length;
    const a = new Float64Array(k);
    const b = new Float64Array(k);
    for (let i = 0; i < k; i++) a[i] = Math.max(desired[i] as number, i > 0 ? (a[i - 1] as number) + step : -Infinity);
    for (let i = k - 1; i >= 0; i--)
      b[i] = Math.min(desired[i] as number, i < k - 1 ? (b[i + 1] as number) - step : Infinity);
    let prev = -Infinity;
    for (let i = 0; i < k; i++) {
      const v = list[i] as number;
      y[v] = Math.max(((a[i] as number) + (b[i] as number)) / 2, prev + step);
      prev = y[v] as number;
    }
  };
  // Outward from the widest rank: each rank pulled toward its neighbours on the widest rank's side (a parent to
  // the middle of its children), so the widest rank's even spacing carries through.
  const outward = Array.from({ length: widest }, (_, i) => widest - 1 - i);
  const inward = Array.from({ length: ranks.length - widest - 1 }, (_, i) => widest + 1 + i);
  for (const r of [...outward, ...inward]) {
    const list = ranks[r] as number[];
    const desired = new Float64Array(list.length);
    list.forEach((v, i) => {
      let sum = 0;
      let count = 0;
      for (const w of around[v] ?? []) {
        if (Math.abs((rank[w] as number) - widest) < Math.abs(r - widest)) {
          sum += y[w] as number;
          count++;
        }
      }
      // A node with no neighbour on that side follows the one before it (not its stale stacked place, which would
      // pull the whole rank back up).
      desired[i] = count > 0 ? sum / count : i > 0 ? (desired[i - 1] as number) + step : (y[v] as number);
    });
    spread(list, desired);
  }

  let top = Infinity;
  for (let v = 0; v < n; v++) top = Math.min(top, y[v] as number);
  const placed = new Map<string, { x: number; y: number }>();
  ids.forEach((id, v) => {
    placed.set(id, {
      x: o.margin + o.nodeWidth / 2 + (rank[v] as number) * (o.nodeWidth + o.rankSep),
      y: o.margin + o.nodeHeight / 2 + (y[v] as number) - (Number.isFinite(top) ? top : 0),
    });
  });
  return placed;
}
