import { testRule } from "../../test/support/rule-tester";
import rule from ".";

/** A webhook served by a Deployment whose --cert-dir is a cert-manager Certificate's Secret. */
function webhookWith(dnsNames: string): string {
  return `
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata:
      name: policy-validate
      annotations: {cert-manager.io/inject-ca-from: policy/policy-webhook}
    webhooks:
      - name: policy.example.com
        clientConfig:
          service: {namespace: policy, name: policy-webhook, path: /validate}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: policy-webhook, namespace: policy}
    spec:
      selector: {app: policy}
      ports: [{name: https, port: 443, targetPort: 9443}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: policy, namespace: policy}
    spec:
      template:
        metadata: {labels: {app: policy}}
        spec:
          containers:
            - name: manager
              image: example/policy:1.0
              args: [--cert-dir=/certs]
              volumeMounts: [{name: certs, mountPath: /certs, readOnly: true}]
          volumes: [{name: certs, secret: {secretName: policy-webhook-tls}}]
    ---
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: policy-webhook, namespace: policy}
    spec:
      secretName: policy-webhook-tls
      issuerRef: {name: selfsigned}
${dnsNames}
  `;
}

testRule(rule, {
  accept: [
    {
      name: "the Certificate lists <svc>.<ns>.svc",
      yaml: webhookWith("      dnsNames: [policy-webhook, policy-webhook.policy, policy-webhook.policy.svc]"),
    },
    {
      name: "a wildcard covers exactly one label",
      yaml: webhookWith('      dnsNames: ["*.policy.svc"]'),
    },
    {
      name: "ingress-shim derives the names, and plain-HTTP clients need no certificate",
      yaml: `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop
          namespace: shop
          annotations: {cert-manager.io/cluster-issuer: letsencrypt}
        spec:
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: team
          annotations: {service.beta.openshift.io/serving-cert-secret-name: api-tls}
        spec:
          selector: {app: api}
          ports: [{name: http, port: 8080}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: team}
        spec:
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
                - name: api
                  image: example/api:1.0
                  volumeMounts: [{name: tls, mountPath: /etc/tls}]
              volumes: [{name: tls, secret: {secretName: api-tls}}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: client, namespace: team}
        spec:
          template:
            spec:
              containers:
                - name: client
                  image: example/client:1.0
                  env:
                    - {name: API_URL, value: "http://api.team:8080/v1"}
                    - {name: API_TLS_URL, value: "https://api.team.svc/v1"}
      `,
    },
    {
      name: "edges whose names the answering certificate covers: a Gateway listener (wildcard), an Istio Gateway with a namespace prefix, a BackendTLSPolicy hostname",
      yaml: `
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: edge, namespace: infra}
        spec:
          gatewayClassName: envoy
          listeners:
            - {name: https, port: 443, protocol: HTTPS, hostname: "*.example.com", tls: {certificateRefs: [{name: wildcard-tls}]}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: wildcard, namespace: infra}
        spec: {secretName: wildcard-tls, dnsNames: ["*.example.com"], issuerRef: {name: le, kind: ClusterIssuer}}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: shop}
        spec:
          selector: {istio: ingressgateway}
          servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: [shop/shop.example.com, "*"]
              tls: {mode: SIMPLE, credentialName: shop-cert}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: istio-ingressgateway, namespace: istio-ingress}
        spec:
          template:
            metadata: {labels: {istio: ingressgateway}}
            spec: {containers: [{name: istio-proxy, image: istio/proxyv2:1.24.0}]}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: shop-cert, namespace: istio-ingress}
        spec: {secretName: shop-cert, dnsNames: [shop.example.com], issuerRef: {name: le, kind: ClusterIssuer}}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: BackendTLSPolicy
        metadata: {name: api, namespace: shop}
        spec:
          targetRefs: [{group: "", kind: Service, name: api}]
          validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: api-ca}], hostname: api.shop.svc}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec: {selector: {app: api}, ports: [{port: 443, targetPort: 8443}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: api}}
            spec:
              containers: [{name: api, image: api:1, volumeMounts: [{name: tls, mountPath: /tls}]}]
              volumes: [{name: tls, secret: {secretName: api-tls}}]
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: api, namespace: shop}
        spec: {secretName: api-tls, dnsNames: [api.shop.svc, api.shop.svc.cluster.local], issuerRef: {name: internal, kind: ClusterIssuer}}
      `,
    },
  ],
  reject: [
    {
      name: "ingress-shim issues only the annotated Ingress's hosts; a second Ingress serving www from the same Secret is not covered",
      yaml: `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop
          namespace: shop
          annotations: {cert-manager.io/cluster-issuer: letsencrypt}
        spec:
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: www, namespace: shop}
        spec:
          tls: [{hosts: [www.example.com], secretName: shop-tls}]
      `,
      findings: [{ object: "Ingress/shop/shop", messageId: "namesNotCovered", line: 8, column: 10, endLine: 8, endColumn: 15, message: "Secret shop-tls holds a certificate from cert-manager's ingress-shim Certificate shop/shop-tls (for Ingress shop/shop) that covers shop.example.com but not www.example.com (dialled by clients of Ingress shop/www)", related: ["Ingress/shop/www"], fix: "Add the missing names to the tls hosts of Ingress shop/shop (cert-manager's ingress-shim asks for exactly those): - www.example.com." }],
    },
    {
      name: "a narrow Certificate without <svc>.<ns>.svc",
      yaml: webhookWith("      dnsNames: [policy-webhook, policy-webhook.policy]"),
      findings: [
        {
          object: "Certificate/policy/policy-webhook",
          messageId: "namesNotCovered",
          line: 38,
          column: 3,
          endLine: 38,
          endColumn: 11,
          message: "covers policy-webhook, policy-webhook.policy but not policy-webhook.policy.svc (dialled by the API server, for ValidatingWebhookConfiguration policy-validate",
          fix: "Add the missing names to spec.dnsNames of Certificate",
          related: ["ValidatingWebhookConfiguration/policy-validate"],
        },
      ],
    },
    {
      name: "a Certificate with only a commonName",
      yaml: webhookWith("      commonName: policy-webhook.policy.svc"),
      findings: [{ object: "Certificate/policy/policy-webhook", messageId: "noDnsNames", line: 38, column: 3, endLine: 38, endColumn: 40, message: "has no dnsNames (its commonName is ignored by TLS clients), so it does not cover policy-webhook.policy.svc", fix: "Add the missing names to spec.dnsNames of Certificate", related: ["ValidatingWebhookConfiguration/policy-validate"] }],
    },
    {
      name: "an Ingress host two labels below the wildcard",
      yaml: `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          tls:
            - hosts: [shop.example.com, api.shop.example.com]
              secretName: wildcard-tls
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: wildcard, namespace: shop}
        spec:
          secretName: wildcard-tls
          dnsNames: ["*.example.com"]
          issuerRef: {name: letsencrypt, kind: ClusterIssuer}
      `,
      findings: [{ object: "Certificate/shop/wildcard", messageId: "namesNotCovered", line: 14, column: 3, endLine: 14, endColumn: 11, message: "but not api.shop.example.com (dialled by clients of Ingress shop/shop)", fix: "Add the missing names to spec.dnsNames of Certificate shop/wildcard:", related: ["Ingress/shop/shop"] }],
    },
    {
      name: "an in-cluster client dialling a short name service-ca does not issue",
      yaml: `
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: team
          annotations:
            service.beta.openshift.io/serving-cert-secret-name: api-tls
        spec:
          selector: {app: api}
          ports: [{name: https, port: 8443}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: team}
        spec:
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
                - name: api
                  image: example/api:1.0
                  args: [--tls-cert-file=/etc/tls/tls.crt, --tls-private-key-file=/etc/tls/tls.key]
                  volumeMounts: [{name: tls, mountPath: /etc/tls}]
              volumes: [{name: tls, secret: {secretName: api-tls}}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report, namespace: team}
        spec:
          schedule: "@hourly"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: report
                      image: curlimages/curl:8.10.1
                      args: [--cacert, /ca/service-ca.crt, "https://api.team:8443/report"]
      `,
      findings: [{ object: "Service/team/api", messageId: "namesNotCovered", line: 7, column: 5, endLine: 7, endColumn: 64, message: 'but not api.team (dialled by container "report" of CronJob team/report', fix: "service-ca only issues api.team.svc and api.team.svc.cluster.local:", related: ["CronJob/team/report"] }],
    },
    {
      name: "the external-secrets webhook checks a name its cert-controller does not issue",
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
                - name: cert-controller
                  image: ghcr.io/external-secrets/external-secrets:v0.18.0
                  args: [certcontroller, --service-name=eso-webhook, --service-namespace=es, --secret-name=eso-webhook, --secret-namespace=es]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-webhook, namespace: es}
        spec:
          template:
            spec:
              containers:
                - name: webhook
                  image: ghcr.io/external-secrets/external-secrets:v0.18.0
                  args: [webhook, --dns-name=eso-webhook.es.svc.cluster.local, --cert-dir=/tmp/certs]
                  volumeMounts: [{name: certs, mountPath: /tmp/certs}]
              volumes: [{name: certs, secret: {secretName: eso-webhook}}]
      `,
      findings: [
        {
          object: "Deployment/es/eso-cert-controller",
          messageId: "namesNotCovered",
          line: 14,
          column: 34,
          endLine: 14,
          endColumn: 60,
          message: "covers eso-webhook.es.svc but not eso-webhook.es.svc.cluster.local (dialled by the external-secrets webhook itself",
          fix: "Make external-secrets cert-controller (Deployment",
          related: ["Deployment/es/eso-webhook"],
        },
      ],
    },
    {
      name: "a Gateway listener hostname and an Istio Gateway host the certificate does not cover; a BackendTLSPolicy hostname and an ingress-nginx proxy-ssl-name the backend certificate does not cover",
      yaml: `
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: edge, namespace: infra}
        spec:
          gatewayClassName: envoy
          listeners:
            - name: https
              port: 443
              protocol: HTTPS
              hostname: shop.example.com
              tls: {certificateRefs: [{name: www-tls}]}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: www, namespace: infra}
        spec:
          secretName: www-tls
          dnsNames: [www.example.com]
          issuerRef: {name: le, kind: ClusterIssuer}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: istio-ingress}
        spec:
          selector: {istio: ingressgateway}
          servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: [api.example.com]
              tls: {mode: SIMPLE, credentialName: shop-cert}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: istio-ingressgateway, namespace: istio-ingress}
        spec:
          template:
            metadata: {labels: {istio: ingressgateway}}
            spec: {containers: [{name: istio-proxy, image: istio/proxyv2:1.24.0}]}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: shop-cert, namespace: istio-ingress}
        spec:
          secretName: shop-cert
          dnsNames: [shop.example.com]
          issuerRef: {name: le, kind: ClusterIssuer}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: BackendTLSPolicy
        metadata: {name: api, namespace: shop}
        spec:
          targetRefs: [{group: "", kind: Service, name: api}]
          validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: api-ca}], hostname: api.internal}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: api
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/backend-protocol: HTTPS
            nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
            nginx.ingress.kubernetes.io/proxy-ssl-secret: shop/api-tls
            nginx.ingress.kubernetes.io/proxy-ssl-name: api
        spec:
          defaultBackend: {service: {name: api, port: {number: 443}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec: {selector: {app: api}, ports: [{port: 443, targetPort: 8443}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: api}}
            spec:
              containers: [{name: api, image: api:1, volumeMounts: [{name: tls, mountPath: /tls}]}]
              volumes: [{name: tls, secret: {secretName: api-tls}}]
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: api, namespace: shop}
        spec:
          secretName: api-tls
          dnsNames: [api.shop.svc]
          issuerRef: {name: internal, kind: ClusterIssuer}
      `,
      findings: [
        { object: "Certificate/infra/www", messageId: "namesNotCovered", line: 18, column: 3, endLine: 18, endColumn: 11, message: "shop.example.com (dialled by clients of listener \"https\" of Gateway infra/edge)", fix: "Add the missing names to spec.dnsNames of Certificate infra/www: -", related: ["Gateway/infra/edge"] },
        { object: "Certificate/istio-ingress/shop-cert", messageId: "namesNotCovered", line: 44, column: 3, endLine: 44, endColumn: 11, message: "not api.example.com", fix: "Add the missing names to spec.dnsNames of Certificate", related: ["Gateway/istio-ingress/public"] },
        { object: "Certificate/shop/api", messageId: "namesNotCovered", line: 87, column: 3, endLine: 87, endColumn: 11, message: "api.internal (dialled by the gateway, for BackendTLSPolicy shop/api); api (dialled by ingress-nginx", fix: "Add the missing names to spec.dnsNames of Certificate shop/api: -", related: ["BackendTLSPolicy/shop/api", "Ingress/shop/api"] },
      ],
    },
  ],
});
