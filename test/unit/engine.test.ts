import { deepStrictEqual, throws } from "node:assert/strict";
import { configureRules } from "../../src/engine/configure";
import { defineRule } from "../../src/engine/rule";
import { runRules } from "../../src/engine/run";
import { reduceFindings } from "../../src/findings/reduce";
import { EMPTY_CONFIG } from "../../src/config/config";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { UserError } from "../../src/util/errors";

const objects = loadStreams([{ text: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n", origin: { via: "file", file: "/x.yaml" } }], "default").objects;
const meta = { shortDescription: "s", fullDescription: "f", remediation: "r", severity: "warning", incident: 1, tags: ["security"], precision: "high", securitySeverity: 5 } as const;

const general = defineRule({
  meta: { ...meta, id: "general" },
  check: ({ model, report }) => {
    for (const o of model.objects) report({ object: o, path: ["spec"], message: "general", rootCause: "same" });
    for (const o of model.objects) report({ object: o, path: ["metadata"], message: "other cause", rootCause: "other" });
  },
});
const specific = defineRule({
  meta: { ...meta, id: "specific", supersedes: ["general"] },
  check: ({ model, report }) => {
    for (const o of model.objects) report({ object: o, path: ["spec", "containers"], message: "specific", rootCause: "same" });
  },
});
const withOptions = defineRule({
  meta: { ...meta, id: "with-options", optionsSchema: { type: "object", additionalProperties: false, properties: { limit: { type: "integer", minimum: 1 } } }, defaultOptions: { limit: 3 } },
  check: ({ options, model, report }) => {
    for (const o of model.objects) report({ object: o, path: [], message: `limit ${options.limit}` });
  },
});

describe("engine", () => {
  it("keeps only the most specific rule's finding for one root cause on one object", () => {
    const found = reduceFindings(runRules(new Model(objects), configureRules([general, specific], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") }));
    deepStrictEqual(found.map((f) => `${f.meta.id}:${f.input.message}`).sort(), ["general:other cause", "specific:specific"]);
  });

  it("merges default options and validates them against the rule's schema", () => {
    const ok = configureRules([withOptions], EMPTY_CONFIG);
    deepStrictEqual(ok[0]!.options, { limit: 3 });
    const bad = { ...EMPTY_CONFIG, rules: new Map([["with-options", { options: { limit: 0 } }]]), where: () => ".trustlint.yaml:4" };
    throws(() => configureRules([withOptions], bad), (e: unknown) => e instanceof UserError && e.line() === ".trustlint.yaml:4: invalid options for rule with-options: limit must be >= 1");
    const unknown = { ...EMPTY_CONFIG, rules: new Map([["with-options", { options: { nope: true } }]]), where: () => ".trustlint.yaml:4" };
    throws(() => configureRules([withOptions], unknown), /must NOT have additional properties "nope"/);
  });

  it("rejects a config naming a rule that does not exist", () => {
    const cfg = { ...EMPTY_CONFIG, rules: new Map([["no-such-rule", { level: "error" as const }]]), where: () => ".trustlint.yaml:2" };
    throws(() => configureRules([general], cfg), (e: unknown) => e instanceof UserError && e.line() === '.trustlint.yaml:2: invalid config: unknown rule "no-such-rule" (see trustlint --list-rules)');
  });

  it("drops rules set to off and applies configured levels", () => {
    const cfg = { ...EMPTY_CONFIG, rules: new Map([["general", { level: "off" as const }], ["specific", { level: "error" as const }]]) };
    deepStrictEqual(configureRules([general, specific], cfg).map((c) => `${c.rule.meta.id}:${c.severity}`), ["specific:error"]);
  });
});
