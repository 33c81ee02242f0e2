import { dedent } from "../../test/support/dedent";
import { testRule } from "../../test/support/rule-tester";
import rule from ".";

/**
 * Every case is a chart (the rule needs its templates): the case's YAML is the template, rendered
 * with the pinned Helm 4 as trustlint renders a chart target. The shapes are those of real
 * charts: metrics-server's `tls.type: helm`, a dapr-style sidecar injector whose `$ca` feeds a
 * Secret and the webhook's caBundle, the opentelemetry-operator helper that reuses the Secret
 * through `lookup` and hands the set over with `fromYaml (include ...)`.
 */

const METRICS_SERVER = `
  {{- $certs := dict }}
  {{- if eq .Values.tls.type "helm" }}
  {{- $service := printf "%s-metrics-server" .Release.Name }}
  {{- $altNames := list (printf "%s.%s.svc" $service .Release.Namespace) }}
  {{- $certs = genSelfSignedCert $service nil $altNames 365 }}
  apiVersion: v1
  kind: Secret
  metadata:
    name: {{ $service }}
  type: kubernetes.io/tls
  data:
    tls.crt: {{ $certs.Cert | b64enc }}
    tls.key: {{ $certs.Key | b64enc }}
  ---
  {{- end }}
  apiVersion: apiregistration.k8s.io/v1
  kind: APIService
  metadata:
    name: v1beta1.metrics.k8s.io
  spec:
    {{- if eq .Values.tls.type "helm" }}
    caBundle: {{ $certs.Cert | b64enc }}
    {{- else }}
    insecureSkipTLSVerify: true
    {{- end }}
    group: metrics.k8s.io
    groupPriorityMinimum: 100
    service: {name: {{ .Release.Name }}-metrics-server, namespace: {{ .Release.Namespace }}}
    version: v1beta1
    versionPriority: 100
`;

const WEBHOOK = `
  apiVersion: admissionregistration.k8s.io/v1
  kind: MutatingWebhookConfiguration
  metadata:
    name: sidecar-injector
  webhooks:
    - name: sidecar-injector.example.io
      admissionReviewVersions: ["v1"]
      sideEffects: None
      clientConfig:
        service: {namespace: {{ .Release.Namespace }}, name: sidecar-injector, path: /mutate}
        caBundle: {{ b64enc $ca.Cert }}
`;

const OTEL_HELPERS = `
  {{- define "example.webhookCert" -}}
  {{- $caCertEnc := "" }}
  {{- $certCrtEnc := "" }}
  {{- $certKeyEnc := "" }}
  {{- $prevSecret := lookup "v1" "Secret" .Release.Namespace "example-webhook-cert" }}
  {{- if $prevSecret }}
  {{- $certCrtEnc = index $prevSecret "data" "tls.crt" }}
  {{- $certKeyEnc = index $prevSecret "data" "tls.key" }}
  {{- $caCertEnc = index $prevSecret "data" "ca.crt" }}
  {{- else }}
  {{- $ca := genCA "example-operator-ca" 365 }}
  {{- $cert := genSignedCert "example-webhook" nil (list "example-webhook.default.svc") 365 $ca }}
  {{- $certCrtEnc = b64enc $cert.Cert }}
  {{- $certKeyEnc = b64enc $cert.Key }}
  {{- $caCertEnc = b64enc $ca.Cert }}
  {{- end }}
  {{- $result := dict "crt" $certCrtEnc "key" $certKeyEnc "ca" $caCertEnc }}
  {{- $result | toYaml }}
  {{- end }}
`;

/** A library subchart in Bitnami's idiom: a named template that prints a Secret's key from the cluster, else the default it is given. */
const LIBRARY_SECRETS = `
  {{- define "library.secrets.lookup" -}}
  {{- $value := "" -}}
  {{- $secretData := (lookup "v1" "Secret" .context.Release.Namespace .secret).data -}}
  {{- if and $secretData (hasKey $secretData .key) -}}
    {{- $value = index $secretData .key -}}
  {{- else if .defaultValue -}}
    {{- $value = .defaultValue | toString | b64enc -}}
  {{- end -}}
  {{- printf "%s" $value -}}
  {{- end -}}
`;

