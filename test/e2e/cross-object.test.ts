import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch, summarise } from "../support/cli";
import type { JsonFinding, JsonReport } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { HELMS, assertToolsPresent } from "../support/tools";

/**
 * Incidents 2 and 5 end to end, through the real CLI and real Helm: a chart shaped like
 * external-secrets (webhook with --cert-dir, cert-controller behind certController.create,
 * ValidatingWebhookConfigurations, a CRD conversion webhook, the chart's webhook Secret, Service
 * annotations from values) and one shaped like Calico's whisker/goldmane pair.
 */
const CHART = "test/fixtures/cross-object/external-secrets";
const TEMPLATES = `${CHART}/templates`;
const VALUES = "test/fixtures/cross-object/values";
const WHISKER = "test/fixtures/cross-object/calico-whisker";
const NS = "external-secrets";
const WEBHOOK = `${NS}/release-name-external-secrets-webhook`;

/** The related locations of a finding: "Kind/ns/name file:line" (the other objects, and values lines). */
function related(f: JsonFinding): string[] {
  return f.related.map((r) => `${r.object.kind}/${r.object.namespace ?? ""}/${r.object.name} ${r.location.file}:${r.location.line}`);
}

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`end to end: cross-object trust rules on ${helm.name}`, () => {
    const env = { HELM_BIN: helm.bin };
    const lintChart = async (values: string | undefined, extra: readonly string[] = []): Promise<{ code: number; report: JsonReport }> => {
      const args = [CHART, "-n", NS, ...(values ? ["-f", `${VALUES}/${values}.yaml`] : []), ...extra, "--format", "json"];
      const run = await runCli(args, { env });
      return { code: run.code, report: jsonReport(run) };
    };

    it("OpenShift values with certController.create=true: cert-controller-conflict on every object both issuers write", async () => {
      const { code, report } = await lintChart("openshift-cert-controller");
      strictEqual(code, 1);
      deepStrictEqual(summarise(report), [
        `cert-controller-conflict CustomResourceDefinition//externalsecrets.external-secrets.io ${TEMPLATES}/crds/externalsecret.yaml:8`,
        `cert-controller-conflict ValidatingWebhookConfiguration//secretstore-validate ${TEMPLATES}/validatingwebhook.yaml:15`,
        `cert-controller-conflict ValidatingWebhookConfiguration//externalsecret-validate ${TEMPLATES}/validatingwebhook.yaml:48`,
        `cert-controller-conflict Service/${WEBHOOK} ${TEMPLATES}/webhook-service.yaml:12`,
      ]);
      const [crd, , , service] = report.findings;
      deepStrictEqual(related(crd!), [
        `Deployment/${NS}/release-name-external-secrets-cert-controller ${TEMPLATES}/cert-controller-deployment.yaml:24`,
        `CustomResourceDefinition//externalsecrets.external-secrets.io ${VALUES}/openshift-cert-controller.yaml:10`,
      ]);
      deepStrictEqual(related(service!), [
        `Secret/${WEBHOOK} ${TEMPLATES}/webhook-secret.yaml:5`,
        `Deployment/${NS}/release-name-external-secrets-cert-controller ${TEMPLATES}/cert-controller-deployment.yaml:28`,
        `Service/${WEBHOOK} ${VALUES}/openshift-cert-controller.yaml:7`,
      ]);
      ok(report.findings.every((f) => f.fix?.includes("certController.create: false")), "every fix names the chart value");
    });

    it("writes the other objects of a cross-object finding as SARIF relatedLocations", async () => {
      const run = await runCli([CHART, "-n", NS, "-f", `${VALUES}/openshift-cert-controller.yaml`, "--format", "sarif"], { env });
      strictEqual(run.code, 1);
      const result = assertValidSarif(run.stdout).runs[0]!.results.find((r) => r.ruleId === "cert-controller-conflict" && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri?.endsWith("webhook-service.yaml"));
      ok(result, "no cert-controller-conflict result on the Service");
      deepStrictEqual(result.relatedLocations?.map((l) => `${l.physicalLocation?.artifactLocation?.uri}:${l.physicalLocation?.region?.startLine}`).sort(), [
        `${TEMPLATES}/cert-controller-deployment.yaml:28`,
        `${TEMPLATES}/webhook-secret.yaml:5`,
        `${VALUES}/openshift-cert-controller.yaml:7`,
      ]);
    });

    it("OpenShift values with the chart's webhook Secret still rendered: serving-cert-secret-conflict", async () => {
      const { code, report } = await lintChart("openshift-chart-secret");
      strictEqual(code, 1);
      deepStrictEqual(summarise(report), [`serving-cert-secret-conflict Service/${WEBHOOK} ${TEMPLATES}/webhook-service.yaml:12`]);
      deepStrictEqual(related(report.findings[0]!), [`Secret/${WEBHOOK} ${TEMPLATES}/webhook-secret.yaml:5`, `Service/${WEBHOOK} ${VALUES}/openshift-chart-secret.yaml:9`]);
      ok(report.findings[0]!.message.includes("does not have corresponding service UID"), report.findings[0]!.message);
      ok(report.findings[0]!.fix?.includes("no value drops the Secret alone: take the service-ca annotation out of webhook.service.annotations"), report.findings[0]!.fix ?? "");
    });

    it("service-ca certificate files mounted with subPath into --cert-dir: cert-mounted-with-subpath", async () => {
      const { code, report } = await lintChart("openshift-subpath");
      strictEqual(code, 0, "a warning does not fail the default --fail-level error");
      deepStrictEqual(summarise(report), [`cert-mounted-with-subpath Deployment/${WEBHOOK} ${TEMPLATES}/webhook-deployment.yaml:37`]);
    });

    it("a Certificate without <svc>.<ns>.svc: certificate-san-mismatch, on the dnsNames the fix goes into", async () => {
      const { code, report } = await lintChart("narrow-certificate");
      strictEqual(code, 1);
      // The chart's default issuerRef (Issuer my-issuer) is not in the render: an info, on its line.
      deepStrictEqual(summarise(report), [`certificate-san-mismatch Certificate/${WEBHOOK} ${TEMPLATES}/webhook-certificate.yaml:13`, `issuer-ref-unresolved Certificate/${WEBHOOK} ${TEMPLATES}/webhook-certificate.yaml:22`]);
      const f = report.findings[0]!;
      ok(f.message.includes("but not release-name-external-secrets-webhook.external-secrets.svc"), f.message);
      deepStrictEqual(related(f), [
        `ValidatingWebhookConfiguration//secretstore-validate ${TEMPLATES}/validatingwebhook.yaml:27`,
        `ValidatingWebhookConfiguration//externalsecret-validate ${TEMPLATES}/validatingwebhook.yaml:60`,
        `CustomResourceDefinition//externalsecrets.external-secrets.io ${TEMPLATES}/crds/externalsecret.yaml:47`,
        `Deployment/${WEBHOOK} ${TEMPLATES}/webhook-deployment.yaml:25`,
      ]);
    });

    it("an APIService left over for a group/version the CRD serves: apiservice-shadows-crd", async () => {
      const { code, report } = await lintChart("olm-leftover");
      strictEqual(code, 1);
      deepStrictEqual(summarise(report), [`apiservice-shadows-crd APIService//v1beta1.external-secrets.io ${TEMPLATES}/extra-manifests.yaml:3`]);
      deepStrictEqual(related(report.findings[0]!), [
        `CustomResourceDefinition//externalsecrets.external-secrets.io ${TEMPLATES}/crds/externalsecret.yaml:32`,
        // The APIService was written whole from an extraObjects item: its service field has a values line.
        `APIService//v1beta1.external-secrets.io test/fixtures/cross-object/values/olm-leftover.yaml:13`,
      ]);
    });

    it("the working OpenShift setup (cert controller off, no chart Secret, directory mounts, full SANs) is clean for every rule", async () => {
      const { code, report } = await lintChart("openshift-working");
      strictEqual(code, 0);
      deepStrictEqual(summarise(report), []);
    });

    it("the chart's defaults (its own cert controller, nothing else) are clean for every rule", async () => {
      const { code, report } = await lintChart(undefined);
      strictEqual(code, 0);
      deepStrictEqual(summarise(report), []);
    });

    it("Calico whisker with --cluster-domain example.com: hardcoded-cluster-domain at error on the GOLDMANE_HOST value", async () => {
      const run = await runCli([WHISKER, "-n", "calico-system", "--cluster-domain", "example.com", "--format", "json"], { env });
      strictEqual(run.code, 1);
      const report = jsonReport(run);
      deepStrictEqual(summarise(report), [`hardcoded-cluster-domain Deployment/calico-system/whisker ${WHISKER}/templates/whisker-deployment.yaml:32`]);
      strictEqual(report.findings[0]!.severity, "error");
      ok(report.findings[0]!.fix?.includes("goldmane.calico-system.svc:7443"), report.findings[0]!.fix ?? "");
      deepStrictEqual(related(report.findings[0]!), [
        `Service/calico-system/goldmane ${WHISKER}/templates/goldmane.yaml:33`,
        `Deployment/calico-system/whisker ${WHISKER}/values.yaml:7`,
      ]);
    });

    it("Calico whisker with clusterDomain: example.com in .trustlint.yaml: the same error", async () => {
      const { dir, cleanup } = scratch();
      try {
        const config = join(dir, ".trustlint.yaml");
        writeFileSync(config, "clusterDomain: example.com\n");
        const run = await runCli([WHISKER, "-n", "calico-system", "--config", config, "--format", "json"], { env });
        strictEqual(run.code, 1, run.stderr);
        deepStrictEqual(jsonReport(run).findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.line}`), ["hardcoded-cluster-domain error 32"]);
      } finally {
        cleanup();
      }
    });

    it("Calico whisker without a cluster domain: the same name is only info", async () => {
      const run = await runCli([WHISKER, "-n", "calico-system", "--format", "json"], { env });
      strictEqual(run.code, 0);
      const report = jsonReport(run);
      deepStrictEqual(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.line}`), ["hardcoded-cluster-domain info 32"]);
    });
  });
}
