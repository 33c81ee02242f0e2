import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "one injector per object",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: only-service-ca
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        webhooks:
          - name: a.example.com
            clientConfig: {service: {namespace: team, name: hook}}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: cainjector-merges-into-literal
          annotations: {cert-manager.io/inject-ca-from: team/hook}
        webhooks:
          - name: b.example.com
            clientConfig:
              service: {namespace: team, name: hook}
              caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
      `,
    },
    {
      name: "the external-secrets cert-controller alone",
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
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-cert-controller, namespace: es}
        spec:
          template:
            spec:
              containers:
                - {name: cert-controller, image: ghcr.io/external-secrets/external-secrets:v0.18.0, args: [certcontroller, --secret-name=eso-webhook]}
      `,
    },
  ],
  reject: [
    {
      name: "cert-manager and service-ca on one webhook configuration",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: policy
          annotations:
            cert-manager.io/inject-ca-from: policy/policy-webhook
            service.beta.openshift.io/inject-cabundle: "true"
        webhooks:
          - name: policy.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}}
      `,
      findings: [{ object: "ValidatingWebhookConfiguration/policy", messageId: "manyWriters", line: 6, column: 5, endLine: 6, endColumn: 58, message: "has 2 CA writers: cert-manager's cainjector (cert-manager.io/inject-ca-from: policy/policy-webhook); OpenShift service-ca", fix: "Keep one CA source for ValidatingWebhookConfiguration policy: keep", related: [] }],
    },
    {
      name: "a literal caBundle that service-ca replaces, on a conversion webhook",
      yaml: `
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        spec:
          group: example.com
          conversion:
            strategy: Webhook
            webhook:
              clientConfig:
                service: {namespace: team, name: widgets}
                caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
      `,
      findings: [{ object: "CustomResourceDefinition/widgets.example.com", messageId: "manyWriters", line: 5, column: 17, endLine: 5, endColumn: 66, message: "the literal caBundle written in the manifest", fix: "Keep one CA source for CustomResourceDefinition widgets.example.com:" }],
    },
    {
      name: "kube-webhook-certgen patching an APIService that cert-manager also injects",
      yaml: `
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1beta1.custom.metrics.k8s.io
          annotations:
            cert-manager.io/inject-ca-from: monitoring/adapter
        spec:
          group: custom.metrics.k8s.io
          version: v1beta1
          service: {name: adapter, namespace: monitoring}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: adapter-patch, namespace: monitoring}
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
                - name: patch
                  image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9
                  args: [patch, --apiservice-name=v1beta1.custom.metrics.k8s.io, --secret-name=adapter-tls, --namespace=monitoring]
      `,
      findings: [{ object: "APIService/v1beta1.custom.metrics.k8s.io", messageId: "manyWriters", line: 6, column: 5, endLine: 6, endColumn: 55, message: "kube-webhook-certgen patch job (Job monitoring/adapter-patch)", fix: "Keep one CA source for APIService v1beta1.custom.metrics.k8s.io: keep", related: ["Job/monitoring/adapter-patch"] }],
    },
  ],
});
