import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { jsonReport, runCli } from "../support/cli";
import { assertToolsPresent } from "../support/tools";

/**
 * Each target is its own cluster: two charts linted in one run never meet in a cross-object rule
 * unless `groups:` says they are installed together; then the finding names each object's target.
 */
const SERVING = "test/fixtures/clusters/serving";
const SECRETS = "test/fixtures/clusters/secrets";
const RMQ = "test/fixtures/clusters/rmq-operator";
const CERT_MANAGER = "test/fixtures/clusters/cert-manager";
const RMQ_WITH_CERT_MANAGER = "test/fixtures/clusters/grouped-rmq.trustlint.yaml";

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

  it("RBAC alone is no caBundle writer: grouped with cert-manager, the rabbitmq operator's webhook without caBundle is still reported at its line (issue 15)", async () => {
    const run = await runCli([RMQ, CERT_MANAGER, "-n", "rmq", "--config", RMQ_WITH_CERT_MANAGER, "--format", "json"]);
    strictEqual(run.code, 1, run.stderr);
    const all = jsonReport(run).findings;
    // The chart also makes its webhook CA and certificate with genCA/genSignedCert on every render (true: generated-cert-not-stable).
    const generated = "generated-cert-not-stable";
    deepStrictEqual(all.filter((g) => g.ruleId === generated).map((g) => `${g.location.file}:${g.location.line}`), [3, 4].map((l) => `${RMQ}/templates/validating-webhook-configuration.yaml:${l}`));
    const [f, ...rest] = all.filter((g) => g.ruleId !== generated);
    // Nothing else: cert-manager's own webhook, annotated for the cainjector, is filled.
    deepStrictEqual(rest, []);
    strictEqual(f!.ruleId, "webhook-ca-missing");
    strictEqual(`${f!.location.file}:${f!.location.line}:${f!.location.column}`, `${RMQ}/templates/validating-webhook-configuration.yaml:104:5`);
    match(f!.message, /: webhook "voperatorpolicy\.kb\.io" calls Service rmq\/release-name-rmq-operator-messaging-topology-operator-webhook with an empty caBundle/);
    const cainjector = f!.related.find((r) => r.object.kind === "Deployment" && r.object.name === "release-name-cainjector");
    strictEqual(`${cainjector?.location.file}:${cainjector?.location.line}`, `${CERT_MANAGER}/templates/cainjector-deployment.yaml:1`);
    match(cainjector!.message, /^may update it \(ClusterRole release-name-cainjector\) but is no writer of its caBundle: cert-manager's cainjector injects only into objects annotated cert-manager\.io\/inject-ca-from, /);
    match(cainjector!.message, /\(target test\/fixtures\/clusters\/cert-manager\)$/);
  });

  it("the same two charts with the webhook annotated for the cainjector: nothing to report", async () => {
    const run = await runCli([RMQ, CERT_MANAGER, "-n", "rmq", "--set", "useCertManager=true", "--config", RMQ_WITH_CERT_MANAGER, "--format", "json"]);
    strictEqual(run.code, 0, run.stderr);
    const report = jsonReport(run);
    deepStrictEqual(report.findings, []);
    // The rabbitmq chart's Issuer and Certificate are rendered: the annotation has its source.
    strictEqual(report.summary.objects, 11);
  });
});
