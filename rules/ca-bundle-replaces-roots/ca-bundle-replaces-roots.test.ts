import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "SSL_CERT_FILE at a trust-manager bundle with the default CAs",
      yaml: `
        apiVersion: trust.cert-manager.io/v1alpha1
        kind: Bundle
        metadata: {name: corp-bundle}
        spec:
          sources:
            - useDefaultCAs: true
            - secret: {name: corp-root, key: ca.crt}
          target:
            configMap: {key: trust-bundle.pem}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: ghcr.io/example/api:2.3
                  env:
                    - {name: SSL_CERT_FILE, value: /etc/trust/trust-bundle.pem}
                  volumeMounts:
                    - {name: trust, mountPath: /etc/trust, readOnly: true}
              volumes:
                - {name: trust, configMap: {name: corp-bundle}}
      `,
    },
    {
      name: "NODE_EXTRA_CA_CERTS adds to the roots, and the OpenShift trusted bundle for requests",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: trusted-ca
          labels: {config.openshift.io/inject-trusted-cabundle: "true"}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: workers}
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: node:20
                  env:
                    - {name: NODE_EXTRA_CA_CERTS, value: /etc/corp/ca.crt}
                  volumeMounts:
                    - {name: corp, mountPath: /etc/corp}
                - name: worker
                  image: python:3.12-slim
                  env:
                    - {name: REQUESTS_CA_BUNDLE, value: /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem}
                  volumeMounts:
                    - {name: trusted-ca, mountPath: /etc/pki/ca-trust/extracted/pem, readOnly: true}
              volumes:
                - {name: corp, configMap: {name: corp-ca}}
                - name: trusted-ca
                  configMap:
                    name: trusted-ca
                    items: [{key: ca-bundle.crt, path: tls-ca-bundle.pem}]
      `,
    },
    {
      name: "a file whose content the render does not show, and SSL_CERT_FILE on Node.js (ignored there)",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: go
              image: ghcr.io/example/agent:1.0
              env:
                - {name: SSL_CERT_FILE, value: /corp/corp-roots.pem}
              volumeMounts:
                - {name: corp, mountPath: /corp}
            - name: node
              image: node:20-alpine
              env:
                - {name: SSL_CERT_FILE, value: /corp/ca.crt}
              volumeMounts:
                - {name: corp, mountPath: /corp}
          volumes:
            - {name: corp, secret: {secretName: corp}}
      `,
    },
  ],
  reject: [
    {
      name: "an AWS SDK client (IRSA) with AWS_CA_BUNDLE at one private CA is an error: every AWS call fails",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: exporter, namespace: ops}
        spec:
          template:
            spec:
              containers:
                - name: exporter
                  image: python:3.12-slim
                  env:
                    - {name: AWS_ROLE_ARN, value: "arn:aws:iam::1:role/exporter"}
                    - {name: AWS_CA_BUNDLE, value: /etc/corp/ca.crt}
                  volumeMounts:
                    - {name: corp, mountPath: /etc/corp}
              volumes:
                - {name: corp, secret: {secretName: corp-ca}}
      `,
      findings: [
        {
          object: "Deployment/ops/exporter",
          messageId: "componentLosesPublicRoots",
          line: 12,
          column: 15,
          endLine: 12,
          endColumn: 35,
          message: "an AWS SDK client (AWS_ROLE_ARN is set) dials AWS APIs (public *.amazonaws.com endpoints), and every call fails",
          fix: "Point AWS_CA_BUNDLE at a full bundle that includes the CA: build it",
          severity: "error",
        },
      ],
    },
    {
      name: "SSL_CERT_FILE at a ConfigMap holding one CA",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp-ca, namespace: shop}
        data:
          ca.crt: |
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUExampleOnly
            -----END CERTIFICATE-----
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: ghcr.io/example/api:2.3
                  env:
                    - name: SSL_CERT_FILE
                      value: /etc/corp/ca.crt
                  volumeMounts:
                    - {name: corp, mountPath: /etc/corp, readOnly: true}
              volumes:
                - {name: corp, configMap: {name: corp-ca}}
      `,
      findings: [
        {
          object: "Deployment/shop/api",
          messageId: "publicRootsLost",
          line: 20,
          column: 15,
          endLine: 20,
          endColumn: 34,
          message: 'replaces the default roots with a file that holds only a private CA (ConfigMap corp-ca key "ca.crt" holds only 1 PEM certificate): public endpoints',
          fix: "Point SSL_CERT_FILE at a full bundle that includes the CA: build it",
          severity: "warning",
          related: ["ConfigMap/shop/corp-ca"],
        },
      ],
    },
    {
      name: "Go on distroless keeps the public roots through its directory scan: info",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  args: [--provider=aws]
                  env:
                    - {name: SSL_CERT_FILE, value: /ssl/ca.crt}
                  volumeMounts:
                    - {name: corp-ca, mountPath: /ssl}
              volumes:
                - {name: corp-ca, configMap: {name: corp-ca}}
      `,
      findings: [{ object: "Deployment/default/external-dns", messageId: "goScanKeepsRoots", line: 12, column: 15, endLine: 12, endColumn: 35, message: "Go still scans /etc/ssl/certs, whose full bundle this image ships", fix: "Point SSL_CERT_FILE at a full bundle that includes the CA: build it", severity: "info" }],
    },
    {
      name: "...but not when the scanned directory is hidden by the same CA",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  env:
                    - {name: SSL_CERT_FILE, value: /etc/ssl/certs/ca.crt}
                  volumeMounts:
                    - {name: corp-ca, mountPath: /etc/ssl/certs}
              volumes:
                - {name: corp-ca, configMap: {name: corp-ca}}
      `,
      findings: [{ object: "Deployment/default/external-dns", messageId: "publicRootsLost", line: 11, column: 15, endLine: 11, endColumn: 35, message: 'ConfigMap corp-ca key "ca.crt" is named like a single CA', fix: "Point SSL_CERT_FILE at a full bundle that includes the CA: build it", severity: "warning" }],
    },
    {
      name: "REQUESTS_CA_BUNDLE from a cert-manager Certificate Secret in a CronJob",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: reporter-client, namespace: jobs}
        spec:
          secretName: reporter-client-tls
          issuerRef: {name: corp-issuer, kind: ClusterIssuer}
          commonName: reporter
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: reporter, namespace: jobs}
        spec:
          schedule: "0 6 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: reporter
                      image: python:3.12
                      env:
                        - {name: REQUESTS_CA_BUNDLE, value: /tls/ca.crt}
                      volumeMounts:
                        - {name: client, mountPath: /tls}
                  volumes:
                    - {name: client, secret: {secretName: reporter-client-tls}}
      `,
      findings: [{ object: "CronJob/jobs/reporter", messageId: "publicRootsLost", line: 22, column: 19, endLine: 22, endColumn: 44, message: "written by cert-manager Certificate reporter-client", fix: "Point REQUESTS_CA_BUNDLE at a full bundle that includes the CA: build" }],
    },
    {
      name: "AWS_CA_BUNDLE at the service-account CA in a DaemonSet, GIT_SSL_CAINFO at the service CA in a Pod",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: log-shipper, namespace: logging}
        spec:
          template:
            spec:
              containers:
                - name: shipper
                  image: ghcr.io/example/shipper:0.9
                  env:
                    - {name: AWS_CA_BUNDLE, value: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: service-ca
          namespace: ci
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: git-sync, namespace: ci}
        spec:
          containers:
            - name: git-sync
              image: registry.k8s.io/git-sync/git-sync:v4.2.4
              env:
                - {name: GIT_SSL_CAINFO, value: /etc/service-ca/service-ca.crt}
              volumeMounts:
                - {name: service-ca, mountPath: /etc/service-ca}
          volumes:
            - {name: service-ca, configMap: {name: service-ca}}
      `,
      findings: [
        { object: "DaemonSet/logging/log-shipper", messageId: "publicRootsLost", line: 11, column: 15, endLine: 11, endColumn: 35, message: "the service-account ca.crt holds only the cluster's CA", fix: "Point AWS_CA_BUNDLE at a full bundle that includes the CA: build it" },
        { object: "Pod/ci/git-sync", messageId: "publicRootsLost", line: 28, column: 11, endLine: 28, endColumn: 32, message: "OpenShift's injected service CA", fix: "Point GIT_SSL_CAINFO at a full bundle that includes the CA: build it", related: ["ConfigMap/ci/service-ca"] },
      ],
    },
    {
      name: "a Java trust store from a cert-manager keystore Secret, in a StatefulSet init container",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: kafka-client, namespace: kafka}
        spec:
          secretName: kafka-client-tls
          issuerRef: {name: corp-issuer, kind: ClusterIssuer}
          commonName: kafka-client
          keystores:
            jks: {create: true, passwordSecretRef: {name: jks-password, key: password}}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: kafka, namespace: kafka}
        spec:
          template:
            spec:
              initContainers:
                - name: migrate
                  image: eclipse-temurin:21-jre
                  env:
                    - name: JAVA_TOOL_OPTIONS
                      value: "-Xmx256m -Djavax.net.ssl.trustStore=/tls/truststore.jks"
                  volumeMounts:
                    - {name: tls, mountPath: /tls}
              containers:
                - {name: kafka, image: apache/kafka:3.8.0}
              volumes:
                - {name: tls, secret: {secretName: kafka-client-tls}}
      `,
      findings: [{ object: "StatefulSet/kafka/kafka", messageId: "publicRootsLost", line: 21, column: 15, endLine: 21, endColumn: 38, message: "-Djavax.net.ssl.trustStore=/tls/truststore.jks (in JAVA_TOOL_OPTIONS) in container \"migrate\" replaces the default roots", fix: "Point -Djavax.net.ssl.trustStore at a store holding the JVM's default" }],
    },
  ],
});
