import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { jsonReport, runCli, summarise } from "../support/cli";
import type { JsonFinding } from "../support/cli";
import { HELMS, assertToolsPresent } from "../support/tools";

/**
 * Issue 14's done-when case end to end, through the real CLI and real Helm: a chart that renders a
 * Gateway with two listeners from values (range + toYaml, as the Envoy Gateway and argo-cd charts
 * do), a cert-manager Certificate for the Secret in another namespace and a ReferenceGrant there.
 */
const CHART = "test/fixtures/edges/shop-gateway";
const TEMPLATES = `${CHART}/templates`;
const VALUES = "test/fixtures/edges/values";

function related(f: JsonFinding): string[] {
  return f.related.map((r) => `${r.object.kind}/${r.object.namespace ?? ""}/${r.object.name} ${r.location.file}:${r.location.line}`);
}

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`end to end: edge rules on ${helm.name}`, () => {
    // The chart names ClusterIssuer letsencrypt, which it does not render: an info (issue 13
    // asks for it) that the cluster must hold it, on the issuerRef line.
    const ISSUER_INFO = (ns: string) => `issuer-ref-unresolved Certificate/${ns}/release-name-shop-gateway ${TEMPLATES}/certificate.yaml:12`;
    const env = { HELM_BIN: helm.bin };
    const lint = async (values: string | undefined) => {
      const run = await runCli([CHART, "-n", "shop", "--no-config", ...(values ? ["-f", `${VALUES}/${values}.yaml`] : []), "--format", "json"], { env });
      return { code: run.code, report: jsonReport(run) };
    };

    it("a Gateway with two listeners, the Secret across namespaces, a ReferenceGrant for the wrong Gateway: found at the listener with the grant related", async () => {
      const { code, report } = await lint("grant-for-staging");
      strictEqual(code, 1);
      deepStrictEqual(summarise(report), [ISSUER_INFO("certs"), `tls-secret-unresolvable Gateway/infra/release-name-shop-gateway ${TEMPLATES}/gateway.yaml:13`]);
      const f = report.findings.find((x) => x.ruleId === "tls-secret-unresolvable");
      ok(f!.message.includes('Listener "https"'), f!.message);
      ok(f!.message.includes("(release-name-shop-gateway-certs) do not allow Gateway in namespace infra"), f!.message);
      ok(f!.fix?.includes("namespace: infra"), f!.fix ?? "");
      deepStrictEqual(related(f!), [
        `ReferenceGrant/certs/release-name-shop-gateway-certs ${TEMPLATES}/referencegrant.yaml:12`,
        `Gateway/infra/release-name-shop-gateway ${TEMPLATES}/gateway.yaml:21`,
        `Certificate/certs/release-name-shop-gateway ${TEMPLATES}/certificate.yaml:8`,
        `Gateway/infra/release-name-shop-gateway ${CHART}/values.yaml:10`,
      ]);
    });

    it("the chart's defaults (a ReferenceGrant from the Gateway's namespace to the Secret) are quiet but for the issuer the cluster must hold", async () => {
      const { code, report } = await lint(undefined);
      strictEqual(code, 0);
      deepStrictEqual(summarise(report), [ISSUER_INFO("certs")]);
      strictEqual(report.findings[0]!.severity, "info");
      strictEqual(report.summary.objects, 3);
    });

    it("an ingress-nginx HTTPS backend without verification is a warning at the annotations", async () => {
      const { code, report } = await lint("ingress-https-backend");
      strictEqual(code, 0, "a warning does not fail the default gate");
      deepStrictEqual(summarise(report), [ISSUER_INFO("shop"), `backend-tls-unverified Ingress/shop/release-name-shop-gateway ${TEMPLATES}/ingress.yaml:10`]);
      strictEqual(report.findings[1]!.severity, "warning");
    });
  });
}
