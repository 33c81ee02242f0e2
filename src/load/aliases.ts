/**
 * Guards against hostile aliasing. js-yaml builds an alias as a second reference to the anchored
 * value, so a "billion laughs" document loads in milliseconds, but anything that walks the
 * object afterwards (rules, the locate stage, a reporter) would visit every expanded node:
 * nine levels of nine aliases is 387 million nodes. A recursive alias (`a: &a {b: *a}`) builds
 * a cycle that a walk never leaves. Both are refused at load time, as go-yaml (and so kubectl)
 * refuses "excessive aliasing" and recursive anchors.
 */

/** More expanded nodes than this, at more than `MAX_EXPANSION` times the written ones, is a bomb. */
export const MAX_EXPANDED_NODES = 1_000_000;
export const MAX_EXPANSION = 10;

export type AliasProblem = { readonly kind: "cycle" } | { readonly kind: "bomb"; readonly expanded: number; readonly written: number };

/** A cheap pre-check: a document without `*` has no alias and needs no walk. */
export function mayHaveAliases(text: string): boolean {
  return text.includes("*");
}

/**
 * Counts the nodes of `value` as a walk would see them (`expanded`) and as they exist in
 * memory (`written`, each shared value once), stopping early at a cycle or once the expansion
 * is clearly hostile. Linear in the written nodes: each shared value is measured once.
 */
export function aliasProblem(value: unknown): AliasProblem | undefined {
  const sizes = new Map<object, number>();
  const onPath = new Set<object>();
  let written = 0;
  let cycle = false;
  // Iterative post-order walk: deep documents must not overflow the stack.
  const stack: { node: object; children: unknown[]; next: number; size: number }[] = [];
  const enter = (node: unknown): number | undefined => {
    if (node === null || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (onPath.has(node)) {
      cycle = true;
      return 1;
    }
    onPath.add(node);
    written++;
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, size: 1 });
    return undefined;
  };
  enter(value);
  while (stack.length > 0 && !cycle) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length) {
      const size = enter(frame.children[frame.next++]);
      if (size !== undefined) frame.size += size;
      continue;
    }
    stack.pop();
    onPath.delete(frame.node);
    sizes.set(frame.node, frame.size);
    if (frame.size > MAX_EXPANDED_NODES && frame.size > MAX_EXPANSION * written) return { kind: "bomb", expanded: frame.size, written };
    const parent = stack[stack.length - 1];
    if (parent) parent.size += frame.size;
  }
  return cycle ? { kind: "cycle" } : undefined;
}
