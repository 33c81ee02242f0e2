import { deepStrictEqual } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { configureRules } from "../../src/engine/configure";
import type { Rule } from "../../src/engine/rule";
import { runRules } from "../../src/engine/run";
import { reportedFindings } from "../../src/findings/pipeline";
import { EMPTY_CONFIG } from "../../src/config/config";
import { knowledgeOf } from "../../src/config/knowledge";
import { loadStreams } from "../../src/load/loader";
import { Locator } from "../../src/locate/locate";
import type { SourceRegion } from "../../src/locate/types";
import type { KnowledgeAdditions } from "../../src/model/knowledge";
import { Model } from "../../src/model/model";
import type { Severity } from "../../src/model/types";
import { objectRef } from "../../src/model/types";
import { dedent } from "./dedent";
import { TOOLS } from "./tools";

/**
 * A finding a reject case expects, as ESLint's and stylelint's testers demand it: which message
 * of the rule, on which object, and the exact region of the YAML it points at.
 */
export interface Expected {
  /** "Kind/namespace/name" (or "Kind/name" when cluster-scoped). */
  readonly object: string;
  /** For a chart case, the file the finding points at when it is not the case's template ("templates/_helpers.tpl"). */
  readonly file?: string;
  /** The key of the rule's `meta.messages` the finding was made from. */
  readonly messageId: string;
  readonly line: number;
  readonly column: number;
  /** Where the located text ends; endColumn is the column after its last character (SARIF's). */
  readonly endLine: number;
  readonly endColumn: number;
  /** A fragment the message must contain. */
  readonly message?: string;
  /** A fragment the fix must contain (every finding carries a fix). */
  readonly fix: string;
  readonly severity?: Severity;
  /**
   * Objects the finding names as related, by "Kind/namespace/name"; required when the finding
   * has any (a rule's related objects are part of what it reports).
   */
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
  /**
   * For what only a chart's templates show (a rule that reads model.generatedCertificates()):
   * the case's `yaml` is then a Helm template, written to `templates/<chart.template>` of a chart
   * named `example` with `chart.files` beside it (`templates/_helpers.tpl`, `values.yaml`),
   * rendered with the pinned Helm 4, and loaded as trustlint loads its own render. Lines are
   * lines of that template (or of the file a finding names).
   */
  readonly chart?: ChartCase;
}

export interface ChartCase {
  /** The template's path under `templates/`. */
  readonly template: string;
  /** Other files of the chart, by path relative to the chart (dedented). */
  readonly files?: Readonly<Record<string, string>>;
}

/** The instant rule tests judge certificates at, unless a case says otherwise. */
export const TEST_NOW = "2026-12-04T00:00:00Z";

export interface RejectCase extends Case {
  readonly findings: readonly Expected[];
}

export interface RuleTests {
  readonly accept: readonly Case[];
  readonly reject: readonly RejectCase[];
  /**
   * Message ids no case here can produce because they need what a case cannot give (a Helm
   * chart's templates), each with the test that asserts it ("test/e2e/x.test.ts: test name").
   * Kept rare: the tester checks every id named here is a message of the rule.
   */
  readonly messagesTestedElsewhere?: Readonly<Record<string, string>>;
}

const FILE = "/virtual/manifests.yaml";

/** A located finding as the tester compares it, objects as "Kind/namespace/name". */
export interface Found {
  readonly ruleId: string;
  readonly object: string;
  readonly severity: Severity;
  readonly messageId: string;
  readonly message: string;
  readonly fix: string | undefined;
  readonly location: SourceRegion;
  readonly related: readonly string[];
}

/**
 * Runs one rule over a case's YAML as lint does: the model built with the case's knowledge,
 * the rule's options validated, then the CLI's own reduction and location
 * (src/findings/pipeline.ts: supersede, dedupe, provenance, locate).
 */
export function runRule(rule: Rule, c: Case): Found[] {
  if (c.chart) {
    const chart = renderChartCase(c.yaml, c.chart);
    try {
      return runLoaded(rule, c, loadStreams([chart.stream], "default"), chart.dir);
    } finally {
      chart.cleanup();
    }
  }
  return runLoaded(rule, c, loadStreams([{ text: dedent(c.yaml), origin: { via: "file", file: FILE } }], "default"), "/virtual");
}

/**
 * A one-template chart written to a temporary directory and rendered with the pinned Helm 4 as
 * trustlint renders a chart target (`helm template release-name <dir>`): the stream and its origin.
 */
