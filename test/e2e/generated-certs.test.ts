import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { jsonReport, runCli } from "../support/cli";
import type { JsonFinding } from "../support/cli";
import { HELMS, assertToolsPresent } from "../support/tools";

/**
 * generated-cert-not-stable through the CLI on chart targets (issue 13): the finding points at
 * the template line of the gen* call (in _helpers.tpl when the call is in a named template),
 * names the Secret it feeds as its object and the caBundle holders as related objects. Charts in
 * the shapes real charts use: metrics-server `tls.type: helm`, a dapr-style sidecar injector and
 * the kube-prometheus-stack admission webhook without its patch Job, and lookup reuse (a
 * `lookup ... if $secret ... else genCA` template and an opentelemetry-operator-style helper).
 */
const FIXTURES = "test/fixtures/generated-certs";
const RULE = ["--rule", "generated-cert-not-stable"];

/** Every asserted fact of a finding, in one comparable literal. */
function facts(f: JsonFinding): unknown {
  return {
    rule: f.ruleId,
    severity: f.severity,
    object: `${f.object.kind}/${f.object.namespace ?? ""}/${f.object.name}`,
    path: f.path,
    at: `${f.location.file}:${f.location.line}:${f.location.column}`,
    message: f.message,
    related: f.related.map((r) => `${r.object.kind}/${r.object.name}`).sort(),
  };
}

