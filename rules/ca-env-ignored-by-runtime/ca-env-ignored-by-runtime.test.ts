import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "Node.js told to use the OpenSSL store, and Node.js with NODE_EXTRA_CA_CERTS as well",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: node:20-bookworm
                  env:
                    - {name: NODE_OPTIONS, value: "--max-old-space-size=512 --use-openssl-ca"}
                    - {name: SSL_CERT_FILE, value: /etc/trust/ca-certificates.crt}
                - name: admin
                  image: node:22
                  env:
                    - {name: SSL_CERT_FILE, value: /etc/trust/ca-certificates.crt}
                    - {name: NODE_EXTRA_CA_CERTS, value: /etc/corp/ca.crt}
      `,
    },
    {
      name: "Python with REQUESTS_CA_BUNDLE too, .NET with one directory, and an image of unknown runtime",
      yaml: `
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: etl}
        spec:
          schedule: "@hourly"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: etl
                      image: python:3.12-slim
                      env:
                        - {name: SSL_CERT_FILE, value: /etc/trust/bundle.pem}
                        - {name: REQUESTS_CA_BUNDLE, value: /etc/trust/bundle.pem}
                    - name: report
                      image: mcr.microsoft.com/dotnet/aspnet:8.0
                      env:
                        - {name: SSL_CERT_DIR, value: /etc/corp-certs}
                    - name: tool
                      image: ghcr.io/example/tool:1.0
                      env:
                        - {name: NODE_EXTRA_CA_CERTS, value: /etc/corp/ca.crt}
      `,
    },
    {
      name: "eclipse-temurin keeping its entrypoint, with a *.crt file in /certificates",
      yaml: `
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: search}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: eclipse-temurin:21-jre
                  args: [java, -jar, /app/app.jar]
                  env:
                    - {name: USE_SYSTEM_CA_CERTS, value: "1"}
                    - {name: SSL_CERT_FILE, value: /etc/ssl/certs/ca-certificates.crt}
                  volumeMounts:
                    - {name: corp-ca, mountPath: /certificates, readOnly: true}
              volumes:
                - name: corp-ca
                  configMap:
                    name: corp-ca
                    items: [{key: ca.pem, path: corp-ca.crt}]
      `,
    },
  ],
  reject: [
    {
      name: "SSL_CERT_FILE on Node.js",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: storefront, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: storefront
                  image: node:20-alpine
                  env:
                    - name: SSL_CERT_FILE
                      value: /etc/corp/ca.crt
      `,
      findings: [
        {
          object: "Deployment/shop/storefront",
          messageId: "ignoredByRuntime",
          line: 11,
          column: 15,
          endLine: 11,
          endColumn: 34,
          message: "Node.js uses its bundled Mozilla roots and reads SSL_CERT_FILE only with --use-openssl-ca or --use-system-ca",
          fix: "Remove SSL_CERT_FILE and use NODE_EXTRA_CA_CERTS=/etc/corp/ca.crt",
          severity: "warning",
        },
      ],
    },
    {
      name: "SSL_CERT_FILE alone for Python (info), and a colon-separated SSL_CERT_DIR on .NET, in a CronJob",
      yaml: `
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: etl}
        spec:
          schedule: "@hourly"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: etl
                      image: python:3.12
                      env:
                        - {name: SSL_CERT_FILE, value: /etc/trust/bundle.pem}
                    - name: report
                      image: mcr.microsoft.com/dotnet/aspnet:8.0
                      env:
                        - {name: SSL_CERT_DIR, value: "/etc/ssl/certs:/etc/corp-certs"}
      `,
      findings: [
        { object: "CronJob/default/etl", messageId: "ignoredByRuntime", line: 14, column: 19, endLine: 14, endColumn: 39, message: "requests (and everything built on certifi) ignores SSL_CERT_FILE", fix: "Set REQUESTS_CA_BUNDLE=/etc/trust/bundle.pem (it must be a full", severity: "info" },
        { object: "CronJob/default/etl", messageId: "ignoredByRuntime", line: 18, column: 19, endLine: 18, endColumn: 38, message: ".NET reads SSL_CERT_DIR as a single directory", fix: "Use SSL_CERT_DIR=<one directory> holding every CA (or", severity: "warning" },
      ],
    },
    {
      name: "USE_SYSTEM_CA_CERTS with the entrypoint replaced by command:, in a StatefulSet",
      yaml: `
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: search}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: eclipse-temurin:21-jre
                  command: [java, -jar, /app/app.jar]
                  env:
                    - {name: USE_SYSTEM_CA_CERTS, value: "true"}
                  volumeMounts:
                    - {name: corp-ca, mountPath: /certificates}
              volumes:
                - {name: corp-ca, configMap: {name: corp-ca}}
      `,
      findings: [{ object: "StatefulSet/default/search", messageId: "hookAddsNoCa", line: 12, column: 15, endLine: 12, endColumn: 41, message: "command: replaces the image's entrypoint /__cacert_entrypoint.sh", fix: "To make USE_SYSTEM_CA_CERTS work, keep the image entrypoint (put the" }],
    },
    {
      name: "USE_SYSTEM_CA_CERTS with nothing at /certificates (Pod) or only *.pem there (DaemonSet init container)",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: tomcat}
        spec:
          containers:
            - name: tomcat
              image: tomcat:10.1
              env:
                - {name: USE_SYSTEM_CA_CERTS, value: "1"}
              volumeMounts:
                - {name: corp-ca, mountPath: /usr/local/share/ca-certificates}
          volumes:
            - {name: corp-ca, configMap: {name: corp-ca}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp-ca, namespace: ops}
        data:
          ca.pem: "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: ops}
        spec:
          template:
            spec:
              initContainers:
                - name: register
                  image: eclipse-temurin:17
                  env:
                    - {name: USE_SYSTEM_CA_CERTS, value: "1"}
                  volumeMounts:
                    - {name: corp-ca, mountPath: /certificates}
              containers:
                - {name: agent, image: ghcr.io/example/agent:1.0}
              volumes:
                - {name: corp-ca, configMap: {name: corp-ca}}
      `,
      findings: [
        { object: "Pod/default/tomcat", messageId: "hookAddsNoCa", line: 9, column: 11, endLine: 9, endColumn: 37, message: "nothing is mounted at /certificates", fix: "To make USE_SYSTEM_CA_CERTS work, keep the image entrypoint (put the" },
        { object: "DaemonSet/ops/agent", messageId: "hookAddsNoCa", line: 31, column: 15, endLine: 31, endColumn: 41, message: "imports only /certificates/*crt, and what is mounted there (ca.pem) has no such file", fix: "To make USE_SYSTEM_CA_CERTS work, keep the image entrypoint (put the" },
      ],
    },
    {
      name: "SSL_CERT_FILE on a JVM, NODE_EXTRA_CA_CERTS on Go",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: mixed}
        spec:
          template:
            spec:
              containers:
                - name: billing
                  image: amazoncorretto:21
                  env:
                    - {name: SSL_CERT_FILE, value: /etc/pki/tls/certs/ca-bundle.crt}
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  env:
                    - {name: NODE_EXTRA_CA_CERTS, value: /ssl/ca.crt}
      `,
      findings: [
        { object: "Deployment/default/mixed", messageId: "ignoredByRuntime", line: 11, column: 15, endLine: 11, endColumn: 35, message: "the JVM reads its own trust store (cacerts), never SSL_CERT_FILE", fix: "Remove SSL_CERT_FILE and use -Djavax.net.ssl.trustStore=<a store" },
        { object: "Deployment/default/mixed", messageId: "ignoredByRuntime", line: 15, column: 15, endLine: 15, endColumn: 41, message: "Go's crypto/x509 reads only SSL_CERT_FILE and SSL_CERT_DIR", fix: "Remove NODE_EXTRA_CA_CERTS and use SSL_CERT_DIR=/etc/ssl/certs:/ssl" },
      ],
    },
  ],
});
