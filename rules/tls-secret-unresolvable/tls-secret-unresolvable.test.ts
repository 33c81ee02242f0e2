import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "a correct ReferenceGrant for the Gateway's namespace and the Secret; same-namespace Ingress, Istio and BackendTLSPolicy references; Secrets created outside the render",
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
              tls:
                certificateRefs: [{kind: Secret, name: shop-tls, namespace: certs}]
            - name: external
              port: 8443
              protocol: HTTPS
              tls:
                certificateRefs: [{name: made-by-hand, namespace: certs}]
        ---
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: ReferenceGrant
        metadata: {name: infra-gateways, namespace: certs}
        spec:
          from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
          to: [{group: "", kind: Secret}]
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: shop, namespace: certs}
        spec: {secretName: shop-tls, dnsNames: [shop.example.com], issuerRef: {name: le, kind: ClusterIssuer}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: web
          annotations: {cert-manager.io/cluster-issuer: le}
        spec:
          tls: [{hosts: [web.example.com], secretName: shop-tls}]
          defaultBackend: {service: {name: web, port: {number: 80}}}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: shop}
        spec:
          selector: {istio: ingressgateway}
          servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: [shop.example.com]
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
        kind: ConfigMap
        metadata: {name: api-ca, namespace: shop}
        data: {ca.crt: ""}
      `,
    },
  ],
  reject: [
    {
      name: "an issuer annotation does not help a TLS entry without hosts: ingress-shim skips it, and the Secret is written only in another namespace",
      yaml: `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: web
          annotations: {cert-manager.io/cluster-issuer: le}
        spec:
          tls: [{secretName: shop-tls}]
          defaultBackend: {service: {name: web, port: {number: 80}}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: shop, namespace: certs}
        spec: {secretName: shop-tls, dnsNames: [shop.example.com], issuerRef: {name: le, kind: ClusterIssuer}}
      `,
      findings: [{ object: "Ingress/web/web", messageId: "secretInOtherNamespace", line: 8, column: 10, endLine: 8, endColumn: 30, message: "Ingress web/web serves tls.secretName shop-tls, but the render writes Secret shop-tls only in namespace certs, not in web", fix: "Create Secret shop-tls (or the Certificate that writes it) in namespace web.", related: ["Certificate/certs/shop"] }],
    },
    {
      name: "a BackendTLSPolicy naming its CA ConfigMap with another namespace (the references are local)",
      yaml: `
        apiVersion: gateway.networking.k8s.io/v1
        kind: BackendTLSPolicy
        metadata: {name: api, namespace: shop}
        spec:
          targetRefs: [{group: "", kind: Service, name: api}]
          validation:
            caCertificateRefs:
              - {group: "", kind: ConfigMap, name: internal-ca, namespace: cert-manager}
            hostname: api.shop.svc
      `,
      findings: [{ object: "BackendTLSPolicy/shop/api", messageId: "caRefNotLocal", line: 8, column: 9, endLine: 8, endColumn: 19, message: "these references are local: the CA is looked up in shop", fix: "Put the CA ConfigMap in namespace shop and drop the namespace" }],
    },
    {
      name: "a Gateway with two listeners, one Secret across namespaces with a ReferenceGrant for the wrong Gateway",
      yaml: `
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: edge, namespace: infra}
        spec:
          gatewayClassName: envoy
          listeners:
            - name: http
              port: 80
              protocol: HTTP
            - name: https
              port: 443
              protocol: HTTPS
              hostname: shop.example.com
              tls:
                mode: Terminate
                certificateRefs:
                  - {kind: Secret, name: shop-tls, namespace: certs}
        ---
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: ReferenceGrant
        metadata: {name: staging-gateways, namespace: certs}
        spec:
          from:
            - {group: gateway.networking.k8s.io, kind: Gateway, namespace: staging}
          to:
            - {group: "", kind: Secret, name: shop-tls}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: shop, namespace: certs}
        spec: {secretName: shop-tls, dnsNames: [shop.example.com], issuerRef: {name: le, kind: ClusterIssuer}}
      `,
      findings: [
        {
          object: "Gateway/infra/edge",
          messageId: "referenceNotGranted",
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 18,
          message: "the ReferenceGrant there (staging-gateways) do not allow Gateway in namespace infra to read it",
          fix: "Add to namespace certs: a ReferenceGrant with from: [{group:",
          related: ["ReferenceGrant/certs/staging-gateways", "Gateway/infra/edge", "Certificate/certs/shop"],
        },
      ],
    },
    {
      name: "Ingress secretName written as namespace/name and one rendered only elsewhere; an Istio credentialName in the Gateway's namespace instead of the gateway pods'; a BackendTLSPolicy CA in another namespace",
      yaml: `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: web}
        spec:
          tls:
            - hosts: [web.example.com]
              secretName: certs/wildcard-tls
            - hosts: [api.example.com]
              secretName: api-tls
          defaultBackend: {service: {name: web, port: {number: 80}}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: api-tls, namespace: certs}
        type: kubernetes.io/tls
        data: {tls.crt: "", tls.key: ""}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: shop}
        spec:
          selector: {istio: ingressgateway}
          servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: [shop.example.com]
              tls: {mode: SIMPLE, credentialName: shop-cert}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: shop-cert, namespace: shop}
        spec: {secretName: shop-cert, dnsNames: [shop.example.com], issuerRef: {name: le, kind: ClusterIssuer}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: istio-ingressgateway, namespace: istio-ingress}
        spec:
          template:
            metadata: {labels: {istio: ingressgateway}}
            spec: {containers: [{name: istio-proxy, image: istio/proxyv2:1.24.0}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: BackendTLSPolicy
        metadata: {name: api, namespace: shop}
        spec:
          targetRefs: [{group: "", kind: Service, name: api}]
          validation:
            caCertificateRefs:
              - {group: "", kind: ConfigMap, name: internal-ca}
            hostname: api.shop.svc
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: internal-ca, namespace: cert-manager}
        data: {ca.crt: ""}
      `,
      findings: [
        { object: "Ingress/web/web", messageId: "ingressSecretNamespaced", line: 7, column: 7, endLine: 7, endColumn: 37, message: "Fake Certificate", fix: "Create the Secret in namespace web and write only its name, or make" },
        { object: "Ingress/web/web", messageId: "secretInOtherNamespace", line: 9, column: 7, endLine: 9, endColumn: 26, message: "only in namespace certs, not in web", fix: "Create Secret api-tls (or the Certificate that writes it) in", related: ["Secret/certs/api-tls"] },
        { object: "Gateway/shop/public", messageId: "secretInOtherNamespace", line: 26, column: 27, endLine: 26, endColumn: 52, message: "istio#58517", fix: "Create Secret shop-cert (or the Certificate that writes it) in", related: ["Deployment/istio-ingress/istio-ingressgateway", "Certificate/shop/shop-cert"] },
        { object: "BackendTLSPolicy/shop/api", messageId: "caConfigMapInOtherNamespace", line: 48, column: 9, endLine: 48, endColumn: 19, message: "only in cert-manager, not in shop", fix: "Create ConfigMap internal-ca with the backend CA (ca.crt) in" },
      ],
    },
  ],
});