/** linkerd's idiom: two webhooks in one file, each declaring its own `$ca := genSelfSignedCert`. */
const TWO_VALIDATORS = ["profile-validator", "policy-validator"]
  .map(
    (name) => `
  {{- $host := printf "${name}.%s.svc" .Release.Namespace }}
  {{- $ca := genSelfSignedCert $host (list) (list $host) 365 }}
  kind: Secret
  apiVersion: v1
  metadata:
    name: ${name}-k8s-tls
  type: kubernetes.io/tls
  data:
    tls.crt: {{ b64enc (trim $ca.Cert) }}
    tls.key: {{ b64enc (trim $ca.Key) }}
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingWebhookConfiguration
  metadata:
    name: ${name}-webhook-config
  webhooks:
    - name: ${name}.example.io
      admissionReviewVersions: [v1]
      sideEffects: None
      clientConfig:
        service: {name: ${name}, namespace: {{ .Release.Namespace }}}
        caBundle: {{ b64enc (trim $ca.Cert) }}
  ---`,
  )
  .join("\n");

testRule(rule, {
  accept: [
    {
      name: "metrics-server with tls.type: existingSecret: the branch that generates is not rendered",
      yaml: METRICS_SERVER,
      chart: { template: "apiservice.yaml", files: { "values.yaml": "tls: {type: existingSecret}\n" } },
    },
    {
      name: "cert-manager issues the certificate and injects the caBundle: nothing is generated",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: webhook, namespace: {{ .Release.Namespace }}}
        spec:
          secretName: webhook-tls
          dnsNames: [webhook.{{ .Release.Namespace }}.svc]
          issuerRef: {name: selfsigned, kind: Issuer}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: webhook
          annotations: {cert-manager.io/inject-ca-from: "{{ .Release.Namespace }}/webhook"}
        webhooks:
          - name: webhook.example.io
            admissionReviewVersions: [v1]
            sideEffects: None
            clientConfig:
              service: {namespace: {{ .Release.Namespace }}, name: webhook}
      `,
      chart: { template: "webhook.yaml" },
    },
    {
      name: "gen* named only in a comment and a string, and a generated CA written into a ConfigMap (neither a Secret nor a caBundle)",
      yaml: `
        {{- /* genCA would change on every upgrade: the CA comes from values */}}
        {{- $ca := genCA "demo-ca" 365 }}
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: demo
          annotations: {note: {{ printf "genSignedCert %s" "is not called" | quote }}}
        data:
          ca.crt: {{ $ca.Cert | quote }}
      `,
      chart: { template: "configmap.yaml" },
    },
  ],
  reject: [
    {
      name: "metrics-server tls.type: helm: genSelfSignedCert into the Secret and the APIService caBundle",
      yaml: METRICS_SERVER,
      chart: { template: "apiservice.yaml", files: { "values.yaml": "tls: {type: helm}\n" } },
      findings: [
        { object: "Secret/default/release-name-metrics-server", messageId: "regenerated", line: 5, column: 14, endLine: 5, endColumn: 61, severity: "warning", related: ["APIService/v1beta1.metrics.k8s.io"], message: "genSelfSignedCert in templates/apiservice.yaml makes a new self-signed certificate and key on every render, and the chart writes it into Secret default/release-name-metrics-server (tls.crt, tls.key) and the caBundle of APIService v1beta1.metrics.k8s.io", fix: 'call genSelfSignedCert only when it is absent: {{- $secret := lookup "v1" "Secret" .Release.Namespace "release-name-metrics-server" }}' },
      ],
    },
    {
      name: "dapr-style sidecar injector: $ca := genCA and genSignedCert shared by a Secret and the webhook caBundle",
      yaml: dedent(`
        {{- $ca := genCA "sidecar-injector-ca" 3650 }}
        {{- $cert := genSignedCert "sidecar-injector" nil (list "sidecar-injector.default.svc") 3650 $ca }}
        apiVersion: v1
        kind: Secret
        metadata:
          name: sidecar-injector-cert
        type: kubernetes.io/tls
        data:
          tls.crt: {{ b64enc $cert.Cert }}
          tls.key: {{ b64enc $cert.Key }}
          ca.crt: {{ b64enc $ca.Cert }}
        ---
      `) + dedent(WEBHOOK),
      chart: { template: "sidecar-injector.yaml" },
      findings: [
        { object: "Secret/default/sidecar-injector-cert", messageId: "regenerated", line: 1, column: 12, endLine: 1, endColumn: 47, related: ["MutatingWebhookConfiguration/sidecar-injector"], message: "genCA in templates/sidecar-injector.yaml makes a new CA certificate and key on every render, and the chart writes it into Secret default/sidecar-injector-cert (ca.crt) and the caBundle of MutatingWebhookConfiguration sidecar-injector", fix: "Let cert-manager issue the certificate (a Certificate writing Secret sidecar-injector-cert" },
        { object: "Secret/default/sidecar-injector-cert", messageId: "regenerated", line: 2, column: 14, endLine: 2, endColumn: 100, message: "genSignedCert in templates/sidecar-injector.yaml makes a new certificate and key on every render, and the chart writes it into Secret default/sidecar-injector-cert (tls.crt, tls.key):", fix: "call genSignedCert only when it is absent" },
      ],
    },
    {
      name: "genPrivateKey written straight into a Secret",
      yaml: `
        apiVersion: v1
        kind: Secret
        metadata:
          name: signing-key
        stringData:
          key.pem: |
            {{- genPrivateKey "ecdsa" | nindent 4 }}
      `,
      chart: { template: "signing-key.yaml" },
      findings: [{ object: "Secret/default/signing-key", messageId: "regenerated", line: 7, column: 9, endLine: 7, endColumn: 45, severity: "warning", message: "genPrivateKey in templates/signing-key.yaml makes a new private key on every render, and the chart writes it into Secret default/signing-key (key.pem)", fix: "call genPrivateKey only when it is absent" }],
    },
    {
      name: "lookup reuse: the Secret in the cluster, else genCA (helm template and Argo CD still make a new one)",
      yaml: `
        {{- $secret := lookup "v1" "Secret" .Release.Namespace "conversion-ca" }}
        {{- $crt := "" }}
        {{- if $secret }}
        {{- $crt = index $secret.data "ca.crt" }}
        {{- else }}
        {{- $ca := genCA "conversion-ca" 3650 }}
        {{- $crt = $ca.Cert | b64enc }}
        {{- end }}
        apiVersion: v1
        kind: Secret
        metadata:
          name: conversion-ca
        data:
          ca.crt: {{ $crt }}
      `,
      chart: { template: "conversion-ca.yaml" },
      findings: [
        { object: "Secret/default/conversion-ca", messageId: "regeneratedWithoutCluster", line: 6, column: 12, endLine: 6, endColumn: 41, severity: "info", message: "genCA in templates/conversion-ca.yaml makes a new CA certificate and key for Secret default/conversion-ca (ca.crt); the chart reuses the one in the cluster through lookup on helm install and upgrade, but lookup returns nothing under helm template, --dry-run and GitOps tools that render without a cluster (Argo CD)", fix: "let cert-manager issue the certificate and inject the caBundle" },
      ],
    },
    {
      name: "dapr-style lookup on each use: generated every render, written only when the Secret is absent",
      yaml: `
        {{- $existing := lookup "v1" "Secret" .Release.Namespace "sidecar-injector-cert" }}
        {{- $ca := genCA "sidecar-injector-ca" 3650 }}
        apiVersion: v1
        kind: Secret
        metadata:
          name: sidecar-injector-cert
        data:
          {{ if $existing }}ca.crt: {{ index $existing.data "ca.crt" }}
          {{ else }}ca.crt: {{ b64enc $ca.Cert }}
          {{ end }}
      `,
      chart: { template: "sidecar-injector.yaml" },
      findings: [{ object: "Secret/default/sidecar-injector-cert", messageId: "regeneratedWithoutCluster", line: 2, column: 12, endLine: 2, endColumn: 47, severity: "info", message: "reuses the one in the cluster through lookup", fix: "instead of genCA" }],
    },
    {
      name: "opentelemetry-operator-style helper: lookup, else genCA + genSignedCert, handed over with fromYaml (include ...)",
      yaml: `
        {{- $cert := fromYaml (include "example.webhookCert" .) }}
        apiVersion: v1
        kind: Secret
        metadata:
          name: example-webhook-cert
        type: kubernetes.io/tls
        data:
          tls.crt: {{ $cert.crt }}
          tls.key: {{ $cert.key }}
          ca.crt: {{ $cert.ca }}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: example-validation
        webhooks:
          - name: vcollector.example.io
            admissionReviewVersions: [v1]
            sideEffects: None
            clientConfig:
              caBundle: {{ $cert.ca }}
              service: {name: example-webhook, namespace: {{ .Release.Namespace }}}
      `,
      chart: { template: "operator-webhook.yaml", files: { "templates/_helpers.tpl": OTEL_HELPERS } },
      findings: [
        { object: "Secret/default/example-webhook-cert", file: "templates/_helpers.tpl", messageId: "regeneratedWithoutCluster", line: 11, column: 12, endLine: 11, endColumn: 46, severity: "info", related: ["ValidatingWebhookConfiguration/example-validation"], message: "genCA in templates/_helpers.tpl makes a new CA certificate and key for Secret default/example-webhook-cert (tls.crt, tls.key, ca.crt) and the caBundle of ValidatingWebhookConfiguration example-validation; the chart reuses", fix: "instead of genCA" },
        { object: "Secret/default/example-webhook-cert", file: "templates/_helpers.tpl", messageId: "regeneratedWithoutCluster", line: 12, column: 14, endLine: 12, endColumn: 97, severity: "info", related: ["ValidatingWebhookConfiguration/example-validation"], message: "genSignedCert in templates/_helpers.tpl", fix: "instead of genSignedCert" },
      ],
    },
    {
      name: "Bitnami idiom: genCA and genSignedCert every render, each key printed through a library template that calls lookup (reuse)",
      yaml: `
        {{- $secretName := printf "%s-crt" .Release.Name }}
        {{- $ca := genCA "example-ca" 365 }}
        {{- $cert := genSignedCert .Release.Name nil (list (printf "%s.%s.svc" .Release.Name .Release.Namespace)) 365 $ca }}
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ $secretName }}
        type: kubernetes.io/tls
        data:
          tls.crt: {{ include "library.secrets.lookup" (dict "secret" $secretName "key" "tls.crt" "defaultValue" $cert.Cert "context" $) }}
          tls.key: {{ include "library.secrets.lookup" (dict "secret" $secretName "key" "tls.key" "defaultValue" $cert.Key "context" $) }}
          ca.crt: {{ include "library.secrets.lookup" (dict "secret" $secretName "key" "ca.crt" "defaultValue" $ca.Cert "context" $) }}
      `,
      chart: {
        template: "tls-secret.yaml",
        files: {
          "charts/library/Chart.yaml": "apiVersion: v2\nname: library\ntype: library\nversion: 2.0.0\n",
          "charts/library/templates/_secrets.tpl": LIBRARY_SECRETS,
        },
      },
      findings: [
        { object: "Secret/default/release-name-crt", messageId: "regeneratedWithoutCluster", line: 2, column: 12, endLine: 2, endColumn: 37, severity: "info", message: "genCA in templates/tls-secret.yaml makes a new CA certificate and key for Secret default/release-name-crt (ca.crt); the chart reuses the one in the cluster through lookup", fix: "instead of genCA" },
        { object: "Secret/default/release-name-crt", messageId: "regeneratedWithoutCluster", line: 3, column: 14, endLine: 3, endColumn: 117, severity: "info", message: "genSignedCert in templates/tls-secret.yaml makes a new certificate and key for Secret default/release-name-crt (tls.crt, tls.key); the chart reuses", fix: "instead of genSignedCert" },
      ],
    },
    {
      name: "linkerd idiom: a second `$ca :=` in the same file feeds only its own Secret and webhook",
      yaml: TWO_VALIDATORS,
      chart: { template: "destination-rbac.yaml" },
      findings: [
        { object: "Secret/default/profile-validator-k8s-tls", messageId: "regenerated", line: 2, column: 12, endLine: 2, endColumn: 62, severity: "warning", related: ["ValidatingWebhookConfiguration/profile-validator-webhook-config"], message: "genSelfSignedCert in templates/destination-rbac.yaml makes a new self-signed certificate and key on every render, and the chart writes it into Secret default/profile-validator-k8s-tls (tls.crt, tls.key) and the caBundle of ValidatingWebhookConfiguration profile-validator-webhook-config:", fix: "call genSelfSignedCert only when it is absent" },
        { object: "Secret/default/policy-validator-k8s-tls", messageId: "regenerated", line: 26, column: 12, endLine: 26, endColumn: 62, severity: "warning", related: ["ValidatingWebhookConfiguration/policy-validator-webhook-config"], message: "genSelfSignedCert in templates/destination-rbac.yaml makes a new self-signed certificate and key on every render, and the chart writes it into Secret default/policy-validator-k8s-tls (tls.crt, tls.key) and the caBundle of ValidatingWebhookConfiguration policy-validator-webhook-config:", fix: "call genSelfSignedCert only when it is absent" },
      ],
    },
  ],
});
