import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { jsonReport, runCli, summarise } from "../support/cli";
import type { JsonFinding } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { HELMS, assertToolsPresent } from "../support/tools";

const PLAIN = "test/fixtures/node-trust/plain";
const CHART = "test/fixtures/node-trust/chart";
const OVERLAY = "test/fixtures/node-trust/kustomize";
const RULES = ["--rule", "node-ca-not-reloaded", "--rule", "apiserver-sans-incomplete", "--rule", "san-entry-invalid"];

function finding(findings: readonly JsonFinding[], ruleId: string, kind: string): JsonFinding {
  const f = findings.find((x) => x.ruleId === ruleId && x.object.kind === kind);
  ok(f, `no ${ruleId} finding on a ${kind}`);
  return f;
}

before(() => assertToolsPresent());

describe("end to end: node and control-plane trust on plain YAML and Kustomize", () => {
  it("reports each node script and control-plane file at the offending line, exit 1", async () => {
    const run = await runCli([PLAIN, ...RULES, "--format", "json"]);
    strictEqual(run.code, 1, run.stderr);
    const report = jsonReport(run);
    deepStrictEqual(summarise(report), [
      `node-ca-not-reloaded LaunchTemplate/infra/workers-al2 ${PLAIN}/al2-launch-template.yaml:12`,
      `node-ca-not-reloaded KubeadmConfigTemplate/capi-prod/prod-md-0 ${PLAIN}/capi-cluster.yaml:19`,
      `san-entry-invalid KubeadmControlPlane/capi-prod/prod-control-plane ${PLAIN}/capi-cluster.yaml:44`,
      `san-entry-invalid Certificate/registry/registry ${PLAIN}/certificate.yaml:13`,
      `node-ca-not-reloaded EC2NodeClass//private-registry ${PLAIN}/eks-al2023-nodeclass.yaml:37`,
      `node-ca-not-reloaded DaemonSet/kube-system/node-ca-installer ${PLAIN}/host-prep-daemonset.yaml:25`,
      `apiserver-sans-incomplete ClusterConfig/kube-system/k0s ${PLAIN}/k0s.yaml:8`,
      `san-entry-invalid ClusterConfiguration// ${PLAIN}/kubeadm-config.yaml:20`,
      `apiserver-sans-incomplete JoinConfiguration// ${PLAIN}/kubeadm-config.yaml:26`,
    ]);
    // Inside a block scalar the column is the command's; base64 user data points at its field and quotes the command.
    strictEqual(finding(report.findings, "node-ca-not-reloaded", "EC2NodeClass").location.column, 5);
    const base64 = finding(report.findings, "node-ca-not-reloaded", "LaunchTemplate");
    strictEqual(base64.path, "spec.data.userData");
    match(base64.message, /^`update-ca-trust extract` \(base64 user data\) adds a CA to the node trust store/);
    match(base64.fix ?? "", /systemctl restart containerd.*\/etc\/containerd\/certs\.d\/<registry>\/ca\.crt.*hosts\.toml/);
    const daemonSet = finding(report.findings, "node-ca-not-reloaded", "DaemonSet");
    match(daemonSet.message, /`chroot \/host update-ca-trust extract` \(init container "install-ca"\)/);
    match(daemonSet.fix ?? "", /nsenter --target 1 --mount/);
    const join = finding(report.findings, "apiserver-sans-incomplete", "JoinConfiguration");
    match(join.fix ?? "", /Replace the certSANs entry "https:\/\/k8s-api\.lab\.example" with k8s-api\.lab\.example/);
    deepStrictEqual(join.related.map((r) => `${r.object.kind} ${r.location.file}:${r.location.line}`), [`ClusterConfiguration ${PLAIN}/kubeadm-config.yaml:17`]);
  });

  it("writes valid SARIF with the command's line as the region", async () => {
    const run = await runCli([`${PLAIN}/eks-al2023-nodeclass.yaml`, ...RULES, "--format", "sarif"]);
    strictEqual(run.code, 1, run.stderr);
    const results = assertValidSarif(run.stdout).runs[0]!.results;
    deepStrictEqual(
      results.map((r) => `${r.ruleId} ${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri}:${r.locations?.[0]?.physicalLocation?.region?.startLine}`),
      [`node-ca-not-reloaded ${PLAIN}/eks-al2023-nodeclass.yaml:37`],
    );
  });

  it("points into the Kustomize base file that holds the script", async () => {
    const run = await runCli([OVERLAY, ...RULES, "--format", "json"]);
    strictEqual(run.code, 1, run.stderr);
    const report = jsonReport(run);
    deepStrictEqual(summarise(report), [`node-ca-not-reloaded EC2NodeClass//prod-private-registry ${OVERLAY}/nodeclass.yaml:13`]);
    strictEqual(report.findings[0]!.location.column, 5);
  });
});

for (const helm of HELMS) {
  describe(`end to end: a chart rendering an EC2NodeClass on ${helm.name}`, () => {
    const env = { HELM_BIN: helm.bin };

    it("points at the template line of the command, and at the field for base64 user data", async () => {
      const run = await runCli([CHART, ...RULES, "--format", "json"], { env });
      strictEqual(run.code, 1, run.stderr);
      const report = jsonReport(run);
      deepStrictEqual(summarise(report), [
        `node-ca-not-reloaded EC2NodeClass//release-name-private ${CHART}/templates/ec2nodeclass.yaml:39`,
        `node-ca-not-reloaded LaunchTemplate/default/release-name-al2 ${CHART}/templates/launch-template.yaml:9`,
      ]);
      const nodeClass = finding(report.findings, "node-ca-not-reloaded", "EC2NodeClass");
      strictEqual(nodeClass.location.column, 5);
      match(nodeClass.message, /^`update-ca-trust extract` \(MIME part 2 \(text\/x-shellscript\)\)/);
      match(finding(report.findings, "node-ca-not-reloaded", "LaunchTemplate").message, /^`update-ca-trust extract` \(base64 user data\)/);
    });

    it("finds nothing when the values restart containerd after the CA is installed, exit 0", async () => {
      const run = await runCli([CHART, ...RULES, "--set", "restartRuntime=true", "--format", "json"], { env });
      strictEqual(run.code, 0, run.stderr);
      deepStrictEqual(jsonReport(run).findings, []);
    });
  });
}
