/**
 * Aligns a rendered YAML sequence with the template parts that can write its items, to tell
 * which part wrote item `i`. The template side is a small regular pattern: literal items
 * (exactly one each), output actions such as `toYaml` (any number of items), `if`/`with`
 * branches (one of them, or none) and `range` bodies (repeated). Each literal item is scored
 * against the rendered item it would produce (written values must match); the best-scoring
 * alignment of the whole sequence wins (a Viterbi search over the pattern, memoised per
 * pattern node and start index; sequences and templates are small).
 */

export type Pattern<E> =
  | { readonly kind: "item"; readonly elem: E }
  | { readonly kind: "many"; readonly elem: E }
  | { readonly kind: "seq"; readonly parts: readonly Pattern<E>[] }
  | { readonly kind: "alt"; readonly options: readonly Pattern<E>[] }
  | { readonly kind: "loop"; readonly id: number; readonly body: Pattern<E>; readonly count?: number };

/** Which pattern element wrote a rendered item, in which iteration of each loop around it. */
export interface Assignment<E> {
  readonly elem: E;
  /** Loop id → 0-based iteration. */
  readonly iterations: ReadonlyMap<number, number>;
  /** For `many` elements: the item's position among the items that element wrote. */
  readonly offset: number;
}

export interface Scorer<E> {
  /** Score of a literal item element writing `item`; -Infinity when it cannot. */
  item(elem: E, item: unknown): number;
  /** Score of a `many` element writing `item` as its `offset`-th item. */
  many(elem: E, item: unknown, offset: number): number;
}

/** Assignments in order, as a tree so that joining two paths costs nothing (flattened once at the end). */
type Trail<E> = { readonly one: Assignment<E> } | { readonly left: Trail<E>; readonly right: Trail<E> } | null;

interface Path<E> {
  readonly score: number;
  readonly assigned: Trail<E>;
}

function join<E>(a: Trail<E>, b: Trail<E>): Trail<E> {
  return a === null ? b : b === null ? a : { left: a, right: b };
}

function flatten<E>(trail: Trail<E>): Assignment<E>[] {
  const out: Assignment<E>[] = [];
  const stack: Trail<E>[] = [trail];
  while (stack.length) {
    const t = stack.pop()!;
    if (t === null) continue;
    if ("one" in t) out.push(t.one);
    else stack.push(t.right, t.left);
  }
  return out;
}

/** Loop iterations are tagged on the way out, for the items of the paths that win. */
function tag<E>(trail: Trail<E>, loop: number, iteration: number): Trail<E> {
  if (trail === null) return null;
  if ("one" in trail) return { one: { ...trail.one, iterations: new Map([...trail.one.iterations, [loop, iteration]]) } };
  return { left: tag(trail.left, loop, iteration), right: tag(trail.right, loop, iteration) };
}

type Ends<E> = Map<number, Path<E>>;

/** The assignment of every rendered item, or undefined when the pattern cannot write `items`. */
export function align<E>(pattern: Pattern<E>, items: readonly unknown[], scorer: Scorer<E>): Assignment<E>[] | undefined {
  const memo = new Map<Pattern<E>, Map<number, Ends<E>>>();
  const run = (p: Pattern<E>, start: number): Ends<E> => {
    let byStart = memo.get(p);
    if (!byStart) memo.set(p, (byStart = new Map<number, Ends<E>>()));
    const hit = byStart.get(start);
    if (hit) return hit;
    const ends = compute(p, start);
    byStart.set(start, ends);
    return ends;
  };
  const compute = (p: Pattern<E>, start: number): Ends<E> => {
    const out: Ends<E> = new Map();
    switch (p.kind) {
      case "item": {
        if (start >= items.length) return out;
        const s = scorer.item(p.elem, items[start]);
        if (s > -Infinity) out.set(start + 1, { score: s, assigned: { one: { elem: p.elem, iterations: new Map(), offset: 0 } } });
        return out;
      }
      case "many": {
        let score = 0;
        let assigned: Trail<E> = null;
        out.set(start, { score: 0, assigned: null });
        for (let k = start; k < items.length; k++) {
          const s = scorer.many(p.elem, items[k], k - start);
          if (s === -Infinity) break;
          score += s;
          assigned = join(assigned, { one: { elem: p.elem, iterations: new Map(), offset: k - start } });
          out.set(k + 1, { score, assigned });
        }
        return out;
      }
      case "seq": {
        let frontier: Ends<E> = new Map([[start, { score: 0, assigned: null }]]);
        for (const part of p.parts) {
          const next: Ends<E> = new Map();
          for (const [pos, path] of frontier) {
            for (const [end, sub] of run(part, pos)) keepBest(next, end, { score: path.score + sub.score, assigned: join(path.assigned, sub.assigned) });
          }
          frontier = next;
          if (frontier.size === 0) break;
        }
        return frontier;
      }
      case "alt": {
        for (const option of p.options) for (const [end, sub] of run(option, start)) keepBest(out, end, sub);
        return out;
      }
      case "loop": {
        // With a known count (a range over a values list of known length), exactly that many
        // iterations; otherwise any number. An iteration may write no item (a filtered range).
        if (p.count === undefined) out.set(start, { score: 0, assigned: null });
        let frontier: Ends<E> = new Map([[start, { score: 0, assigned: null }]]);
        const limit = p.count ?? items.length;
        for (let iteration = 0; frontier.size > 0 && iteration < limit; iteration++) {
          const next: Ends<E> = new Map();
          for (const [pos, path] of frontier) {
            for (const [end, sub] of run(p.body, pos)) {
              if (end === pos && p.count === undefined) continue; // an empty iteration adds nothing
              keepBest(next, end, { score: path.score + sub.score, assigned: join(path.assigned, tag(sub.assigned, p.id, iteration)) });
            }
          }
          frontier = next;
          if (p.count === undefined) for (const [end, path] of next) keepBest(out, end, path);
        }
        if (p.count === 0) out.set(start, { score: 0, assigned: null });
        else if (p.count !== undefined) for (const [end, path] of frontier) keepBest(out, end, path);
        return out;
      }
    }
  };
  const best = run(pattern, 0).get(items.length);
  return best ? flatten(best.assigned) : undefined;
}

function keepBest<E>(ends: Ends<E>, end: number, path: Path<E>): void {
  if (better(path, ends.get(end))) ends.set(end, path);
}

/** Higher score wins; on a tie the first found (earlier template parts) stays. */
function better<E>(a: Path<E>, b: Path<E> | undefined): boolean {
  return b === undefined || a.score > b.score;
}
