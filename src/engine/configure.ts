import type { Ajv } from "ajv";
import { ajvModule } from "../util/on-demand";
import type { Config } from "../config/config";
import { addPatternKeyword } from "../config/patterns";
import type { Severity } from "../model/types";
import { UserError } from "../util/errors";
import type { Rule } from "./rule";

/** A rule as it will run: with its effective severity and validated options. */
export interface ConfiguredRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: Record<string, unknown>;
}

// Built on first use: compiling a schema (and Ajv's meta-schema) costs more than a small lint.
let ajv: Ajv | undefined;

/**
 * Applies the config to the rule set: drops rules set to `off`, sets levels, and validates
 * each rule's options against its schema (as ESLint does) before anything runs.
 */
export function configureRules(rules: readonly Rule[], config: Config, knownIds: Iterable<string> = rules.map((r) => r.meta.id)): ConfiguredRule[] {
  // Config may name any rule trustlint has, even when only some run (--rule).
  const known = new Set(knownIds);
  for (const id of config.rules.keys()) {
    if (!known.has(id)) throw new UserError(`invalid config: unknown rule "${id}" (see trustlint --list-rules)`, config.where(["rules", id]));
  }
  // An ignore entry for a rule trustlint does not have (a typo, a renamed rule) would suppress
  // nothing while its author believes it does: the same error as an unknown rule under rules:.
  config.ignore.forEach((entry, i) => {
    if (entry.rule !== "*" && !known.has(entry.rule)) throw new UserError(`invalid config: unknown rule "${entry.rule}" in ignore.${i}.rule (see trustlint --list-rules)`, config.where(["ignore", i, "rule"]));
  });
  const out: ConfiguredRule[] = [];
  for (const rule of rules) {
    const rc = config.rules.get(rule.meta.id);
    const level = rc?.level ?? rule.meta.severity;
    if (level === "off") continue;
    // A rule's own defaults are valid (test/unit/rule-options.test.ts checks each): only options
    // from a config need the schema, which keeps start-up free of schema compilation.
    const options = rc?.options ? validateOptions(rule, rc.options, (at = []) => config.where(["rules", rule.meta.id, "options", ...at])) : structuredClone(rule.meta.defaultOptions ?? {});
    out.push({ rule, severity: level, options });
  }
  return out;
}

/** Defaults merged under the given options, then checked against the rule's schema. */
export function validateOptions(rule: Rule, given: Record<string, unknown>, where: (at?: readonly (string | number)[]) => string): Record<string, unknown> {
  const options: Record<string, unknown> = { ...structuredClone(rule.meta.defaultOptions ?? {}), ...given };
  const schema = rule.meta.optionsSchema ?? { type: "object", additionalProperties: false, properties: {} };
  ajv ??= addPatternKeyword(new (ajvModule().Ajv)({ allErrors: false, strict: false, useDefaults: true }));
  const validate = ajv.compile(schema);
  if (!validate(options)) {
    const e = validate.errors![0]!;
    const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "options";
    const extra = e.keyword === "additionalProperties" ? ` "${String((e.params as { additionalProperty: string }).additionalProperty)}"` : "";
    // A bad pattern is shown at its own line; other problems at the options.
    const path = e.keyword === "linearPattern" ? e.instancePath.slice(1).split("/").map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [];
    throw new UserError(`invalid options for rule ${rule.meta.id}: ${at} ${e.message ?? "is invalid"}${extra}`, where(path));
  }
  return options;
}
