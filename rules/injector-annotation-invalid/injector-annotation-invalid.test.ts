import { deepStrictEqual } from "node:assert/strict";
import { configureRules } from "../../src/engine/configure";
import { runRules } from "../../src/engine/run";
import { reduceFindings } from "../../src/findings/reduce";
import { EMPTY_CONFIG } from "../../src/config/config";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { dedent } from "../../test/support/dedent";
import { testRule } from "../../test/support/rule-tester";
import webhookCaMissing from "../webhook-ca-missing";
import rule from ".";

const BARE_NAME = `
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingWebhookConfiguration
  metadata:
    name: policy-validate
    annotations:
      cert-manager.io/inject-ca-from: policy-webhook
  webhooks:
    - name: policy.example.com
      clientConfig:
        service: {namespace: policy, name: policy-webhook}
  ---
  apiVersion: cert-manager.io/v1
  kind: Certificate
  metadata: {name: policy-webhook, namespace: policy}
  spec: {secretName: policy-webhook-tls, dnsNames: [policy-webhook.policy.svc], issuerRef: {name: ca}}
`;

testRule(rule, {
  accept: [
    {
      name: "well-formed annotations, an explicit false, and the legacy key kept beside the modern one",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: ingress-nginx-admission
          annotations:
            certmanager.k8s.io/inject-ca-from: "ingress-nginx/ingress-nginx-admission"
            cert-manager.io/inject-ca-from: "ingress-nginx/ingress-nginx-admission"
        webhooks:
          - name: validate.nginx.ingress.kubernetes.io
            clientConfig: {service: {namespace: ingress-nginx, name: ingress-nginx-controller-admission}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: ingress-nginx-admission, namespace: ingress-nginx}
        spec: {secretName: ingress-nginx-admission, dnsNames: [ingress-nginx-controller-admission.ingress-nginx.svc], issuerRef: {name: ca}}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: cert-manager-webhook
          annotations: {cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca}
        webhooks:
          - name: webhook.cert-manager.io
            clientConfig: {service: {namespace: cert-manager, name: cert-manager-webhook}}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1beta1.metrics.k8s.io
          annotations:
            service.alpha.openshift.io/inject-cabundle: "true"
            cert-manager.io/inject-apiserver-ca: "false"
        spec: {group: metrics.k8s.io, version: v1beta1, service: {name: metrics-server, namespace: kube-system}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: service-ca
          annotations: {service.beta.openshift.io/inject-cabundle: "TRUE"}
      `,
    },
  ],
  reject: [
    {
      name: "inject-apiserver-ca other than exactly true, and a ConfigMap's inject-cabundle other than true",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: apiserver-ca
          annotations: {cert-manager.io/inject-apiserver-ca: "True"}
        webhooks:
          - name: a.example.com
            clientConfig: {service: {namespace: team, name: a}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: trusted-ca
          namespace: team
          annotations:
            service.beta.openshift.io/inject-cabundle: "enabled"
      `,
      findings: [
        { object: "ValidatingWebhookConfiguration/apiserver-ca", messageId: "apiserverCaNotTrue", line: 5, column: 17, endLine: 5, endColumn: 60, message: 'is exactly "true"; "True" is ignored', fix: 'Set cert-manager.io/inject-apiserver-ca: "true".' },
        { object: "ConfigMap/team/trusted-ca", messageId: "configMapNotTrue", line: 16, column: 5, endLine: 16, endColumn: 57, message: '"enabled" is ignored, so ConfigMap trusted-ca stays empty', fix: 'Set service.beta.openshift.io/inject-cabundle: "true".' },
      ],
    },
    {
      name: "inject-ca-from without the namespace",
      yaml: BARE_NAME,
      findings: [{ object: "ValidatingWebhookConfiguration/policy-validate", messageId: "noNamespace", line: 6, column: 5, endLine: 6, endColumn: 51, message: 'logs "invalid annotation" and injects nothing', fix: "Write the Certificate as <namespace>/<name>:", related: ["Certificate/policy/policy-webhook"] }],
    },
    {
      name: "the alpha key on a webhook configuration, a value other than true, and the legacy group alone",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: alpha
          annotations: {service.alpha.openshift.io/inject-cabundle: "true"}
        webhooks:
          - {name: a.example.com, clientConfig: {service: {namespace: team, name: a}}}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
          annotations:
            service.beta.openshift.io/inject-cabundle: "yes"
            certmanager.k8s.io/inject-ca-from: team/widgets
        spec:
          group: example.com
          conversion:
            strategy: Webhook
            webhook: {clientConfig: {service: {namespace: team, name: widgets}}}
      `,
      findings: [
        { object: "MutatingWebhookConfiguration/alpha", messageId: "alphaKey", line: 5, column: 17, endLine: 5, endColumn: 67, message: "on a MutatingWebhookConfiguration it needs the beta key", fix: 'Use service.beta.openshift.io/inject-cabundle: "true" instead.' },
        { object: "CustomResourceDefinition/widgets.example.com", messageId: "serviceCaNotTrue", line: 14, column: 5, endLine: 14, endColumn: 53, message: '"yes" is ignored', fix: 'Set service.beta.openshift.io/inject-cabundle: "true".' },
        { object: "CustomResourceDefinition/widgets.example.com", messageId: "legacyGroup", line: 15, column: 5, endLine: 15, endColumn: 52, message: "cert-manager v1 ignores", fix: "Rename the annotation to cert-manager.io/inject-ca-from: team/widgets." },
      ],
    },
    {
      name: "a Secret without allow-direct-injection, a Certificate in another namespace, and one outside the render",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: direct
          annotations: {cert-manager.io/inject-ca-from-secret: team/webhook-ca}
        webhooks:
          - {name: a.example.com, clientConfig: {service: {namespace: team, name: a}}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: webhook-ca, namespace: team}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1alpha1.wardle.example.com
          annotations: {cert-manager.io/inject-ca-from: default/wardle}
        spec: {group: wardle.example.com, version: v1alpha1, service: {name: wardle, namespace: wardle}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: wardle, namespace: wardle}
        spec: {secretName: wardle-tls, dnsNames: [wardle.wardle.svc], issuerRef: {name: ca}}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: external-cert
          annotations: {cert-manager.io/inject-ca-from: security/shared-webhook}
        webhooks:
          - {name: b.example.com, clientConfig: {service: {namespace: security, name: shared}}}
      `,
      findings: [
        { object: "ValidatingWebhookConfiguration/direct", messageId: "secretNotAllowed", line: 5, column: 17, endLine: 5, endColumn: 71, message: "lacks cert-manager.io/allow-direct-injection", fix: 'Add the annotation cert-manager.io/allow-direct-injection: "true" to', related: ["Secret/team/webhook-ca"] },
        { object: "APIService/v1alpha1.wardle.example.com", messageId: "certificateInOtherNamespace", line: 17, column: 17, endLine: 17, endColumn: 63, message: "the render has wardle in namespace wardle", fix: "Set cert-manager.io/inject-ca-from: wardle/wardle.", related: ["Certificate/wardle/wardle"] },
        { object: "ValidatingWebhookConfiguration/external-cert", messageId: "certificateNotRendered", line: 29, column: 17, endLine: 29, endColumn: 72, message: "not in the render", fix: "Render Certificate security/shared-webhook with the same release, or", severity: "info" },
      ],
    },
    {
      name: "a broken annotation beside a literal caBundle on every webhook is info (harmless); beside one on some webhooks only, still an error",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: literal-everywhere
          annotations: {cert-manager.io/inject-ca-from: policy-webhook}
        webhooks:
          - name: a.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}, caBundle: Y2E=}
          - name: b.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}, caBundle: Y2E=}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: literal-on-some
          annotations: {cert-manager.io/inject-ca-from: policy-webhook}
        webhooks:
          - name: a.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}, caBundle: Y2E=}
          - name: b.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}}
      `,
      findings: [
        {
          object: "ValidatingWebhookConfiguration/literal-everywhere",
          messageId: "noNamespace",
          line: 5,
          column: 17,
          endLine: 5,
          endColumn: 63,
          message: "Harmless today: every call of ValidatingWebhookConfiguration literal-everywhere is verified against the literal caBundle written beside it",
          fix: "Write the Certificate as <namespace>/<name>:",
          severity: "info",
        },
        { object: "ValidatingWebhookConfiguration/literal-on-some", messageId: "noNamespace", line: 16, column: 17, endLine: 16, endColumn: 63, message: 'logs "invalid annotation" and injects nothing', fix: "Write the Certificate as <namespace>/<name>:", severity: "error" },
      ],
    },
    {
      name: "injector annotations on kinds that ignore them",
      yaml: `
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: team
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        spec: {selector: {app: api}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: team
          annotations: {cert-manager.io/inject-ca-from: team/api}
        spec:
          template:
            spec:
              containers: [{name: api, image: example/api:1.0}]
      `,
      findings: [
        { object: "Service/team/api", messageId: "serviceCaIgnoredKind", line: 6, column: 17, endLine: 6, endColumn: 66, message: "serving-cert-secret-name", fix: "Move the annotation to the object that needs the CA bundle (a", severity: "warning" },
        { object: "Deployment/team/api", messageId: "certManagerIgnoredKind", line: 14, column: 17, endLine: 14, endColumn: 57, message: "does nothing on a Deployment", fix: "Move the annotation to the ValidatingWebhookConfiguration,", severity: "warning" },
      ],
    },
  ],
});

describe("rule injector-annotation-invalid: one root cause, one finding", () => {
  it("supersedes webhook-ca-missing when the invalid annotation was the only CA source", () => {
    const model = new Model(loadStreams([{ text: dedent(BARE_NAME), origin: { via: "file", file: "/x.yaml" } }], "default").objects);
    const alone = reduceFindings(runRules(model, configureRules([webhookCaMissing], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") }));
    deepStrictEqual(alone.map((f) => f.meta.id), ["webhook-ca-missing"]);
    const together = reduceFindings(runRules(model, configureRules([webhookCaMissing, rule], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") }));
    deepStrictEqual(together.map((f) => f.meta.id), ["injector-annotation-invalid"]);
  });
});
