import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { jsonReport, runCli, scratch } from "../support/cli";
import type { JsonFinding } from "../support/cli";
import { HELMS, ROOT, assertToolsPresent } from "../support/tools";

/**
 * Template-line accuracy, measured. The charts under test/fixtures/template-lines use the idioms
 * real charts use (literal keys, toYaml | nindent, include of named helpers, range over lists and
 * maps, if/else/with, tpl, a whole object from a define, flow mappings, subcharts: directory,
 * nested, aliased, packed), and under real/ the idioms whose lines real charts got wrong (issue 15):
 * a key in both branches of a condition the values decide (zookeeper, loki), kong's type-branching
 * env helper, linkerd's proxy included as a sibling item of initContainers (a native sidecar),
 * opentelemetry-operator's CRDs from `tpl (.Files.Get "conf/crds/...")`, args ranged from a values
 * list (external-dns extraArgs, metrics-server args), names built from clusterDomain, and values
 * written whole or embedded (traefik's extraObjects, Bitnami's extraDeploy through the tplvalues helper,
 * grafana's datasources file in a ConfigMap, argo-cd's repository Secret per values entry), whose
 * values lines are inside the values structure.
 * Each line that must carry a finding ends with `# expect: <rule>`
 * (`*N` when N findings land on it; after a multi-line action, it means the action's first
 * line); each values line a finding must name as its related
 * location ends with `# expect-value: <rule>`. The charts are linted through the real CLI on
 * both Helm versions, and every finding is scored: exact (the expected file and line), wrong
 * line (the expected file), or wrong file.
 */

const FIXTURES = join(ROOT, "test", "fixtures", "template-lines");
const RULES = ["--rule", "trust-store-shadowed", "--rule", "ca-bundle-path-not-mounted", "--rule", "cert-mounted-with-subpath"];
const PACKED = "umbrella/charts/packed-0.1.0.tgz";
/**
 * The chart of the idioms real charts got wrong (issue 15) is linted as a user on another
 * cluster domain would: names built from clusterDomain are then info findings, whose values
 * line is the clusterDomain value; it also has webhooks and a CRD read with `.Files.Get`.
 */
const REAL_ARGS = ["-n", "apps", "--cluster-domain", "corp.internal", "--rule", "hardcoded-cluster-domain", "--rule", "webhook-ca-missing", "--rule", "tls-verification-disabled"];

interface Slot {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  left: number;
}

/** Every `# <marker>: rule[*N], ...` annotation under `dir`, with file paths relative to `root`. */
function annotations(dir: string, root: string, marker: string): Slot[] {
  const slots: Slot[] = [];
  const re = new RegExp(`#\\s*${marker}:\\s*([^#]+)$`);
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (!name.endsWith(".tgz")) {
        const lines = readFileSync(p, "utf8").split("\n");
        lines.forEach((text, i) => {
          const m = re.exec(text);
          if (!m) return;
          for (const item of m[1]!.split(",")) {
            const [rule, count] = item.trim().split("*");
            slots.push({ file: relative(root, p), line: actionStart(lines, i) + 1, rule: rule!, left: count ? Number(count) : 1 });
          }
        });
      }
    }
  };
  visit(dir);
  return slots;
}

/**
 * An annotation cannot sit inside a multi-line `{{ ... }}` action, so one written after the
 * action's last line means the line where the action starts (0-based indexes).
 */
function actionStart(lines: readonly string[], index: number): number {
  const before = lines[index]!.slice(0, lines[index]!.lastIndexOf("#"));
  const close = before.indexOf("}}");
  if (close < 0 || before.slice(0, close).includes("{{")) return index;
  for (let i = index - 1; i >= 0; i--) if (lines[i]!.lastIndexOf("{{") > lines[i]!.lastIndexOf("}}")) return i;
  return index;
}

interface Score {
  readonly total: number;
  readonly exact: number;
  readonly wrongLine: string[];
  readonly wrongFile: string[];
  /** Expected findings nobody reported. */
  readonly missing: string[];
}

/** Matches findings (or their related values locations) to expectation slots. */
function score(located: readonly { rule: string; file: string; line: number; what: string }[], slots: Slot[]): Score {
  const unmatched: (typeof located)[number][] = [];
  let exact = 0;
  for (const f of located) {
    const slot = slots.find((s) => s.left > 0 && s.rule === f.rule && s.file === f.file && s.line === f.line);
    if (slot) {
      slot.left--;
      exact++;
    } else unmatched.push(f);
  }
  const wrongLine: string[] = [];
  const wrongFile: string[] = [];
  for (const f of unmatched) {
    const slot = slots.find((s) => s.left > 0 && s.rule === f.rule && s.file === f.file);
    if (slot) {
      slot.left--;
      wrongLine.push(`${f.what} at ${f.file}:${f.line}, expected line ${slot.line}`);
    } else wrongFile.push(`${f.what} at ${f.file}:${f.line}`);
  }
  const missing = slots.filter((s) => s.left > 0).map((s) => `${s.rule} x${s.left} at ${s.file}:${s.line}`);
  return { total: located.length, exact, wrongLine, wrongFile, missing };
}

