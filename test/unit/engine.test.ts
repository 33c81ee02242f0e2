import { deepStrictEqual, throws } from "node:assert/strict";
import { configureRules } from "../../src/engine/configure";
import { defineRule } from "../../src/engine/rule";
import { sarifMessageString } from "../../src/engine/message";
import { RuleCrash, runRules } from "../../src/engine/run";
import { reduceFindings } from "../../src/findings/reduce";
import { EMPTY_CONFIG } from "../../src/config/config";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { UserError } from "../../src/util/errors";

const objects = loadStreams([{ text: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n", origin: { via: "file", file: "/x.yaml" } }], "default").objects;
const meta = { shortDescription: "s", fullDescription: "f", remediation: "r", severity: "warning", incident: 1, tags: ["security"], precision: "high", securitySeverity: 5 } as const;
const NOW = { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") };

const general = defineRule({
  meta: { ...meta, id: "general", messages: { general: "general", other: "other cause" } },
  check: ({ model, report }) => {
    for (const o of model.objects) report({ object: o, path: ["spec"], messageId: "general", rootCause: "same" });
    for (const o of model.objects) report({ object: o, path: ["metadata"], messageId: "other", rootCause: "other" });
  },
});
const specific = defineRule({
  meta: { ...meta, id: "specific", supersedes: ["general"], messages: { specific: "specific" } },
  check: ({ model, report }) => {
    for (const o of model.objects) report({ object: o, path: ["spec", "containers"], messageId: "specific", rootCause: "same" });
  },
});
const withOptions = defineRule({
  meta: { ...meta, id: "with-options", messages: { limit: "limit {{limit}}" }, optionsSchema: { type: "object", additionalProperties: false, properties: { limit: { type: "integer", minimum: 1 } } }, defaultOptions: { limit: 3 } },
  check: ({ options, model, report }) => {
    for (const o of model.objects) report({ object: o, path: [], messageId: "limit", data: { limit: options.limit } });
  },
});

describe("engine", () => {
  it("keeps only the most specific rule's finding for one root cause on one object", () => {
    const found = reduceFindings(runRules(new Model(objects), configureRules([general, specific], EMPTY_CONFIG), NOW));
    deepStrictEqual(found.map((f) => `${f.meta.id}:${f.input.messageId}:${f.message}`).sort(), ["general:other:other cause", "specific:specific:specific"]);
  });

  describe("messages", () => {
    const reporting = (messages: Record<string, string>, messageId: string, data?: Record<string, string | number>) =>
      defineRule({
        meta: { ...meta, id: "msg", messages },
        check: ({ model, report }) => {
          for (const o of model.objects) report({ object: o, path: [], messageId, ...(data ? { data } : {}) });
        },
      });
    const run = (rule: ReturnType<typeof reporting>) => runRules(new Model(objects), configureRules([rule], EMPTY_CONFIG), NOW);

    it("fills a message's placeholders from the report's data and keeps the id", () => {
      const [f] = run(reporting({ named: "{{kind}} {{ name }} has {{count}} keys; {{kind}} again" }, "named", { kind: "Pod", name: "p", count: 2 }));
      deepStrictEqual([f!.input.messageId, f!.message], ["named", "Pod p has 2 keys; Pod again"]);
    });

    it("does not read placeholders inside the data it fills in", () => {
      const [f] = run(reporting({ m: "value {{value}} of {{name}}" }, "m", { value: "{{name}}", name: "x" }));
      deepStrictEqual(f!.message, "value {{name}} of x");
    });

    it("crashes the rule (RuleCrash) on a message id meta.messages does not declare", () => {
      throws(
        () => run(reporting({ known: "k" }, "unknown")),
        (e: unknown) => e instanceof RuleCrash && e.ruleId === "msg" && e.message === 'internal error in rule msg: unknown messageId "unknown" (meta.messages of msg has known)',
      );
    });

    it("crashes the rule (RuleCrash) on a placeholder the data lacks", () => {
      throws(
        () => run(reporting({ m: "{{name}} in {{container}}" }, "m", { name: "SSL_CERT_FILE" })),
        (e: unknown) => e instanceof RuleCrash && e.message === 'internal error in rule msg: message "m" of msg needs data.container',
      );
    });
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

describe("messages in SARIF's form", () => {
  it("numbers placeholders by first use and doubles literal braces", () => {
    deepStrictEqual(sarifMessageString("{{a}} and {{ b }} replace {{{a}}}; {x}"), { text: "{0} and {1} replace {{{0}}}; {{x}}", names: ["a", "b"] });
  });
});
