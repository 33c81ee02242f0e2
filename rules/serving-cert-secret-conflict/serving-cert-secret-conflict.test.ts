import { ok } from "node:assert/strict";
import { runRule, testRule } from "../../test/support/rule-tester";
import rule from ".";

const CHART_SECRET_AND_SERVICE_CA = `
  apiVersion: v1
  kind: Service
  metadata:
    name: eso-webhook
    namespace: es
    annotations:
      service.beta.openshift.io/serving-cert-secret-name: eso-webhook
  spec:
    selector: {app: eso-webhook}
    ports: [{port: 443, targetPort: 10250}]
  ---
  apiVersion: v1
  kind: Secret
  metadata:
    name: eso-webhook
    namespace: es
    labels:
      external-secrets.io/component: webhook
`;

testRule(rule, {
  accept: [
    {
      name: "service-ca alone, and a Secret service-ca created itself",
      yaml: `
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: team
          annotations: {service.beta.openshift.io/serving-cert-secret-name: api-tls}
        spec: {selector: {app: api}, ports: [{port: 443}]}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: adopted
          namespace: team
          annotations: {service.alpha.openshift.io/serving-cert-secret-name: adopted-tls}
        spec: {selector: {app: adopted}, ports: [{port: 443}]}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: adopted-tls
          namespace: team
          annotations: {service.beta.openshift.io/originating-service-uid: 0d2c5a4e-1f0b-4c1e-9a55-5c5f0c8f6a11}
      `,
    },
    {
      name: "an empty placeholder Secret filled by a cert controller or a Certificate",
      yaml: `
        apiVersion: v1
        kind: Secret
        metadata: {name: eso-webhook, namespace: es}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-cert-controller, namespace: es}
        spec:
          template:
            spec:
              containers:
                - {name: cert-controller, image: ghcr.io/external-secrets/external-secrets:v0.18.0, args: [certcontroller, --secret-name=eso-webhook, --secret-namespace=es]}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: app-tls, namespace: es}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: app, namespace: es}
        spec: {secretName: app-tls, dnsNames: [app.es.svc], issuerRef: {name: ca}}
      `,
    },
  ],
  reject: [
    {
      name: "the chart's webhook Secret still rendered next to service-ca's annotation (ESO#4440)",
      yaml: CHART_SECRET_AND_SERVICE_CA,
      findings: [{ object: "Service/es/eso-webhook", messageId: "manyWriters", line: 7, column: 5, endLine: 7, endColumn: 68, message: 'does not have corresponding service UID', fix: "Remove Secret es/eso-webhook from the render and delete the existing", related: ["Secret/es/eso-webhook"] }],
    },
    {
      name: "two Certificates with one secretName",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: web, namespace: shop}
        spec:
          secretName: web-tls
          dnsNames: [shop.example.com]
          issuerRef: {name: letsencrypt, kind: ClusterIssuer}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: web-internal, namespace: shop}
        spec:
          secretName: web-tls
          dnsNames: [web.shop.svc]
          issuerRef: {name: internal-ca}
      `,
      findings: [{ object: "Certificate/shop/web", messageId: "manyWriters", line: 5, column: 3, endLine: 5, endColumn: 22, message: "flips with whichever wrote last", fix: "Let one writer own Secret shop/web-tls: keep cert-manager Certificate", related: ["Certificate/shop/web-internal"] }],
    },
    {
      name: "a Secret rendered with certificate data that a Certificate replaces",
      yaml: `
        apiVersion: v1
        kind: Secret
        metadata: {name: api-tls, namespace: team}
        type: kubernetes.io/tls
        data:
          tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
          tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCg==
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: api, namespace: team}
        spec:
          secretName: api-tls
          dnsNames: [api.team.svc]
          issuerRef: {name: internal-ca}
      `,
      findings: [{ object: "Certificate/team/api", messageId: "manyWriters", line: 13, column: 3, endLine: 13, endColumn: 22, message: "every apply of the manifests puts the rendered one back", fix: "Let one writer own Secret team/api-tls: keep cert-manager Certificate", related: ["Secret/team/api-tls"] }],
    },
  ],
});

describe("rule serving-cert-secret-conflict: fix", () => {
  it("says which external-secrets chart values render the webhook Secret, and names no value the chart never had", () => {
    const [finding] = runRule(rule, { name: "fix", yaml: CHART_SECRET_AND_SERVICE_CA });
    ok(finding?.fix?.includes("The external-secrets chart renders this Secret whenever webhook.create is true and webhook.certManager.enabled is false"), finding?.fix);
    ok(!finding?.fix?.includes("createWebhookSecret"), finding?.fix);
  });
});
