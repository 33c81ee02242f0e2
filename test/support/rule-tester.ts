import { deepStrictEqual } from "node:assert/strict";
import { configureRules } from "../../src/engine/configure";
import type { Rule } from "../../src/engine/rule";
import { runRules } from "../../src/engine/run";
import { reduceFindings } from "../../src/findings/reduce";
import { EMPTY_CONFIG } from "../../src/config/config";
import { knowledgeOf } from "../../src/config/knowledge";
import { loadStreams } from "../../src/load/loader";
import { Locator } from "../../src/locate/locate";
import type { KnowledgeAdditions } from "../../src/model/knowledge";
import { Model } from "../../src/model/model";
import type { Severity } from "../../src/model/types";
import { objectRef } from "../../src/model/types";
import { dedent } from "./dedent";

/** A finding a reject case expects: the exact object, line and column of the rule's report. */
export interface Expected {
  /** "Kind/namespace/name" (or "Kind/name" when cluster-scoped). */
  readonly object: string;
  readonly line: number;
  readonly column: number;
  /** A fragment the message must contain. */
  readonly message?: string;
  readonly severity?: Severity;
  /** Objects the finding must name as related, by "Kind/namespace/name". */
  readonly related?: readonly string[];
}

interface Case {
  readonly name: string;
  /** Manifests; dedented, so line 1 is the first line after the backtick. */
  readonly yaml: string;
  readonly options?: Record<string, unknown>;
  /** The `knowledge:` section of .trustlint.yaml the case runs with. */
  readonly knowledge?: KnowledgeAdditions;
  readonly clusterDomain?: string;
  /** The instant certificates are judged at (default TEST_NOW). */
  readonly now?: string;
}

/** The instant rule tests judge certificates at, unless a case says otherwise. */
export const TEST_NOW = "2026-12-04T00:00:00Z";

export interface RejectCase extends Case {
  readonly findings: readonly Expected[];
}

export interface RuleTests {
  readonly accept: readonly Case[];
  readonly reject: readonly RejectCase[];
}

const FILE = "/virtual/manifests.yaml";

/** Runs one rule over a case's YAML and returns its findings, located in that YAML. */
export function runRule(rule: Rule, c: Case) {
  const loaded = loadStreams([{ text: dedent(c.yaml), origin: { via: "file", file: FILE } }], "default");
  const config = { ...EMPTY_CONFIG, rules: new Map([[rule.meta.id, { options: c.options ?? {} }]]), ...(c.knowledge ? { knowledge: c.knowledge } : {}) };
  const configured = configureRules([rule], config);
  // As lint does: the knowledge section, plus deprecated knowledge options of the rule.
  const model = new Model(loaded.objects, knowledgeOf(config, () => undefined));
  const raw = reduceFindings(runRules(model, configured, { clusterDomain: c.clusterDomain, now: Date.parse(c.now ?? TEST_NOW) }));
  const locator = new Locator("/virtual");
  return raw.map((r) => ({
    ruleId: r.meta.id,
    object: objectRef(r.input.object),
    severity: r.severity,
    message: r.input.message,
    fix: r.input.fix,
    location: locator.locate(r.input.object, r.input.path),
    related: (r.input.related ?? []).map((x) => objectRef(x.object)),
  }));
}

/** Each reported finding with the source line and a caret under its column, for failures. */
function describeFound(yaml: string, found: ReturnType<typeof runRule>): string {
  const lines = dedent(yaml).split("\n");
  return found
    .map((f) => `  ${f.object} ${f.location.line}:${f.location.column} ${f.message}\n    | ${lines[f.location.line - 1] ?? ""}\n    | ${" ".repeat(f.location.column - 1)}^`)
    .join("\n");
}

/**
 * stylelint-style accept/reject cases for one rule. Every reject case lists every finding it
 * expects, by object, line and column; anything else reported fails the case, as does a
 * finding from another rule id.
 */
export function testRule(rule: Rule, tests: RuleTests): void {
  describe(`rule ${rule.meta.id}`, () => {
    for (const c of tests.accept) {
      it(`accepts: ${c.name}`, () => {
        const found = runRule(rule, c);
        deepStrictEqual(found.map((f) => `${f.object} ${f.location.line}:${f.location.column} ${f.message}`), []);
      });
    }
    for (const c of tests.reject) {
      it(`rejects: ${c.name}`, () => {
        const found = runRule(rule, c).sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
        const expected = [...c.findings].sort((a, b) => a.line - b.line || a.column - b.column);
        deepStrictEqual(
          found.map((f) => ({ ruleId: f.ruleId, object: f.object, line: f.location.line, column: f.location.column })),
          expected.map((e) => ({ ruleId: rule.meta.id, object: e.object, line: e.line, column: e.column })),
          `findings differ; reported:\n${describeFound(c.yaml, found)}`,
        );
        expected.forEach((e, i) => {
          const f = found[i]!;
          if (e.message !== undefined && !f.message.includes(e.message)) throw new Error(`message "${f.message}" lacks "${e.message}"`);
          if (e.severity !== undefined) deepStrictEqual(f.severity, e.severity, `severity of finding ${i + 1}`);
          if (e.related !== undefined) deepStrictEqual([...f.related].sort(), [...e.related].sort(), `related objects of finding ${i + 1}`);
          if (!f.fix) throw new Error(`finding ${i + 1} has no fix`);
        });
      });
    }
  });
}
