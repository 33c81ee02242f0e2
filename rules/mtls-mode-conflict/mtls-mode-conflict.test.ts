import { testRule } from "../../test/support/rule-tester";
import rule from ".";

/** A STRICT namespace with one Service and its Deployment; clients are added per case. */
const STRICT_SHOP = `
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {istio-injection: enabled}}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: shop}
        spec:
          mtls: {mode: STRICT}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec: {selector: {app: api}, ports: [{name: http, port: 8080}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: api:1}]}
`;

testRule(rule, {
  accept: [
    {
      name: "matching modes: ISTIO_MUTUAL DestinationRule, a meshed client, DISABLE to a PERMISSIVE port",
      yaml: `${STRICT_SHOP}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: api, namespace: shop}
        spec:
          host: api.shop.svc.cluster.local
          trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: web:1
                  env: [{name: API_URL, value: "http://api.shop.svc:8080"}]
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: metrics, namespace: mon}
        spec:
          selector: {matchLabels: {app: exporter}}
          mtls: {mode: STRICT}
          portLevelMtls: {"9100": {mode: PERMISSIVE}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: exporter, namespace: mon}
        spec: {selector: {app: exporter}, ports: [{port: 9100}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: exporter, namespace: mon}
        spec:
          template:
            metadata: {labels: {app: exporter}}
            spec: {containers: [{name: exporter, image: exporter:1}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: exporter, namespace: mon}
        spec:
          host: exporter.mon.svc.cluster.local
          trafficPolicy: {tls: {mode: DISABLE}}
      `,
    },
  ],
  reject: [
    {
      name: "a mesh-wide DISABLE DestinationRule against STRICT (istio#6279) and a client in an uninjected namespace",
      yaml: `${STRICT_SHOP}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: default, namespace: istio-system}
        spec:
          host: "*.local"
          trafficPolicy:
            tls:
              mode: DISABLE
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: batch}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report, namespace: batch}
        spec:
          schedule: "0 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: report
                      image: report:1
                      args: [--api=http://api.shop.svc:8080/v1]
      `,
      findings: [
        { object: "DestinationRule/istio-system/default", messageId: "clientTlsModeRejected", line: 32, column: 7, endLine: 32, endColumn: 20, message: "whose pods accept only mTLS (STRICT from PeerAuthentication shop/default, namespace level)", fix: "Use tls.mode: ISTIO_MUTUAL (or remove the tls block so the client", related: ["PeerAuthentication/shop/default"] },
        { object: "CronJob/batch/report", messageId: "plaintextWithoutSidecar", line: 50, column: 22, endLine: 50, endColumn: 55, message: "without a sidecar (namespace batch has no injection label)", fix: "Inject a sidecar into CronJob batch/report (label its namespace", related: ["Namespace/batch", "PeerAuthentication/shop/default"] },
      ],
    },
    {
      name: "SIMPLE to a STRICT port of a selected workload, and a pod that opts out of injection",
      yaml: `${STRICT_SHOP}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: api, namespace: shop}
        spec:
          host: api
          trafficPolicy:
            portLevelSettings:
              - port: {number: 8080}
                tls: {mode: SIMPLE, caCertificates: /etc/ca.pem}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: legacy, namespace: shop}
        spec:
          template:
            metadata:
              annotations: {sidecar.istio.io/inject: "false"}
            spec:
              containers:
                - name: legacy
                  image: legacy:1
                  env:
                    - {name: API, value: "api:8080"}
                    - {name: API_URL, value: "http://api:8080"}
      `,
      findings: [
        { object: "DestinationRule/shop/api", messageId: "clientTlsModeRejected", line: 33, column: 15, endLine: 33, endColumn: 27, message: "TLS without the Istio client certificate", fix: "Use tls.mode: ISTIO_MUTUAL (or remove the tls block so the client", related: ["PeerAuthentication/shop/default"] },
        { object: "Deployment/shop/legacy", messageId: "plaintextWithoutSidecar", line: 48, column: 31, endLine: 48, endColumn: 55, message: "sidecar.istio.io/inject: \"false\"", fix: "Inject a sidecar into Deployment shop/legacy (label its namespace", related: ["Deployment/shop/legacy", "PeerAuthentication/shop/default"] },
      ],
    },
  ],
});