export function renderChartCase(template: string, chart: ChartCase): { stream: { text: string; origin: { via: "helm"; file: string; chartDir: string } }; dir: string; cleanup: () => void } {
  const dir = join(mkdtempSync(join(tmpdir(), "trustlint-rule-chart-")), "example");
  const cleanup = () => rmSync(dirname(dir), { recursive: true, force: true });
  try {
    const files: Record<string, string> = { "Chart.yaml": "apiVersion: v2\nname: example\nversion: 0.1.0\n", ...chart.files, [join("templates", chart.template)]: template };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), dedent(text));
    }
    const home = join(dirname(dir), "helm-home");
    const text = execFileSync(TOOLS.helm4, ["template", "release-name", dir, "--namespace", "default", "--kube-version", "1.34.0"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: home, HELM_DATA_HOME: join(home, "data"), HELM_CONFIG_HOME: join(home, "config"), HELM_CACHE_HOME: join(home, "cache") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { stream: { text, origin: { via: "helm", file: join(dir, "<rendered>"), chartDir: dir } }, dir, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

function runLoaded(rule: Rule, c: Case, loaded: ReturnType<typeof loadStreams>, cwd: string): Found[] {
  const config = { ...EMPTY_CONFIG, rules: new Map([[rule.meta.id, { options: c.options ?? {} }]]), ...(c.knowledge ? { knowledge: c.knowledge } : {}) };
  const configured = configureRules([rule], config);
  const locator = new Locator(cwd);
  // As lint does: the knowledge section, plus deprecated knowledge options of the rule; a chart's templates through the locator.
  const model = new Model(loaded.objects, knowledgeOf(config, () => undefined), {}, { generatedCertificates: () => locator.generatedCertificates(loaded.objects) });
  const raw = runRules(model, configured, { clusterDomain: c.clusterDomain, now: Date.parse(c.now ?? TEST_NOW) });
  return reportedFindings(raw, locator, cwd).map(({ finding: f }) => ({
    ruleId: f.meta.id,
    object: objectRef(f.object),
    severity: f.severity,
    messageId: f.messageId,
    message: f.message,
    fix: f.fix,
    location: f.location,
    related: f.related.map((r) => objectRef(r.object)),
  }));
}

/** "12:9-12:31" */
function span(f: Found): string {
  const l = f.location;
  return `${l.line}:${l.column}-${l.endLine}:${l.endColumn}`;
}

/**
 * The source under a region, for failure output: the first line with `^` at the column and `~`
 * to the end of the region (or of the line), and for a region over several lines its last line
 * with `~` up to the end column.
 */
export function showRegion(lines: readonly string[], f: Pick<Found, "location">): string {
  const { line, column, endLine, endColumn } = f.location;
  const first = lines[line - 1] ?? "";
  const firstEnd = endLine === line ? endColumn : first.length + 1;
  const out = [`    ${String(line).padStart(4)} | ${first}`, `         | ${" ".repeat(column - 1)}^${"~".repeat(Math.max(0, firstEnd - column - 1))}`];
  if (endLine > line) {
    if (endLine > line + 1) out.push(`         | ...`);
    const last = lines[endLine - 1] ?? "";
    const indent = last.length - last.trimStart().length;
    out.push(`    ${String(endLine).padStart(4)} | ${last}`, `         | ${" ".repeat(indent)}${"~".repeat(Math.max(1, endColumn - 1 - indent))}`);
  }
  return out.join("\n");
}

/** Each reported finding as an Expected literal, with the source under its region: for failures and for writing cases. */
export function describeFound(yaml: string, found: readonly Found[]): string {
  const lines = dedent(yaml).split("\n");
  return found
    .map((f) => {
      const l = f.location;
      const fields = [`object: ${JSON.stringify(f.object)}`, `messageId: ${JSON.stringify(f.messageId)}`, `line: ${l.line}`, `column: ${l.column}`, `endLine: ${l.endLine}`, `endColumn: ${l.endColumn}`, `severity: ${JSON.stringify(f.severity)}`];
      if (f.related.length) fields.push(`related: ${JSON.stringify(f.related)}`);
      return `  { ${fields.join(", ")} }\n    message: ${f.message}\n    fix: ${f.fix ?? "(none)"}\n${showRegion(lines, f)}`;
    })
    .join("\n");
}

function byPosition<T>(key: (x: T) => readonly [number, number, number, number, string]) {
  return (a: T, b: T) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < 4; i++) if (ka[i] !== kb[i]) return (ka[i] as number) - (kb[i] as number);
    return ka[4] < kb[4] ? -1 : ka[4] > kb[4] ? 1 : 0;
  };
}

/** Every suite testRule was given, in order: for scripts/rule-findings.ts, which prints what each case reports. */
export const SUITES: { readonly rule: Rule; readonly tests: RuleTests }[] = [];

/** What makes two cases the same case: the same manifests under the same settings. */
function caseKey(c: Case): string {
  return JSON.stringify([dedent(c.yaml).trim(), c.options ?? {}, c.knowledge ?? {}, c.clusterDomain ?? null, c.now ?? TEST_NOW, c.chart ?? null]);
}

/** Cases that repeat another (same YAML and settings) or its name. */
export function duplicateCases(tests: RuleTests): string[] {
  const seen = new Map<string, string>();
  const names = new Set<string>();
  const problems: string[] = [];
  for (const c of [...tests.accept, ...tests.reject]) {
    const key = caseKey(c);
    const before = seen.get(key);
    if (before !== undefined) problems.push(`"${c.name}" repeats "${before}" (same YAML and settings)`);
    else seen.set(key, c.name);
    if (names.has(c.name)) problems.push(`two cases are named "${c.name}"`);
    names.add(c.name);
  }
  return problems;
}

/** What is wrong with the suite's coverage of the rule's messages: ids no reject case expects, a rule with none, unknown ids listed as tested elsewhere. */
export function unexercisedMessages(rule: Rule, tests: RuleTests): string[] {
  const declared = Object.keys(rule.meta.messages);
  const elsewhere = Object.keys(tests.messagesTestedElsewhere ?? {});
  const expected = new Set([...tests.reject.flatMap((c) => c.findings.map((e) => e.messageId)), ...elsewhere]);
  return [
    ...(declared.length ? [] : [`${rule.meta.id} declares no meta.messages`]),
    ...elsewhere.filter((id) => !declared.includes(id)).map((id) => `messagesTestedElsewhere names "${id}", which the rule does not declare`),
    ...declared.filter((id) => !expected.has(id)).map((id) => `no reject case expects message "${id}"`),
  ];
}

/**
 * stylelint-style accept/reject cases for one rule. Every reject case lists every finding it
 * expects, each with its message id, object and exact region, a fragment of its fix, and its
 * related objects when it has any; anything else reported fails the case, as does a finding from
 * another rule id. The suite itself fails when two cases are the same (same YAML and settings)
 * or share a name, and when a message the rule declares is expected by no reject case.
 */
export function testRule(rule: Rule, tests: RuleTests): void {
  SUITES.push({ rule, tests });
  describe(`rule ${rule.meta.id}`, () => {
    it("has no duplicate cases", () => {
      deepStrictEqual(duplicateCases(tests), []);
    });

    it("exercises every message id in a reject case", () => {
      deepStrictEqual(unexercisedMessages(rule, tests), []);
    });

    for (const c of tests.accept) {
      it(`accepts: ${c.name}`, () => {
        const found = runRule(rule, c);
        deepStrictEqual(found.length, 0, `expected no findings; reported:\n${describeFound(c.yaml, found)}`);
      });
    }
    for (const c of tests.reject) {
      it(`rejects: ${c.name}`, () => {
        const expected = [...c.findings].sort(byPosition((e) => [e.line, e.column, e.endLine, e.endColumn, `${e.object} ${e.messageId}`]));
        const found = runRule(rule, c).sort(byPosition((f) => [f.location.line, f.location.column, f.location.endLine, f.location.endColumn, `${f.object} ${f.messageId}`]));
        deepStrictEqual(
          found.map((f) => ({ ruleId: f.ruleId, object: f.object, messageId: f.messageId, line: f.location.line, column: f.location.column, endLine: f.location.endLine, endColumn: f.location.endColumn })),
          expected.map((e) => ({ ruleId: rule.meta.id, object: e.object, messageId: e.messageId, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn })),
          `findings differ; reported:\n${describeFound(c.yaml, found)}`,
        );
        expected.forEach((e, i) => {
          const f = found[i]!;
          const which = `finding ${i + 1} (${e.messageId} at ${span(f)})`;
          if (e.message !== undefined && !f.message.includes(e.message)) throw new Error(`message of ${which} "${f.message}" lacks "${e.message}"`);
          if (!f.fix) throw new Error(`${which} has no fix`);
          if (!f.fix.includes(e.fix)) throw new Error(`fix of ${which} "${f.fix}" lacks "${e.fix}"`);
          if (e.severity !== undefined) deepStrictEqual(f.severity, e.severity, `severity of ${which}`);
          if (c.chart) deepStrictEqual(f.location.uri, e.file ?? `templates/${c.chart.template}`, `file of ${which}`);
          deepStrictEqual([...f.related].sort(), [...(e.related ?? [])].sort(), `related objects of ${which}${e.related ? "" : " (the case lists none)"}`);
        });
      });
    }
  });
}
