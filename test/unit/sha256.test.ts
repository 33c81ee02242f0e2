import { strictEqual } from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha256Hex } from "../../src/util/sha256";

/**
 * src/util/sha256.ts must be SHA-256 exactly: findings' fingerprints (SARIF partialFingerprints,
 * which code scanning matches alerts by) were made with node:crypto and must not change.
 */
describe("sha256Hex is node:crypto's SHA-256 of the UTF-8 bytes", () => {
  const node = (text: string) => createHash("sha256").update(text).digest("hex");
  const fixed = ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(63), "a".repeat(64), "a".repeat(65), "a".repeat(1000), "trust-store-shadowed|file:///x.yaml|apps/v1/Deployment/ns/web|spec.template", "é—中文😀", "\ud800 lone surrogate"];
  for (const text of fixed) it(`${JSON.stringify(text.length > 40 ? `${text.slice(0, 20)}… (${text.length})` : text)}`, () => strictEqual(sha256Hex(text), node(text)));
  it("the FIPS 180-4 example: abc", () => strictEqual(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  it("2,000 random strings of 0–300 code units, all lengths around the block edges", () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    for (let n = 0; n < 2000; n++) {
      const len = n < 300 ? n : next() % 300;
      let s = "";
      for (let i = 0; i < len; i++) {
        const r = next() % 100;
        s += String.fromCharCode(r < 80 ? 32 + (next() % 95) : r < 95 ? 0x80 + (next() % 0x780) : 0x800 + (next() % 0xf000));
      }
      strictEqual(sha256Hex(s), node(s), `length ${len}`);
    }
  });
});
