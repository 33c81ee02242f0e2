import { deepStrictEqual, doesNotThrow } from "node:assert/strict";
import { RULES } from "../../rules";
import { validateOptions } from "../../src/engine/configure";

/**
 * configureRules uses a rule's defaultOptions without running its schema (schema compilation
 * dominated a small lint's start-up), so every default must be valid here, once.
 */
describe("rule options: every rule's defaults satisfy its own schema", () => {
  for (const rule of RULES) {
    it(rule.meta.id, () => {
      doesNotThrow(() => validateOptions(rule, {}, () => "defaults"));
      deepStrictEqual(validateOptions(rule, {}, () => "defaults"), { ...(rule.meta.defaultOptions ?? {}) });
    });
  }
});
