import { deepStrictEqual, doesNotMatch, ok, strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scratch } from "../support/cli";
import { REPOSITORY } from "../support/issue-repository";
import { assertSchemaValid } from "../support/sarif";
import { ROOT, TOOLS, assertToolsPresent } from "../support/tools";
import { writeTree } from "../support/tree";

/**
 * Issue 11, deliverable 6 and "done when": the Action (the real dist/action.cjs, as the runner
 * starts it) on the issue's repository writes the SARIF of the targets that worked, a job summary
 * (findings by rule and severity, linked to the rules' pages; input shown as inert text) and a
 * last log line that counts exactly the findings at or above the fail level.
 */

// A file name a pull request could add: markup, a table cell break, a javascript: link, a mention.
const HOSTILE = "manifests/<img src=x>|[a](javascript:b)@team.yaml";

const SHADOWED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shadow
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          volumeMounts:
            - name: ca
              mountPath: /etc/ssl/certs
      volumes:
        - name: ca
          configMap:
            name: corp-ca
`;

const RULE_ROW = (rule: string, severity: string, count: number) => `| [\`${rule}\`](https://github.com/trustlint/trustlint/blob/main/rules/${rule}/README.md) | ${severity} | ${count} |`;

describe("the Action on a repository: SARIF, job summary and counts (issue 11)", function () {
  this.timeout(300_000);
  let dir: string;
  let cleanup: () => void;
  let bin: string;

  before(() => {
    assertToolsPresent();
    ({ dir, cleanup } = scratch("trustlint-action-repo-"));
    writeTree(dir, { ...REPOSITORY, [HOSTILE]: SHADOWED });
    // The runner's tools on PATH: helm for the charts, kubectl for the overlays.
    bin = join(dir, ".bin");
    mkdirSync(bin);
    symlinkSync(TOOLS.helm4, join(bin, "helm"));
    symlinkSync(TOOLS.kubectl, join(bin, "kubectl"));
  });
  after(() => cleanup());

  /** dist/action.cjs with the environment the Actions runner gives a JavaScript action. */
  function runAction(inputs: Record<string, string>) {
    const outputFile = join(dir, ".github-output");
    const summaryFile = join(dir, ".step-summary.md");
    writeFileSync(outputFile, "");
    // Earlier steps' summaries are kept: the Action appends.
    writeFileSync(summaryFile, "earlier step\n");
    const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: dir, GITHUB_WORKSPACE: dir, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_ACTIONS: "true" };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    const r = spawnSync(process.execPath, [join(ROOT, "dist", "action.cjs")], { cwd: tmpdir(), env, encoding: "utf8" });
    if (r.error) throw r.error;
    const outputs = Object.fromEntries(readFileSync(outputFile, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    const summary = readFileSync(summaryFile, "utf8");
    ok(summary.startsWith("earlier step\n## trustlint\n"), summary);
    const lines = r.stdout.trimEnd().split("\n");
    return { code: r.status ?? -1, stdout: r.stdout, last: lines[lines.length - 1], outputs, summary: summary.slice("earlier step\n".length) };
  }

  /** The summary's Markdown, outside its HTML blocks, holds no input: only the rules' links. */
  function assertInert(summary: string): void {
    const markdown = summary.split("\n").filter((l) => !l.startsWith("<"));
    for (const line of markdown) {
      const links = [...line.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]!);
      for (const link of links) ok(/^https:\/\/github\.com\/trustlint\/trustlint\/blob\/main\/rules\/[a-z0-9-]+\/README\.md$/.test(link), `a link that is not a rule page: ${line}`);
      doesNotMatch(line, /[<>]|javascript|@team/, line);
    }
    // In the HTML, the name is text in a code element: no tag, no cell break, no link of its own.
    doesNotMatch(summary, /<img/);
    ok(summary.includes("<td><code>manifests/&#60;img src=x&#62;&#124;[a](javascript:b)@team.yaml:13</code></td>"), summary);
  }

  it("target . (exit 2): SARIF of every root that worked, the failing chart as a notification, the summary table and the counts", () => {
    const r = runAction({ target: ".", "fail-level": "error", "sarif-file": "out/trustlint.sarif" });
    strictEqual(r.code, 2, r.stdout);
    deepStrictEqual(r.outputs, { "sarif-file": "out/trustlint.sarif", findings: "5", "exit-code": "2" });
    const sarif = JSON.parse(readFileSync(join(dir, "out/trustlint.sarif"), "utf8")) as {
      runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    assertSchemaValid(sarif);
    deepStrictEqual(
      sarif.runs[0]!.results.map((x) => `${x.ruleId} ${x.level} ${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine}`),
      [
        "ca-bundle-path-not-mounted error charts/needs-values/templates/deployment.yaml:12",
        "ca-bundle-path-not-mounted error charts/web/templates/deployment.yaml:12",
        "ca-bundle-path-not-mounted error deploy/base/deployment.yaml:12",
        "ca-bundle-path-not-mounted error deploy/base/deployment.yaml:12",
        "trust-store-shadowed warning manifests/%3Cimg%20src%3Dx%3E%7C%5Ba%5D(javascript%3Ab)%40team.yaml:13",
      ],
    );
    strictEqual(sarif.runs[0]!.invocations[0]!.executionSuccessful, false);
    deepStrictEqual(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => `${n.level} ${n.message.text}`), [
      "error charts/broken: helm template failed: execution error at (broken/templates/fail.yaml:1:3): this chart is broken on purpose",
    ]);
    // The last line of the log counts what failed the step, and what did not.
    strictEqual(r.last, "trustlint: 4 findings at or above the fail level (error), 1 below it; see out/trustlint.sarif");
    ok(r.stdout.includes("::error title=trustlint::charts/broken: helm template failed: execution error at (broken/templates/fail.yaml:1:3): this chart is broken on purpose\n"));
    const s = r.summary.split("\n");
    deepStrictEqual(s.slice(0, 8), [
      "## trustlint",
      "",
      "4 findings at or above the fail level (error), 1 below it",
      "",
      "| Rule | Severity | Findings |",
      "|---|---|---:|",
      RULE_ROW("ca-bundle-path-not-mounted", "error", 4),
      RULE_ROW("trust-store-shadowed", "warning", 1),
    ]);
    // One row per finding, the message's first line (the fix is in the SARIF and the annotations).
    strictEqual(s.filter((l) => l.startsWith("<tr><td>error</td>")).length, 4);
    ok(s.includes('<tr><td>error</td><td><code>ca-bundle-path-not-mounted</code></td><td><code>charts/web/templates/deployment.yaml:12</code></td><td><code>SSL_CERT_FILE=/etc/custom/ca.pem in container &#34;app&#34; names a path no volume mount provides.</code></td></tr>'), r.summary);
    ok(s.includes("**1 target could not be linted** (exit code 2):"));
    ok(s.includes("<table><tr><td><code>charts/broken: helm template failed: execution error at (broken/templates/fail.yaml:1:3): this chart is broken on purpose</code></td></tr></table>"));
    assertInert(r.summary);
  });

  it("targets that all lint (exit 1): the last line is the error annotation with the count at the fail level, args' --fail-level included", () => {
    const atError = runAction({ target: "charts/web deploy/overlays/prod manifests", "sarif-file": "out/some.sarif" });
    strictEqual(atError.code, 1, atError.stdout);
    deepStrictEqual(atError.outputs, { "sarif-file": "out/some.sarif", findings: "3", "exit-code": "1" });
    strictEqual(atError.last, "::error title=trustlint::2 findings at or above the fail level (error), 1 below it; see out/some.sarif and the annotations");
    strictEqual(atError.summary.split("\n")[2], "2 findings at or above the fail level (error), 1 below it");
    // `args` may set the fail level too: the CLI takes the last one, and so does the count.
    const atWarning = runAction({ target: "charts/web deploy/overlays/prod manifests", "sarif-file": "out/some.sarif", args: "--fail-level warning" });
    strictEqual(atWarning.code, 1);
    strictEqual(atWarning.last, "::error title=trustlint::3 findings at or above the fail level (warning); see out/some.sarif and the annotations");
    assertInert(atWarning.summary);
    // Nothing fails the step at fail level none; the count says so.
    const none = runAction({ target: "charts/web deploy/overlays/prod manifests", "sarif-file": "out/some.sarif", "fail-level": "none" });
    strictEqual(none.code, 0);
    strictEqual(none.last, "trustlint: 3 findings; the fail level is none, so none fails the step; see out/some.sarif");
    const rows = none.summary.split("\n").filter((l) => l.startsWith("| ["));
    deepStrictEqual(rows, [RULE_ROW("ca-bundle-path-not-mounted", "error", 2), RULE_ROW("trust-store-shadowed", "warning", 1)]);
  });

  it("when no target can be linted: no SARIF, the summary says so and names the failure, inert", () => {
    const r = runAction({ target: "charts/broken", "sarif-file": "out/none.sarif" });
    strictEqual(r.code, 2);
    deepStrictEqual(r.outputs, { "sarif-file": "", findings: "0", "exit-code": "2" });
    strictEqual(r.last, "::error title=trustlint::charts/broken: helm template failed: execution error at (broken/templates/fail.yaml:1:3): this chart is broken on purpose");
    deepStrictEqual(r.summary.split("\n").slice(0, 5), ["## trustlint", "", "No SARIF was written: no target could be linted.", "", "**1 target could not be linted** (exit code 2):"]);
  });
});
