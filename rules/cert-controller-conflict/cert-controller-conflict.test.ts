import { deepStrictEqual } from "node:assert/strict";
import { configureRules } from "../../src/engine/configure";
import { runRules } from "../../src/engine/run";
import { reduceFindings } from "../../src/findings/reduce";
import { EMPTY_CONFIG } from "../../src/config/config";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { objectRef } from "../../src/model/types";
import { dedent } from "../../test/support/dedent";
import { testRule } from "../../test/support/rule-tester";
import caInjectorConflict from "../ca-injector-conflict";
import servingCertSecretConflict from "../serving-cert-secret-conflict";
import rule from ".";

/** external-secrets on OpenShift with the chart's cert-controller still on (incident 2). */
const OPENSHIFT_WITH_CERT_CONTROLLER = `
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingWebhookConfiguration
  metadata:
    name: externalsecret-validate
    labels:
      external-secrets.io/component: webhook
    annotations:
      service.beta.openshift.io/inject-cabundle: "true"
  webhooks:
    - name: validate.externalsecret.external-secrets.io
      clientConfig:
        service: {namespace: es, name: eso-webhook, path: /validate}
  ---
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata:
    name: externalsecrets.external-secrets.io
    annotations:
      service.beta.openshift.io/inject-cabundle: "true"
  spec:
    group: external-secrets.io
    conversion:
      strategy: Webhook
      webhook:
        clientConfig:
          service: {namespace: es, name: eso-webhook, path: /convert}
  ---
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
    labels: {external-secrets.io/component: webhook}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: eso-cert-controller, namespace: es}
  spec:
    template:
      spec:
        containers:
          - name: cert-controller
            image: oci.external-secrets.io/external-secrets/external-secrets:v0.18.0
            args:
              - certcontroller
              - --service-name=eso-webhook
              - --service-namespace=es
              - --secret-name=eso-webhook
              - --secret-namespace=es
`;

