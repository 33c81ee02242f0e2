/**
 * Array helpers that stay within the call stack for any input size. `a.push(...b)` and
 * `Math.min(...b)` pass every element as a call argument, and V8 throws "Maximum call stack size
 * exceeded" beyond roughly 120,000 arguments: a render with 150,000 objects (or as many warnings
 * or findings) crashed the lint. Use these wherever the array comes from input.
 */

/** Appends every item of `items` to `target` (like `target.push(...items)`, for any length). */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/** The smallest number, `Infinity` when there is none (as `Math.min()` of nothing). */
export function minOf(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

/** The largest number, `-Infinity` when there is none (as `Math.max()` of nothing). */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}