const EVERY_UPGRADE = "each helm upgrade replaces it, so pods still serving the old one fail TLS with the new CA until they restart, and GitOps tools never see the objects in sync.";
const WITHOUT_CLUSTER = "the chart reuses the one in the cluster through lookup on helm install and upgrade, but lookup returns nothing under helm template, --dry-run and GitOps tools that render without a cluster (Argo CD), so there it changes on every render and sync.";

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`end to end: generated-cert-not-stable on ${helm.name}`, () => {
    const env = { HELM_BIN: helm.bin };

    it("metrics-server tls.type: helm: a warning at the genSelfSignedCert line, on the Secret, with the APIService as related", async () => {
      const chart = `${FIXTURES}/metrics-server`;
      const run = await runCli([chart, ...RULE, "--format", "json"], { env });
      strictEqual(run.code, 0, run.stderr);
      deepStrictEqual(jsonReport(run).findings.map(facts), [
        {
          rule: "generated-cert-not-stable",
          severity: "warning",
          object: "Secret/default/release-name-metrics-server",
          path: "data.tls.crt",
          at: `${chart}/templates/apiservice.yaml:7:14`,
          message: `genSelfSignedCert in templates/apiservice.yaml makes a new self-signed certificate and key on every render, and the chart writes it into Secret default/release-name-metrics-server (tls.crt, tls.key) and the caBundle of APIService v1beta1.metrics.k8s.io: ${EVERY_UPGRADE}`,
          related: ["APIService/v1beta1.metrics.k8s.io"],
        },
      ]);
    });

    it("metrics-server tls.type: existingSecret: the generating branch is not rendered, nothing is reported", async () => {
      const run = await runCli([`${FIXTURES}/metrics-server`, "--set", "tls.type=existingSecret", "--set", "tls.existingSecret.name=metrics-tls", ...RULE, "--format", "json"], { env });
      strictEqual(run.code, 0, run.stderr);
      deepStrictEqual(jsonReport(run).findings.map(facts), []);
    });

    it("dapr-style injector and kube-prometheus-stack patch-less admission webhook: one warning per genCA and genSignedCert line, the CA's naming every caBundle", async () => {
      const chart = `${FIXTURES}/operator-webhooks`;
      const run = await runCli([chart, ...RULE, "--format", "json"], { env });
      strictEqual(run.code, 0, run.stderr);
      deepStrictEqual(jsonReport(run).findings.map(facts), [
        {
          rule: "generated-cert-not-stable",
          severity: "warning",
          object: "Secret/default/release-name-admission",
          path: "data.ca",
          at: `${chart}/templates/admission-webhooks/webhook-certs.yaml:4:12`,
          message: `genCA in templates/admission-webhooks/webhook-certs.yaml makes a new CA certificate and key on every render, and the chart writes it into Secret default/release-name-admission (ca), the caBundle of MutatingWebhookConfiguration release-name-admission and the caBundle of ValidatingWebhookConfiguration release-name-admission: ${EVERY_UPGRADE}`,
          related: ["MutatingWebhookConfiguration/release-name-admission", "ValidatingWebhookConfiguration/release-name-admission"],
        },
        {
          rule: "generated-cert-not-stable",
          severity: "warning",
          object: "Secret/default/release-name-admission",
          path: "data.cert",
          at: `${chart}/templates/admission-webhooks/webhook-certs.yaml:5:14`,
          message: `genSignedCert in templates/admission-webhooks/webhook-certs.yaml makes a new certificate and key on every render, and the chart writes it into Secret default/release-name-admission (cert, key): ${EVERY_UPGRADE}`,
          related: [],
        },
        {
          rule: "generated-cert-not-stable",
          severity: "warning",
          object: "Secret/default/release-name-sidecar-injector-cert",
          path: "data.ca.crt",
          at: `${chart}/templates/sidecar-injector-webhook.yaml:1:12`,
          message: `genCA in templates/sidecar-injector-webhook.yaml makes a new CA certificate and key on every render, and the chart writes it into Secret default/release-name-sidecar-injector-cert (ca.crt) and the caBundle of MutatingWebhookConfiguration release-name-sidecar-injector: ${EVERY_UPGRADE}`,
          related: ["MutatingWebhookConfiguration/release-name-sidecar-injector"],
        },
        {
          rule: "generated-cert-not-stable",
          severity: "warning",
          object: "Secret/default/release-name-sidecar-injector-cert",
          path: "data.tls.crt",
          at: `${chart}/templates/sidecar-injector-webhook.yaml:5:14`,
          message: `genSignedCert in templates/sidecar-injector-webhook.yaml makes a new certificate and key on every render, and the chart writes it into Secret default/release-name-sidecar-injector-cert (tls.crt, tls.key): ${EVERY_UPGRADE}`,
          related: [],
        },
      ]);
    });

    it("lookup reuse: info with the reason, at the gen* line of the template and of the opentelemetry-operator-style helper", async () => {
      const chart = `${FIXTURES}/lookup-reuse`;
      const run = await runCli([chart, ...RULE, "--format", "json"], { env });
      strictEqual(run.code, 0, run.stderr);
      const webhookFeeds = "Secret default/release-name-operator-webhook-cert (tls.crt, tls.key, ca.crt) and the caBundle of ValidatingWebhookConfiguration release-name-operator-validation";
      deepStrictEqual(jsonReport(run).findings.map(facts), [
        {
          rule: "generated-cert-not-stable",
          severity: "info",
          object: "Secret/default/release-name-operator-webhook-cert",
          path: "data.ca.crt",
          at: `${chart}/templates/_helpers.tpl:19:12`,
          message: `genCA in templates/_helpers.tpl makes a new CA certificate and key for ${webhookFeeds}; ${WITHOUT_CLUSTER}`,
          related: ["ValidatingWebhookConfiguration/release-name-operator-validation"],
        },
        {
          rule: "generated-cert-not-stable",
          severity: "info",
          object: "Secret/default/release-name-operator-webhook-cert",
          path: "data.tls.crt",
          at: `${chart}/templates/_helpers.tpl:20:14`,
          message: `genSignedCert in templates/_helpers.tpl makes a new certificate and key for ${webhookFeeds}; ${WITHOUT_CLUSTER}`,
          related: ["ValidatingWebhookConfiguration/release-name-operator-validation"],
        },
        {
          rule: "generated-cert-not-stable",
          severity: "info",
          object: "Secret/default/release-name-conversion-ca",
          path: "data.ca.crt",
          at: `${chart}/templates/conversion-ca.yaml:9:12`,
          message: `genCA in templates/conversion-ca.yaml makes a new CA certificate and key for Secret default/release-name-conversion-ca (ca.crt, ca.key); ${WITHOUT_CLUSTER}`,
          related: [],
        },
      ]);
    });

    it("is on by default, and the same chart rendered to YAML first (no templates) gives no finding of it", async () => {
      const chart = `${FIXTURES}/metrics-server`;
      const all = jsonReport(await runCli([chart, "--format", "json"], { env }));
      ok(all.findings.some((f) => f.ruleId === "generated-cert-not-stable" && f.location.file === `${chart}/templates/apiservice.yaml` && f.location.line === 7));
      const rendered = execFileSync(helm.bin, ["template", "release-name", chart], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME } });
      const piped = await runCli(["-", ...RULE, "--format", "json"], { env, input: rendered });
      deepStrictEqual(jsonReport(piped).findings.map(facts), []);
    });
  });
}