testRule(rule, {
  accept: [
    {
      name: "the cert-controller alone, filling the chart's empty Secret",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: externalsecret-validate
          labels: {external-secrets.io/component: webhook}
        webhooks:
          - name: validate.externalsecret.external-secrets.io
            clientConfig: {service: {namespace: es, name: eso-webhook}}
        ---
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
      `,
    },
    {
      name: "service-ca without a cert controller",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: externalsecret-validate
          labels: {external-secrets.io/component: webhook}
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        webhooks:
          - name: validate.externalsecret.external-secrets.io
            clientConfig: {service: {namespace: es, name: eso-webhook}}
      `,
    },
  ],
  reject: [
    {
      name: "external-secrets on OpenShift with certController.create=true",
      yaml: OPENSHIFT_WITH_CERT_CONTROLLER,
      findings: [
        { object: "ValidatingWebhookConfiguration/externalsecret-validate", messageId: "caBundleOverwritten", line: 8, column: 5, endLine: 8, endColumn: 54, message: "external-secrets cert-controller (Deployment es/eso-cert-controller) issues its own CA", fix: "Set certController.create: false so that one issuer owns the", related: ["Deployment/es/eso-cert-controller"] },
        { object: "CustomResourceDefinition/externalsecrets.external-secrets.io", messageId: "caBundleOverwritten", line: 19, column: 5, endLine: 19, endColumn: 54, message: "OpenShift service-ca", fix: "Set certController.create: false so that one issuer owns the", related: ["Deployment/es/eso-cert-controller"] },
        {
          object: "Service/es/eso-webhook",
          messageId: "secretRefused",
          line: 34,
          column: 5,
          endLine: 34,
          endColumn: 68,
          message:
            'a certificate for eso-webhook.es.svc, and claimed by OpenShift service-ca (service.beta.openshift.io/serving-cert-secret-name on Service es/eso-webhook). service-ca does not replace it: it refuses to write a Secret it did not create ("does not have corresponding service UID"',
          fix: "Set certController.create: false so that one issuer owns Secret",
          related: ["Secret/es/eso-webhook", "Deployment/es/eso-cert-controller"],
        },
      ],
    },
    {
      name: "Gatekeeper's rotator and a cert-manager Certificate on the same Secret",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: gatekeeper-controller-manager, namespace: gatekeeper-system}
        spec:
          template:
            spec:
              containers:
                - name: manager
                  image: openpolicyagent/gatekeeper:v3.17.0
                  args: [--operation=webhook]
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: gatekeeper-webhook, namespace: gatekeeper-system}
        spec:
          secretName: gatekeeper-webhook-server-cert
          dnsNames: [gatekeeper-webhook-service.gatekeeper-system.svc]
          issuerRef: {name: selfsigned}
      `,
      findings: [
        {
          object: "Certificate/gatekeeper-system/gatekeeper-webhook",
          messageId: "secretOverwritten",
          line: 16,
          column: 3,
          endLine: 16,
          endColumn: 45,
          message: "which issues its own CA and a certificate for gatekeeper-webhook-service.gatekeeper-system.svc, and claimed by cert-manager Certificate gatekeeper-system/gatekeeper-webhook. cert-manager and the controller replace each other's certificate",
          fix: "Set externalCertInjection.enabled: true so that one issuer owns",
          related: ["Deployment/gatekeeper-system/gatekeeper-controller-manager"],
        },
      ],
    },
    {
      name: "Gatekeeper's rotator, a cert-manager Certificate and service-ca all on the same Secret",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: gatekeeper-controller-manager, namespace: gatekeeper-system}
        spec:
          template:
            spec:
              containers:
                - name: manager
                  image: openpolicyagent/gatekeeper:v3.17.0
                  args: [--operation=webhook]
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: gatekeeper-webhook, namespace: gatekeeper-system}
        spec:
          secretName: gatekeeper-webhook-server-cert
          dnsNames: [gatekeeper-webhook-service.gatekeeper-system.svc]
          issuerRef: {name: selfsigned}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: gatekeeper-webhook-service
          namespace: gatekeeper-system
          annotations: {service.beta.openshift.io/serving-cert-secret-name: gatekeeper-webhook-server-cert}
        spec: {ports: [{port: 443, targetPort: 8443}]}
      `,
      findings: [
        {
          object: "Service/gatekeeper-system/gatekeeper-webhook-service",
          messageId: "secretOverwrittenAndRefused",
          line: 25,
          column: 17,
          endLine: 25,
          endColumn: 99,
          message: "cert-manager and the controller replace each other's certificate, so the webhook serves a certificate the injected CA did not sign. And service-ca does not replace it",
          fix: "Set externalCertInjection.enabled: true so that one issuer owns Secret gatekeeper-webhook-server-cert",
          related: ["Certificate/gatekeeper-system/gatekeeper-webhook", "Deployment/gatekeeper-system/gatekeeper-controller-manager"],
        },
      ],
    },
  ],
});

describe("rule cert-controller-conflict: one root cause, one finding", () => {
  it("supersedes ca-injector-conflict and serving-cert-secret-conflict on the same objects", () => {
    const model = new Model(loadStreams([{ text: dedent(OPENSHIFT_WITH_CERT_CONTROLLER), origin: { via: "file", file: "/x.yaml" } }], "default").objects);
    const alone = reduceFindings(runRules(model, configureRules([caInjectorConflict, servingCertSecretConflict], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") }));
    deepStrictEqual(alone.map((f) => `${f.meta.id} ${objectRef(f.input.object)}`).sort(), [
      "ca-injector-conflict CustomResourceDefinition/externalsecrets.external-secrets.io",
      "ca-injector-conflict ValidatingWebhookConfiguration/externalsecret-validate",
      "serving-cert-secret-conflict Service/es/eso-webhook",
    ]);
    const together = reduceFindings(runRules(model, configureRules([caInjectorConflict, servingCertSecretConflict, rule], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") }));
    deepStrictEqual(together.map((f) => `${f.meta.id} ${objectRef(f.input.object)}`).sort(), [
      "cert-controller-conflict CustomResourceDefinition/externalsecrets.external-secrets.io",
      "cert-controller-conflict Service/es/eso-webhook",
      "cert-controller-conflict ValidatingWebhookConfiguration/externalsecret-validate",
    ]);
  });
});
