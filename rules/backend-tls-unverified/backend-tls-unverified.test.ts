import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "ingress-nginx verifies the HTTPS backend with a cert-manager Secret (ca.crt); a DestinationRule with caCertificates; ISTIO_MUTUAL",
      yaml: `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: api
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/backend-protocol: HTTPS
            nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
            nginx.ingress.kubernetes.io/proxy-ssl-secret: shop/api-backend-tls
            nginx.ingress.kubernetes.io/proxy-ssl-name: api.shop.svc
        spec:
          ingressClassName: nginx
          rules:
            - host: api.example.com
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 8443}}}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: api-backend, namespace: shop}
        spec:
          secretName: api-backend-tls
          dnsNames: [api.shop.svc]
          issuerRef: {name: internal-ca, kind: ClusterIssuer}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: payments, namespace: shop}
        spec:
          host: payments.example.com
          trafficPolicy:
            tls: {mode: SIMPLE, caCertificates: /etc/certs/payments-ca.pem, sni: payments.example.com}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: api, namespace: shop}
        spec:
          host: api.shop.svc.cluster.local
          trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
      `,
    },
    {
      name: "plain HTTP backends and a Secret whose keys are not known are not judged",
      yaml: `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
        spec:
          defaultBackend: {service: {name: web, port: {number: 80}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: grpc
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/backend-protocol: GRPCS
            nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
            nginx.ingress.kubernetes.io/proxy-ssl-secret: shop/provided-outside-the-chart
        spec:
          defaultBackend: {service: {name: grpc, port: {number: 9443}}}
      `,
    },
  ],
  reject: [
    {
      name: "HTTPS backend without proxy-ssl-verify (warning), verify on without a secret, a secret without a namespace, a Secret without ca.crt (errors)",
      yaml: `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: dashboard
          namespace: kubernetes-dashboard
          annotations:
            nginx.ingress.kubernetes.io/backend-protocol: "HTTPS"
        spec:
          defaultBackend: {service: {name: kubernetes-dashboard, port: {number: 443}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: a
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/backend-protocol: HTTPS
            nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
        spec:
          defaultBackend: {service: {name: a, port: {number: 443}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: b
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/backend-protocol: HTTPS
            nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
            nginx.ingress.kubernetes.io/proxy-ssl-secret: backend-ca
        spec:
          defaultBackend: {service: {name: b, port: {number: 443}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: c
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/backend-protocol: HTTPS
            nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
            nginx.ingress.kubernetes.io/proxy-ssl-secret: shop/backend-client
        spec:
          defaultBackend: {service: {name: c, port: {number: 443}}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: backend-client, namespace: shop}
        type: kubernetes.io/tls
        data: {tls.crt: "", tls.key: ""}
      `,
      findings: [
        { object: "Ingress/kubernetes-dashboard/dashboard", messageId: "nginxUnverified", line: 7, column: 5, endLine: 7, endColumn: 58, message: "without nginx.ingress.kubernetes.io/proxy-ssl-verify", fix: 'Add nginx.ingress.kubernetes.io/proxy-ssl-verify: "on" and', severity: "warning" },
        { object: "Ingress/shop/a", messageId: "nginxVerifyWithoutSecret", line: 18, column: 5, endLine: 18, endColumn: 55, message: "without nginx.ingress.kubernetes.io/proxy-ssl-secret", fix: 'Set nginx.ingress.kubernetes.io/proxy-ssl-secret: "shop/<secret>"', severity: "error" },
        { object: "Ingress/shop/b", messageId: "nginxSecretNotNamespaced", line: 30, column: 5, endLine: 30, endColumn: 61, message: "is not \"namespace/name\"", fix: 'Set nginx.ingress.kubernetes.io/proxy-ssl-secret: "shop/<secret>"', severity: "error" },
        { object: "Ingress/shop/c", messageId: "nginxSecretWithoutCa", line: 42, column: 5, endLine: 42, endColumn: 70, message: "which will hold tls.crt, tls.key but not ca.crt", fix: "Put the backend's CA under ca.crt in Secret shop/backend-client, or", severity: "error", related: ["Secret/shop/backend-client"] },
      ],
    },
    {
      name: "DestinationRule SIMPLE and MUTUAL (port level) without a CA",
      yaml: `
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: legacy-api, namespace: shop}
        spec:
          host: legacy.corp.example
          trafficPolicy:
            tls:
              mode: SIMPLE
            portLevelSettings:
              - port: {number: 9443}
                tls: {mode: MUTUAL, clientCertificate: /etc/certs/client.pem, privateKey: /etc/certs/key.pem}
      `,
      findings: [
        { object: "DestinationRule/shop/legacy-api", messageId: "istioUnverified", line: 8, column: 7, endLine: 8, endColumn: 19, message: "istio#25652", fix: "Add tls.caCertificates (a CA file in the proxy) or tls.credentialName", severity: "warning" },
        { object: "DestinationRule/shop/legacy-api", messageId: "istioUnverified", line: 11, column: 15, endLine: 11, endColumn: 27, message: "(port 9443)", fix: "Add tls.caCertificates (a CA file in the proxy) or tls.credentialName", severity: "warning" },
      ],
    },
  ],
});
