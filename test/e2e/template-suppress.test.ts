import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { jsonReport, runCli } from "../support/cli";
import type { JsonReport } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { HELMS, assertToolsPresent } from "../support/tools";

const CHART = "test/fixtures/template-suppress/chart";
const PLAIN = "test/fixtures/template-suppress/plain.yaml";
const RULES = ["--rule", "trust-store-shadowed", "--rule", "ca-bundle-path-not-mounted"];

/** "rule object suppressed-by-comment-line" for each finding. */
function outcome(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.object.name} ${f.suppressed ? `suppressed (${f.suppressions.map((s) => `${s.kind}: ${s.reason} @ ${s.source.replace(/^comment ".*" at /, "")}`).join("; ")})` : "reported"}`).sort();
}

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`template comment suppression on ${helm.name}`, () => {
    const env = { HELM_BIN: helm.bin };

    it("suppresses the named rule on the object below the comment, and only there", async () => {
      const run = await runCli([CHART, ...RULES, "--format", "json"], { env });
      const report = jsonReport(run);
      deepStrictEqual(outcome(report), [
        "ca-bundle-path-not-mounted api reported",
        `trust-store-shadowed api suppressed (inSource: the ConfigMap is a trust-manager bundle with the public roots @ ${CHART}/templates/api.yaml:1)`,
        // Written in a named template: the comment is found in the file that defines it.
        `trust-store-shadowed migrate suppressed (inSource: the job image is distroless and reads only the mounted bundle @ ${CHART}/templates/_objects.tpl:2)`,
        `trust-store-shadowed worker-blue suppressed (inSource: blue is being decommissioned this sprint @ ${CHART}/templates/workers.yaml:4)`,
        "trust-store-shadowed worker-green reported",
      ]);
      strictEqual(run.code, 1, "the unsuppressed error still fails the run");
      strictEqual(report.summary.suppressed, 3);
    });

    it("warns about an ignore comment that names an unknown rule", async () => {
      const report = jsonReport(await runCli([CHART, ...RULES, "--format", "json"], { env }));
      deepStrictEqual(report.warnings.filter((w) => w.message.includes("trustlint:ignore")), [
        { where: `${CHART}/templates/typo.yaml:1`, message: 'trustlint:ignore names unknown rule "trust-store-shadowd" (see trustlint --list-rules); it suppresses nothing' },
      ]);
    });

    it("shows the suppression in SARIF (kind inSource, with the reason)", async () => {
      const run = await runCli([CHART, ...RULES, "--format", "sarif"], { env });
      const sarif = assertValidSarif(run.stdout);
      const suppressed = sarif.runs[0]!.results.filter((r) => r.suppressions?.length);
      strictEqual(suppressed.length, 3);
      for (const r of suppressed) {
        strictEqual(r.suppressions![0]!.kind, "inSource");
        ok(r.suppressions![0]!.justification);
      }
      match(suppressed.map((r) => r.suppressions![0]!.justification).join("\n"), /the ConfigMap is a trust-manager bundle with the public roots \(comment "# trustlint:ignore trust-store-shadowed/);
    });
  });
}

describe("comment suppression in plain YAML", () => {
  it("applies to the document below the comment, and to the List item right below it", async () => {
    const run = await runCli([PLAIN, ...RULES, "--format", "json"]);
    strictEqual(run.code, 0, run.stderr);
    deepStrictEqual(outcome(jsonReport(run)), [
      `ca-bundle-path-not-mounted debug suppressed (inSource: the debug pod is never deployed @ ${PLAIN}:1)`,
      `trust-store-shadowed debug suppressed (inSource: the debug pod is never deployed @ ${PLAIN}:1)`,
      `trust-store-shadowed first suppressed (inSource: only the first item is meant @ ${PLAIN}:20)`,
      "trust-store-shadowed second reported",
    ]);
  });
});
