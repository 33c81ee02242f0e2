import { testRule } from "../../test/support/rule-tester";
import rule from ".";

/** A webhook whose caBundle cert-manager injects from Certificate policy/policy-webhook, issued by the ClusterIssuer `issuer`. */
const injectedFrom = (issuerSpec: string) => `
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata:
      name: policy-validate
      annotations: {cert-manager.io/inject-ca-from: policy/policy-webhook}
    webhooks:
      - name: a.policy.example.com
        clientConfig:
          service: {namespace: policy, name: policy-webhook, path: /a}
    ---
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: policy-webhook, namespace: policy}
    spec:
      secretName: policy-webhook-tls
      dnsNames: [policy-webhook.policy.svc]
      issuerRef: {name: issuer, kind: ClusterIssuer}
    ---
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    metadata: {name: issuer}
    spec:
${issuerSpec}
`;

testRule(rule, {
  accept: [
    { name: "inject-ca-from a Certificate of a CA ClusterIssuer", yaml: injectedFrom("      ca: {secretName: policy-ca}") },
    {
      name: "external-secrets webhooks filled by the chart's cert-controller",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: secretstore-validate
          labels: {external-secrets.io/component: webhook}
        webhooks:
          - name: validate.secretstore.external-secrets.io
            clientConfig:
              service: {namespace: es, name: eso-webhook, path: /validate}
            admissionReviewVersions: [v1]
            sideEffects: None
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
                  args: [certcontroller, --service-name=eso-webhook, --service-namespace=es, --secret-name=eso-webhook, --secret-namespace=es]
      `,
    },
    {
      name: "ingress-nginx admission webhook patched by the kube-webhook-certgen job",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: ingress-nginx-admission}
        webhooks:
          - name: validate.nginx.ingress.kubernetes.io
            clientConfig:
              service: {namespace: ingress-nginx, name: ingress-nginx-controller-admission, path: /networking/v1/ingresses}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: ingress-nginx-admission-patch, namespace: ingress-nginx}
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
                - name: patch
                  image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9
                  args: [patch, --webhook-name=ingress-nginx-admission, "--namespace=$(POD_NAMESPACE)", --patch-mutating=false, --secret-name=ingress-nginx-admission]
      `,
    },
    {
      name: "Vault injector with AGENT_INJECT_TLS_AUTO and an empty quoted caBundle",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: vault-agent-injector-cfg}
        webhooks:
          - name: vault.hashicorp.com
            clientConfig:
              service: {name: vault-agent-injector-svc, namespace: vault, path: /mutate}
              caBundle: ""
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: vault-agent-injector, namespace: vault}
        spec:
          template:
            spec:
              containers:
                - name: sidecar-injector
                  image: hashicorp/vault-k8s:1.4.2
                  env:
                    - {name: AGENT_INJECT_TLS_AUTO, value: vault-agent-injector-cfg}
      `,
    },
    {
      name: "an operator whose ClusterRole may patch mutating webhook configurations and whose env names the configuration (the shape of istiod before it selected by revision label)",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: istio-sidecar-injector}
        webhooks:
          - name: sidecar-injector.istio.io
            clientConfig:
              service: {name: istiod, namespace: istio-system, path: /inject}
              caBundle: ""
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: istiod-clusterrole}
        rules:
          - apiGroups: [admissionregistration.k8s.io]
            resources: [mutatingwebhookconfigurations]
            verbs: [get, list, watch, update, patch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: istiod-clusterrole}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: istiod-clusterrole}
        subjects:
          - {kind: ServiceAccount, name: istiod, namespace: istio-system}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: istiod, namespace: istio-system}
        spec:
          template:
            spec:
              serviceAccountName: istiod
              containers:
                - name: injector
                  image: docker.io/example/sidecar-operator:1.22.0
                  env:
                    - {name: REVISION, value: default}
                    - {name: INJECTION_WEBHOOK_CONFIG_NAME, value: istio-sidecar-injector}
      `,
    },
    {
      name: "istiod of the current chart: no webhook-name env, it patches the webhook configurations labelled with its revision",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: istio-sidecar-injector
          labels: {istio.io/rev: "default", app: sidecar-injector}
        webhooks:
          - name: rev.namespace.sidecar-injector.istio.io
            clientConfig:
              service: {name: istiod, namespace: istio-system, path: /inject, port: 443}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: istio-validator-istio-system
          labels: {istio: istiod, istio.io/rev: "default"}
        webhooks:
          - name: rev.validation.istio.io
            failurePolicy: Ignore
            clientConfig:
              service: {name: istiod, namespace: istio-system, path: /validate}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: istiod, namespace: istio-system}
        spec:
          template:
            spec:
              serviceAccountName: istiod
              containers:
                - name: discovery
                  image: "docker.io/istio/pilot:1.28.0"
                  args:
                  - "discovery"
                  - --monitoringAddr=:15014
                  env:
                    - name: REVISION
                      value: "default"
      `,
    },
    {
      name: "an operator whose ClusterRole names the webhook configuration in resourceNames",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: widget-operator-webhook}
        webhooks:
          - name: vwidget.example.com
            clientConfig:
              service: {name: widget-operator, namespace: widgets, path: /validate}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: widget-operator}
        rules:
          - apiGroups: [admissionregistration.k8s.io]
            resources: [validatingwebhookconfigurations]
            resourceNames: [widget-operator-webhook]
            verbs: [get, update]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: widget-operator}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: widget-operator}
        subjects: [{kind: ServiceAccount, name: widget-operator, namespace: widgets}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: widget-operator, namespace: widgets}
        spec:
          template:
            spec:
              serviceAccountName: widget-operator
              containers:
                - {name: manager, image: example.com/widget-operator:1.0.0}
      `,
    },
    {
      name: "injector annotations, a literal bundle, a URL webhook and an insecure APIService",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: cm-injected
          annotations: {cert-manager.io/inject-ca-from: team/webhook-cert}
        webhooks:
          - name: a.example.com
            clientConfig: {service: {namespace: team, name: webhook}}
        ---
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
              clientConfig: {service: {namespace: team, name: webhook, path: /convert}}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: literal-and-url}
        webhooks:
          - name: b.example.com
            clientConfig:
              service: {namespace: team, name: webhook}
              caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
          - name: c.example.com
            clientConfig: {url: "https://hooks.example.com/validate"}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1beta1.metrics.k8s.io}
        spec:
          group: metrics.k8s.io
          version: v1beta1
          insecureSkipTLSVerify: true
          service: {name: metrics-server, namespace: kube-system}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.example.com}
        spec:
          group: example.com
          conversion: {strategy: None}
      `,
    },
    {
      name: "an operator described through the extraControllers option",
      options: {
        extraControllers: [
          {
            id: "acme-operator",
            description: "ACME operator webhook certificate manager",
            evidence: ["acme/operator internal/webhook/certs.go"],
            match: { image: "acme/operator", argv0: "manager" },
            caBundle: { mode: "replace", targets: [{ kinds: ["ValidatingWebhookConfiguration"], name: { flag: "--webhook-config-name", default: "acme-validate" } }] },
            issuesOwnCertificate: true,
          },
        ],
      },
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: acme-validate}
        webhooks:
          - name: acme.example.com
            clientConfig: {service: {namespace: acme, name: acme-webhook}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: acme-operator, namespace: acme}
        spec:
          template:
            spec:
              containers:
                - {name: manager, image: registry.example.com/acme/operator:2.1, args: [manager, --leader-elect]}
      `,
    },
    {
      name: "an operator described in the knowledge: section (controllers)",
      knowledge: {
        controllers: [
          {
            id: "acme-operator",
            description: "ACME operator webhook certificate manager",
            evidence: ["acme/operator internal/webhook/certs.go"],
            match: { image: "acme/operator", argv0: "manager" },
            caBundle: { mode: "replace", targets: [{ kinds: ["ValidatingWebhookConfiguration"], name: { flag: "--webhook-config-name", default: "acme-validate" } }] },
            issuesOwnCertificate: true,
          },
        ],
      },
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: acme-validate}
        webhooks:
          - name: acme.example.com
            clientConfig: {service: {namespace: acme, name: acme-webhook}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: acme-operator, namespace: acme}
        spec:
          template:
            spec:
              containers:
                - {name: manager, image: registry.example.com/acme/operator:2.1, args: [manager, --leader-elect]}
      `,
    },
  ],
  reject: [
    {
      name: "inject-ca-from a Certificate of an ACME (Let's Encrypt) ClusterIssuer: the injection stays empty (cert-manager#1571)",
      yaml: injectedFrom("      acme:\n        server: https://acme-v02.api.letsencrypt.org/directory\n        privateKeySecretRef: {name: letsencrypt-account}\n        solvers: [{http01: {ingress: {ingressClassName: nginx}}}]"),
      findings: [
        {
          object: "ValidatingWebhookConfiguration/policy-validate",
          messageId: "injectsNothing",
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 17,
          message: "cert-manager's cainjector (cert-manager.io/inject-ca-from: policy/policy-webhook) will inject nothing: Secret policy/policy-webhook-tls will have no ca.crt: it is written by cert-manager Certificate policy/policy-webhook, and the ACME ClusterIssuer issuer returns no CA",
          fix: "from an issuer that returns its CA",
          related: [],
        },
      ],
    },
    {
      name: "two webhooks, no injector, served from a cert-manager Certificate",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: policy-validate}
        webhooks:
          - name: a.policy.example.com
            clientConfig:
              service: {namespace: policy, name: policy-webhook, path: /a}
          - name: b.policy.example.com
            clientConfig:
              service: {namespace: policy, name: policy-webhook, path: /b}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: policy-webhook, namespace: policy}
        spec:
          selector: {app: policy}
          ports: [{port: 443, targetPort: 9443}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: policy, namespace: policy}
        spec:
          selector: {matchLabels: {app: policy}}
          template:
            metadata: {labels: {app: policy}}
            spec:
              containers:
                - name: manager
                  image: example/policy:1.0
                  args: [--cert-dir=/certs]
                  volumeMounts: [{name: certs, mountPath: /certs, readOnly: true}]
              volumes:
                - {name: certs, secret: {secretName: policy-webhook-tls}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: policy-webhook, namespace: policy}
        spec:
          secretName: policy-webhook-tls
          dnsNames: [policy-webhook.policy.svc]
          issuerRef: {name: selfsigned}
      `,
      findings: [
        {
          object: "ValidatingWebhookConfiguration/policy-validate",
          messageId: "admissionRejected",
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 17,
          message: 'webhook "a.policy.example.com", webhook "b.policy.example.com" call Service policy/policy-webhook with an empty caBundle',
          fix: "Add the annotation cert-manager.io/inject-ca-from:",
          severity: "error",
          related: ["Service/policy/policy-webhook", "Deployment/policy/policy"],
        },
      ],
    },
    {
      name: "failurePolicy Ignore is a warning",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: defaults}
        webhooks:
          - name: defaults.example.com
            failurePolicy: Ignore
            clientConfig:
              service: {namespace: tools, name: defaulter}
      `,
      findings: [{ object: "MutatingWebhookConfiguration/defaults", messageId: "admissionSkipped", line: 7, column: 5, endLine: 7, endColumn: 17, message: "silently skipped", fix: "Add cert-manager.io/inject-ca-from: <namespace>/<certificate>", severity: "warning", related: [] }],
    },
    {
      name: "a conversion webhook and an aggregated APIService with nothing to fill them",
      yaml: `
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          conversion:
            strategy: Webhook
            webhook:
              conversionReviewVersions: [v1]
              clientConfig:
                service: {namespace: team, name: widget-webhook, path: /convert}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1alpha1.custom.metrics.k8s.io}
        spec:
          group: custom.metrics.k8s.io
          version: v1alpha1
          service: {name: adapter, namespace: monitoring}
          groupPriorityMinimum: 100
          versionPriority: 100
      `,
      findings: [
        { object: "CustomResourceDefinition/widgets.example.com", messageId: "conversionFails", line: 10, column: 7, endLine: 10, endColumn: 19, message: "version conversion fails", fix: "Add cert-manager.io/inject-ca-from: <namespace>/<certificate>" },
        { object: "APIService/v1alpha1.custom.metrics.k8s.io", messageId: "apiServiceFails", line: 19, column: 3, endLine: 19, endColumn: 10, message: "discovery and every request", fix: "Add cert-manager.io/inject-ca-from: <namespace>/<certificate>" },
      ],
    },
    {
      name: "Gatekeeper with certificate rotation turned off, and a wildcard RBAC grant that proves nothing",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: gatekeeper-validating-webhook-configuration}
        webhooks:
          - name: validation.gatekeeper.sh
            clientConfig:
              service: {name: gatekeeper-webhook-service, namespace: gatekeeper-system, path: /v1/admit}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: gatekeeper-controller-manager, namespace: gatekeeper-system}
        spec:
          template:
            spec:
              serviceAccountName: gatekeeper-admin
              containers:
                - name: manager
                  image: openpolicyagent/gatekeeper:v3.17.0
                  args: [--operation=webhook, --disable-cert-rotation=true]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: everything}
        rules:
          - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: everything}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}
        subjects: [{kind: ServiceAccount, name: gatekeeper-admin, namespace: gatekeeper-system}]
      `,
      findings: [{ object: "ValidatingWebhookConfiguration/gatekeeper-validating-webhook-configuration", messageId: "admissionRejected", line: 6, column: 5, endLine: 6, endColumn: 17, message: "no known controller", fix: "Add cert-manager.io/inject-ca-from: <namespace>/<certificate>" }],
    },
    {
      name: "RBAC alone: cert-manager's cainjector may update every webhook configuration but injects only into annotated ones (issue 15)",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: rmq-messaging-topology-operator-webhook}
        webhooks:
          - name: vpolicy.kb.io
            clientConfig:
              caBundle: Y2E=
              service: {name: rmq-webhook, namespace: rmq, path: /validate-rabbitmq-com-v1beta1-policy}
          - name: voperatorpolicy.kb.io
            clientConfig:
              service: {name: rmq-webhook, namespace: rmq, path: /validate-rabbitmq-com-v1beta1-operatorpolicy}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: cert-manager-cainjector}
        rules:
          - apiGroups: [admissionregistration.k8s.io]
            resources: [validatingwebhookconfigurations, mutatingwebhookconfigurations]
            verbs: [get, list, watch, update, patch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: cert-manager-cainjector}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cert-manager-cainjector}
        subjects: [{kind: ServiceAccount, name: cert-manager-cainjector, namespace: cert-manager}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cert-manager-cainjector, namespace: cert-manager}
        spec:
          template:
            spec:
              serviceAccountName: cert-manager-cainjector
              containers:
                - name: cert-manager-cainjector
                  image: quay.io/jetstack/cert-manager-cainjector:v1.16.2
                  args: [--v=2, --leader-election-namespace=kube-system]
      `,
      findings: [
        {
          object: "ValidatingWebhookConfiguration/rmq-messaging-topology-operator-webhook",
          messageId: "admissionRejected",
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 17,
          message: 'webhook "voperatorpolicy.kb.io" calls Service rmq/rmq-webhook with an empty caBundle',
          fix: "Add cert-manager.io/inject-ca-from: <namespace>/<certificate>",
          related: ["Deployment/cert-manager/cert-manager-cainjector"],
        },
      ],
    },
    {
      name: "RBAC alone: an operator allowed to patch webhook configurations whose arguments and env never name this one",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: team-defaults}
        webhooks:
          - name: defaults.team.example.com
            clientConfig:
              service: {name: team-webhook, namespace: team, path: /mutate}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: other-operator}
        rules:
          - apiGroups: [admissionregistration.k8s.io]
            resources: [mutatingwebhookconfigurations]
            verbs: [patch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: other-operator}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: other-operator}
        subjects: [{kind: ServiceAccount, name: other-operator, namespace: ops}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: other-operator, namespace: ops}
        spec:
          template:
            spec:
              serviceAccountName: other-operator
              containers:
                - name: manager
                  image: example.com/other-operator:2.1.0
                  args: [--webhook-config-name=other-operator-webhook]
      `,
      findings: [{ object: "MutatingWebhookConfiguration/team-defaults", messageId: "admissionRejected", line: 6, column: 5, endLine: 6, endColumn: 17, message: "no workload configured to update it", fix: "Add cert-manager.io/inject-ca-from: <namespace>/<certificate>", related: ["Deployment/ops/other-operator"] }],
    },
    {
      name: "istiod patches only its own revision's webhooks: a canary-labelled injector beside a default istiod stays empty",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: istio-sidecar-injector-canary
          labels: {istio.io/rev: "canary"}
        webhooks:
          - name: rev.namespace.sidecar-injector.istio.io
            failurePolicy: Fail
            clientConfig:
              service: {name: istiod-canary, namespace: istio-system, path: /inject}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: istiod, namespace: istio-system}
        spec:
          template:
            spec:
              containers:
                - name: discovery
                  image: "docker.io/istio/pilot:1.28.0"
                  args: ["discovery"]
                  env:
                    - {name: REVISION, value: "default"}
      `,
      findings: [
        {
          object: "MutatingWebhookConfiguration/istio-sidecar-injector-canary",
          messageId: "admissionRejected",
          line: 9, column: 5, endLine: 9, endColumn: 17,
          message: "no known controller",
          fix: 'The istiod webhook patcher in this render fills objects labelled istio.io/rev: "default", not istio.io/rev: "canary": give MutatingWebhookConfiguration istio-sidecar-injector-canary the label of a running revision, or run one for "canary".',
        },
      ],
    },
    {
      name: "istio-base's default-revision validator linted without istiod: the fix says which controller fills it and to lint the charts as a group",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: istiod-default-validator
          labels:
            app: istiod
            istio: istiod
            istio.io/rev: "default"
        webhooks:
          - name: validation.istio.io
            clientConfig:
              service:
                name: istiod
                namespace: istio-system
            failurePolicy: Ignore
      `,
      findings: [
        {
          object: "ValidatingWebhookConfiguration/istiod-default-validator",
          messageId: "admissionSkipped",
          line: 11, column: 5, endLine: 11, endColumn: 17,
          severity: "warning",
          message: "silently skipped",
          fix: 'The istiod webhook patcher fills the caBundle of objects labelled istio.io/rev: "default", and none runs in this render: if another chart installs it, lint the two together (one `groups:` entry in .trustlint.yaml); otherwise install it, or set caBundle to the CA that signed the certificate served by istiod.istio-system.svc.',
        },
      ],
    },
  ],
});