const describeFinding = (f: JsonFinding) => `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.path} (${f.location.method})`;
const percent = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`template lines: accuracy on ${helm.name}`, () => {
    let dir: string;
    let cleanup: () => void;
    let findings: JsonFinding[];

    before(async () => {
      ({ dir, cleanup } = scratch("trustlint-template-lines-"));
      cpSync(FIXTURES, dir, { recursive: true });
      // The packed subchart is built here, not committed: the umbrella chart then holds only the .tgz.
      execFileSync(helm.bin, ["package", join(dir, "packed"), "-d", join(dir, "umbrella", "charts")], { stdio: "ignore" });
      findings = [];
      for (const args of [["idioms", "-f", "idioms/ci-values.yaml"], ["umbrella"], ["upstream"], ["edge"], ["real", ...REAL_ARGS]]) {
        const run = await runCli([...args, ...RULES, "--format", "json"], { cwd: dir, env: { HELM_BIN: helm.bin } });
        strictEqual(run.code, 1, run.stderr);
        findings.push(...jsonReport(run).findings);
      }
    });
    after(() => cleanup());

    it("puts at least 95% of the findings on their exact template line, none in a wrong file, and misses none", () => {
      const slots = [...annotations(dir, dir, "expect"), { file: PACKED, line: 1, rule: "trust-store-shadowed", left: 1 }];
      const expected = slots.reduce((n, s) => n + s.left, 0);
      const s = score(
        findings.map((f) => ({ rule: f.ruleId, file: f.location.file, line: f.location.line, what: describeFinding(f) })),
        slots,
      );
      console.log(`      template-line accuracy (${helm.name}): ${s.exact}/${s.total} = ${percent(s.exact, s.total)} exact, ${s.wrongFile.length} wrong files`);
      for (const w of [...s.wrongLine, ...s.wrongFile]) console.log(`        not exact: ${w}`);
      deepStrictEqual(s.wrongFile, [], "findings in a wrong file");
      deepStrictEqual(s.missing, [], "expected findings that were not reported");
      strictEqual(s.total, expected, "every finding is expected");
      ok(s.exact / s.total >= 0.95, `accuracy ${percent(s.exact, s.total)} is below 95%`);
    });

    it("names the values line that set a templated value as a related location (values.yaml, a -f file, a parent chart's values)", () => {
      const slots = annotations(dir, dir, "expect-value");
      const located = findings.flatMap((f) =>
        f.related.filter((r) => r.message.startsWith("the value is set here")).map((r) => ({ rule: f.ruleId, file: r.location.file, line: r.location.line, what: describeFinding(f) })),
      );
      const s = score(located, slots);
      console.log(`      values-line accuracy (${helm.name}): ${s.exact}/${s.total} = ${percent(s.exact, s.total)} exact`);
      deepStrictEqual([...s.wrongLine, ...s.wrongFile], [], "values lines not exact");
      deepStrictEqual(s.missing, [], "expected values lines that were not named");
    });

    it("points a finding in a packed subchart at the .tgz (line 1, method file) and its Chart.yaml dependency", () => {
      const packed = findings.filter((f) => f.location.file === PACKED);
      strictEqual(packed.length, 1);
      deepStrictEqual(packed[0]!.location, { file: PACKED, line: 1, column: 1, endLine: 1, endColumn: 1, method: "file" });
      const dependencyLine = readFileSync(join(dir, "umbrella", "Chart.yaml"), "utf8").split("\n").findIndex((l) => l.includes("# expect-dependency")) + 1;
      deepStrictEqual(
        packed[0]!.related.map((r) => `${r.location.file}:${r.location.line}`),
        [`umbrella/Chart.yaml:${dependencyLine}`],
      );
    });

    it("judges names built from clusterDomain as info with the value's line, and a literal in a values list as an error", () => {
      const domains = findings.filter((f) => f.ruleId === "hardcoded-cluster-domain");
      const literal = domains.filter((f) => f.severity === "error");
      deepStrictEqual(literal.map((f) => `${f.object.name} ${f.path}`), ["release-name-real-idioms-external-dns spec.template.spec.containers[0].args[3]"]);
      for (const f of domains.filter((d) => d.severity !== "error")) {
        strictEqual(f.severity, "info", f.path);
        match(f.message, /built from \.Values\.clusterDomain, which renders the domain "cluster\.local"; this cluster's domain is "corp\.internal"/);
      }
      strictEqual(domains.length, 8);
    });

    it("records how each location was found", () => {
      const methods = new Set(findings.map((f) => f.location.method));
      for (const m of ["key-search", "template-action", "file"]) ok(methods.has(m), `no finding located by ${m}`);
      const action = findings.find((f) => f.location.file === "idioms/templates/toyaml.yaml" && f.ruleId === "ca-bundle-path-not-mounted");
      strictEqual(action?.location.method, "template-action");
    });
  });
}
