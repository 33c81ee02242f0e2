import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { maxOf, minOf, pushAll } from "../../src/util/arrays";

// Issue 10, class 6: the helpers that replace `push(...array)` and `Math.min(...array)`, which
// throw "Maximum call stack size exceeded" past about 125,000 elements.
describe("util/arrays: no call-stack limit on input-sized arrays", () => {
  const big = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_000);

  it("pushAll appends 300,000 items in order, after what was there", () => {
    const target = [-1];
    pushAll(target, big);
    strictEqual(target.length, 300_001);
    deepStrictEqual([target[0], target[1], target[300_000]], [-1, big[0], big[299_999]]);
  });

  it("pushAll takes any iterable (a Set's values)", () => {
    const target: string[] = [];
    pushAll(target, new Set(["a", "b"]).values());
    deepStrictEqual(target, ["a", "b"]);
  });

  it("minOf and maxOf of 300,000 numbers, and of none as Math.min() and Math.max() of none", () => {
    strictEqual(minOf(big), 0);
    strictEqual(maxOf(big), 299_999);
    strictEqual(minOf([]), Infinity);
    strictEqual(maxOf([]), -Infinity);
  });
});
