import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { jsonReport, runCli, summarise } from "../support/cli";
import type { JsonFinding, JsonReport } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { HELMS, assertToolsPresent } from "../support/tools";

/**
 * Incident 1 end to end, through the real CLI and real Helm: a chart shaped like
 * kubernetes-sigs/external-dns's (the upstream distroless image, --provider, extraArgs as a map or
 * a list, env, extraVolumes and extraVolumeMounts from values), with one values file per
 * configuration people actually tried.
 */
const CHART = "test/fixtures/container-trust/external-dns";
const DEPLOYMENT_TEMPLATE = `${CHART}/templates/deployment.yaml`;
const VALUES = "test/fixtures/container-trust/values";
const NS = "dns";
const DEPLOYMENT = `Deployment/${NS}/release-name-external-dns`;
const CONTAINER_TRUST_RULES = ["ca-flag-ignored", "ca-bundle-replaces-roots", "ca-env-ignored-by-runtime", "cert-mounted-with-subpath", "tls-verification-disabled", "trust-store-shadowed", "ca-bundle-path-not-mounted"];

/** The related locations of a finding: "Kind/ns/name file:line". */
function related(f: JsonFinding): string[] {
  return f.related.map((r) => `${r.object.kind}/${r.object.namespace ?? ""}/${r.object.name} ${r.location.file}:${r.location.line}`);
}

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`end to end: container trust (external-dns) on ${helm.name}`, () => {
    const env = { HELM_BIN: helm.bin };
    const lint = async (values: string | undefined, extra: readonly string[] = []): Promise<{ code: number; report: JsonReport }> => {
      const args = [CHART, "-n", NS, ...(values ? ["-f", `${VALUES}/${values}.yaml`] : []), ...extra, "--format", "json"];
      const run = await runCli(args, { env });
      return { code: run.code, report: jsonReport(run) };
    };

    it("--provider=aws with --tls-ca=/ssl/ca.crt: ca-flag-ignored on the extraArgs line, with a fix that works for aws", async () => {
      const { code, report } = await lint("aws-tls-ca");
      strictEqual(code, 1);
      deepStrictEqual(summarise(report), [`ca-flag-ignored ${DEPLOYMENT} ${DEPLOYMENT_TEMPLATE}:49`]);
      const [f] = report.findings;
      strictEqual(f!.severity, "error");
      strictEqual(f!.path, "spec.template.spec.containers[0].args[7]");
      match(f!.message, /--tls-ca \/ssl\/ca\.crt in container "external-dns" is ignored: external-dns reads --tls-ca only with --provider pdns or rfc2136, and this container runs --provider=aws/);
      match(f!.message, /this image \(external-dns, ko-built on distroless static\) sets SSL_CERT_FILE=\/etc\/ssl\/certs\/ca-certificates\.crt/);
      // The fix names the CA the chart mounts, and both working remedies.
      ok(f!.fix?.includes("sources: [{useDefaultCAs: true}, {configMap: {name: corp-ca, key: ca.crt}}]"), f!.fix ?? "");
      ok(f!.fix?.includes("set SSL_CERT_FILE=/etc/trust/ca-certificates.crt"), f!.fix ?? "");
      ok(f!.fix?.includes("Or mount that bundle at /etc/ssl/certs/ca-certificates.crt, the path the image already reads"), f!.fix ?? "");
      // printf builds the word from a map key and value, so no values line is claimed for it.
      deepStrictEqual(related(f!), []);
    });

    it("the same flag with its file not mounted is still one finding: ca-flag-ignored, not also ca-bundle-path-not-mounted", async () => {
      const { code, report } = await lint("aws-tls-ca", ["--set", "extraVolumeMounts=null", "--set", "extraVolumes=null"]);
      strictEqual(code, 1);
      deepStrictEqual(summarise(report), [`ca-flag-ignored ${DEPLOYMENT} ${DEPLOYMENT_TEMPLATE}:49`]);
    });

    it("SSL_CERT_FILE=/ssl/ca.crt from a single-CA ConfigMap: ca-bundle-replaces-roots (info: Go still scans the image's /etc/ssl/certs)", async () => {
      const { code, report } = await lint("single-ca-ssl-cert-file");
      strictEqual(code, 0, "an info finding does not fail the run");
      deepStrictEqual(summarise(report), [`ca-bundle-replaces-roots ${DEPLOYMENT} ${DEPLOYMENT_TEMPLATE}:29`]);
      const [f] = report.findings;
      strictEqual(f!.severity, "info");
      match(f!.message, /SSL_CERT_FILE=\/ssl\/ca\.crt in container "external-dns" replaces the default roots with a file that holds only a private CA \(ConfigMap corp-ca key "ca\.crt" holds only 1 PEM certificate\)/);
      match(f!.message, /Go still scans \/etc\/ssl\/certs, whose full bundle this image ships/);
      ok(f!.fix?.includes("SSL_CERT_DIR=/etc/ssl/certs:/ssl"), f!.fix ?? "");
      deepStrictEqual(related(f!), [`ConfigMap/${NS}/corp-ca ${CHART}/templates/extra-objects.yaml:3`, `${DEPLOYMENT} ${VALUES}/single-ca-ssl-cert-file.yaml:5`]);
      strictEqual((await lint("single-ca-ssl-cert-file", ["--fail-level", "info"])).code, 1);
    });

    it("...and an error on bitnami's Debian image once SSL_CERT_DIR no longer names the image's directory (--provider=aws dials Route 53)", async () => {
      const { code, report } = await lint("single-ca-ssl-cert-file", ["--set", "image.repository=docker.io/bitnami/external-dns", "--set", "image.tag=0.15.0", "--set-json", 'env=[{"name":"SSL_CERT_FILE","value":"/ssl/ca.crt"},{"name":"SSL_CERT_DIR","value":"/ssl"}]']);
      strictEqual(code, 1);
      deepStrictEqual(summarise(report), [`ca-bundle-replaces-roots ${DEPLOYMENT} ${DEPLOYMENT_TEMPLATE}:29`]);
      strictEqual(report.findings[0]!.severity, "error");
      match(report.findings[0]!.message, /external-dns with --provider=aws dials the AWS Route 53 API \(route53\.amazonaws\.com\), and every call fails/);
    });

    it("the seed incident: the CA ConfigMap mounted over /etc/ssl/certs with --provider=aws is an error (trust-store-shadowed), naming the image's SSL_CERT_FILE it breaks", async () => {
      const { code, report } = await lint("ca-over-ssl-certs");
      strictEqual(code, 1, "every Route 53 call fails: the default gate stops it");
      deepStrictEqual(summarise(report), [`trust-store-shadowed ${DEPLOYMENT} ${DEPLOYMENT_TEMPLATE}:70`]);
      const [f] = report.findings;
      strictEqual(f!.severity, "error");
      match(f!.message, /The container runs external-dns with --provider=aws, which dials the AWS Route 53 API \(route53\.amazonaws\.com\): every call fails/);
      match(f!.message, /volume "corp-ca" \(ConfigMap corp-ca\) is mounted over \/etc\/ssl\/certs in container "external-dns", hiding the image's CA bundle \(\/etc\/ssl\/certs\/ca-certificates\.crt\)/);
      match(f!.message, /SSL_CERT_FILE=\/etc\/ssl\/certs\/ca-certificates\.crt \(set by the image\) then names a file that volume "corp-ca" does not contain/);
      deepStrictEqual(related(f!), [`ConfigMap/${NS}/corp-ca ${CHART}/templates/extra-objects.yaml:3`, `${DEPLOYMENT} ${VALUES}/ca-over-ssl-certs.yaml:10`]);
    });

    it("a full bundle (trust-manager, default CAs + the corporate CA) at the image's SSL_CERT_FILE path: clean", async () => {
      const { code, report } = await lint("full-bundle");
      strictEqual(code, 0);
      deepStrictEqual(summarise(report), []);
      strictEqual(report.summary.objects, 3, "ServiceAccount, Deployment and the Bundle were all linted");
    });

    it("--provider=pdns with --tls-ca and the CA mounted: clean", async () => {
      const { code, report } = await lint("pdns");
      strictEqual(code, 0);
      deepStrictEqual(summarise(report), []);
    });

    it("the chart's defaults: clean", async () => {
      const { code, report } = await lint(undefined);
      strictEqual(code, 0);
      deepStrictEqual(summarise(report), []);
    });

    it("the bundled example chart keeps both foundation findings next to ca-flag-ignored (one root cause, one finding)", async () => {
      const run = await runCli(["examples/external-dns", "--format", "json"], { env });
      strictEqual(run.code, 1, run.stderr);
      const example = "examples/external-dns/templates/deployment.yaml";
      const deployment = "Deployment/default/release-name-external-dns";
      deepStrictEqual(summarise(jsonReport(run)).sort(), [
        `ca-bundle-path-not-mounted ${deployment} ${example}:30`,
        `ca-flag-ignored ${deployment} ${example}:26`,
        `trust-store-shadowed ${deployment} ${example}:34`,
      ]);
    });

    it("writes schema-valid SARIF whose rules table has every container-trust rule", async () => {
      const run = await runCli([CHART, "-n", NS, "-f", `${VALUES}/aws-tls-ca.yaml`, "--format", "sarif"], { env });
      strictEqual(run.code, 1, run.stderr);
      const sarif = assertValidSarif(run.stdout);
      const ids = (sarif.runs[0]!.tool.driver.rules ?? []).map((r) => r.id);
      for (const id of CONTAINER_TRUST_RULES) ok(ids.includes(id), `${id} is not in the SARIF rules table`);
      const results = sarif.runs[0]!.results;
      deepStrictEqual(results.map((r) => `${r.ruleId} ${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri}:${r.locations?.[0]?.physicalLocation?.region?.startLine}`), [`ca-flag-ignored ${DEPLOYMENT_TEMPLATE}:49`]);
    });
  });
}

describe("container-trust rules in --list-rules", () => {
  it("lists each rule once with its severity and incident", async () => {
    const run = await runCli(["--list-rules"]);
    strictEqual(run.code, 0, run.stderr);
    const lines = run.stdout.split("\n");
    const expected: Record<string, string> = {
      "ca-flag-ignored": "error    incident 1",
      "ca-bundle-replaces-roots": "warning  incident 1",
      "ca-env-ignored-by-runtime": "warning  incident 1",
      "cert-mounted-with-subpath": "warning  incident 2",
      "tls-verification-disabled": "error    incident k",
    };
    for (const [id, rest] of Object.entries(expected)) {
      const hits = lines.filter((l) => l.split(/\s+/)[0] === id);
      strictEqual(hits.length, 1, `${id} listed ${hits.length} times`);
      ok(hits[0]!.includes(rest), hits[0]);
    }
  });
});
