import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { jsonReport, runCli } from "../support/cli";
import { assertToolsPresent } from "../support/tools";

/**
 * Each target is its own cluster: two charts linted in one run never meet in a cross-object rule
 * unless `groups:` says they are installed together; then the finding names each object's target.
 */
const SERVING = "test/fixtures/clusters/serving";
const SECRETS = "test/fixtures/clusters/secrets";

before(() => assertToolsPresent());

describe("end to end: targets as clusters", () => {
  it("two charts in one run keep their own findings: a Secret of one chart is no writer of the other's service-ca Secret", async () => {
    const run = await runCli([SERVING, SECRETS, "-n", "web", "--no-config", "--format", "json"]);
    strictEqual(run.code, 0, run.stderr);
    const report = jsonReport(run);
    deepStrictEqual(report.findings, []);
    strictEqual(report.summary.objects, 2);
  });

  it("groups: in the config merges them: serving-cert-secret-conflict, naming the target of each object", async () => {
    const run = await runCli([SERVING, SECRETS, "-n", "web", "--config", "test/fixtures/clusters/grouped.trustlint.yaml", "--format", "json"]);
    strictEqual(run.code, 1, run.stderr);
    const [f, ...rest] = jsonReport(run).findings;
    deepStrictEqual(rest, []);
    strictEqual(f!.ruleId, "serving-cert-secret-conflict");
    strictEqual(`${f!.location.file}:${f!.location.line}`, `${SERVING}/templates/service.yaml:6`);
    match(f!.message, /\[target test\/fixtures\/clusters\/serving\]$/);
    deepStrictEqual(
      f!.related.map((r) => `${r.object.kind}/${r.object.name} ${r.location.file}:${r.location.line} ${/\(target [^)]+\)$/.exec(r.message)?.[0] ?? ""}`),
      [`Secret/web-tls ${SECRETS}/templates/secret.yaml:4 (target ${SECRETS})`],
    );
  });
});
