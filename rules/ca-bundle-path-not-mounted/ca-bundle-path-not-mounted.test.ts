import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "a trust-manager Bundle's additionalFormats.jks key mapped with items (issue 12: the graph did not know additionalFormats)",
      yaml: `
        apiVersion: trust.cert-manager.io/v1alpha1
        kind: Bundle
        metadata: {name: corp}
        spec:
          sources:
            - useDefaultCAs: true
            - configMap: {name: corp-ca, key: ca.crt}
          target:
            configMap: {key: ca-bundle.crt}
            additionalFormats:
              jks: {key: truststore.jks}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: billing, namespace: apps}
        spec:
          template:
            spec:
              containers:
                - name: billing
                  image: eclipse-temurin:21-jre
                  env:
                    - {name: JAVA_TOOL_OPTIONS, value: "-Djavax.net.ssl.trustStore=/etc/trust/truststore.jks"}
                  volumeMounts:
                    - {name: trust, mountPath: /etc/trust, readOnly: true}
              volumes:
                - name: trust
                  configMap:
                    name: corp
                    items: [{key: truststore.jks, path: truststore.jks}]
      `,
    },
    {
      name: "a CA key that a known controller writes into the rendered Secret (Gatekeeper's rotator adds ca.crt)",
      yaml: `
        apiVersion: v1
        kind: Secret
        metadata: {name: gatekeeper-webhook-server-cert, namespace: gatekeeper-system}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: gatekeeper-controller-manager, namespace: gatekeeper-system}
        spec:
          template:
            spec:
              containers:
                - name: manager
                  image: openpolicyagent/gatekeeper:v3.20.0
                  args: [--operation=webhook, --cacert, /certs/ca.crt]
                  volumeMounts:
                    - {name: cert, mountPath: /certs, readOnly: true}
              volumes:
                - {name: cert, secret: {secretName: gatekeeper-webhook-server-cert}}
      `,
    },
    {
      name: "SSL_CERT_FILE inside a mounted Secret directory",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: golang-app
                  env:
                    - {name: SSL_CERT_FILE, value: /etc/corp-ca/bundle.pem}
                  volumeMounts:
                    - {name: ca, mountPath: /etc/corp-ca}
              volumes:
                - {name: ca, secret: {secretName: bundle}}
      `,
    },
    {
      name: "a system bundle path, the service-account CA, and a relative path",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: python
              env:
                - {name: REQUESTS_CA_BUNDLE, value: /etc/ssl/certs/ca-certificates.crt}
                - {name: CURL_CA_BUNDLE, value: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}
                - {name: AWS_CA_BUNDLE, value: certs/ca.pem}
      `,
    },
    {
      name: "a CA flag whose file is mapped with items",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: external-dns
                  args: ["--provider=pdns", "--tls-ca", "/ssl/ca.crt"]
                  volumeMounts:
                    - {name: ca, mountPath: /ssl}
              volumes:
                - name: ca
                  configMap:
                    name: corp-ca
                    items: [{key: root.pem, path: ca.crt}]
      `,
    },
    {
      name: "env from a ConfigMap that is not in the render is still judged by its known value only",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: node
              env:
                - name: NODE_EXTRA_CA_CERTS
                  valueFrom: {configMapKeyRef: {name: elsewhere, key: path}}
      `,
    },
    {
      name: "a path the image ships (the JVM's cacerts in eclipse-temurin), and a key an injector fills",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: service-ca
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: search}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: eclipse-temurin:21-jre
                  env:
                    - {name: JAVA_TOOL_OPTIONS, value: "-Djavax.net.ssl.trustStore=/opt/java/openjdk/lib/security/cacerts"}
                - name: sidecar
                  image: ghcr.io/example/sidecar:1.0
                  env:
                    - {name: SSL_CERT_FILE, value: /etc/service-ca/service-ca.crt}
                  volumeMounts:
                    - {name: service-ca, mountPath: /etc/service-ca}
              volumes:
                - {name: service-ca, configMap: {name: service-ca}}
      `,
    },
  ],
  reject: [
    {
      name: "SSL_CERT_FILE and --tls-ca naming an unmounted path (incident 1)",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns, namespace: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  args:
                    - --provider=aws
                    - --tls-ca=/ssl/ca.crt
                  env:
                    - name: SSL_CERT_FILE
                      value: /ssl/ca.crt
      `,
      findings: [
        { object: "Deployment/dns/external-dns", messageId: "flagNamesMissing", line: 12, column: 15, endLine: 12, endColumn: 35, message: "--tls-ca /ssl/ca.crt", fix: "Mount the CA volume at /ssl (volumeMounts: [{name: ca, mountPath:" },
        { object: "Deployment/dns/external-dns", messageId: "settingNamesMissing", line: 14, column: 15, endLine: 14, endColumn: 34, message: "SSL_CERT_FILE=/ssl/ca.crt", fix: "Mount the CA volume at /ssl (volumeMounts: [{name: ca, mountPath:" },
      ],
    },
    {
      name: "a key the mounted ConfigMap does not have, reached through envFrom",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data:
          REQUESTS_CA_BUNDLE: /etc/corp/bundle.pem
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp}
        data:
          ca.crt: "x"
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: sync}
        spec:
          template:
            spec:
              initContainers:
                - name: fetch
                  image: python:3.12
                  envFrom:
                    - configMapRef: {name: settings}
                  volumeMounts:
                    - {name: corp, mountPath: /etc/corp}
              containers:
                - {name: main, image: busybox}
              volumes:
                - {name: corp, configMap: {name: corp}}
      `,
      findings: [{ object: "Job/default/sync", messageId: "settingNamesMissing", line: 23, column: 15, endLine: 23, endColumn: 27, message: 'has no key "bundle.pem"', fix: "Mount the CA volume at /etc/corp (volumeMounts: [{name: ca," }],
    },
    {
      name: "a separate flag value, and SSL_CERT_DIR with one unmounted directory",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: kube-system}
        spec:
          template:
            spec:
              containers:
                - name: agent
                  image: agent
                  command: [/agent]
                  args: [--client-ca-file, /pki/client-ca.crt]
                  env:
                    - {name: SSL_CERT_DIR, value: "/etc/ssl/certs:/extra/certs"}
      `,
      findings: [
        { object: "DaemonSet/kube-system/agent", messageId: "flagNamesMissing", line: 11, column: 36, endLine: 11, endColumn: 54, message: "--client-ca-file /pki/client-ca.crt", fix: "Mount the CA volume at /pki (volumeMounts: [{name: ca, mountPath:" },
        { object: "DaemonSet/kube-system/agent", messageId: "settingNamesMissing", line: 13, column: 15, endLine: 13, endColumn: 34, message: "/extra/certs", fix: "Mount the CA volume at /extra/certs (volumeMounts: [{name: ca," },
      ],
    },
    {
      name: "the service-account CA when the token is not mounted",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          automountServiceAccountToken: false
          containers:
            - name: app
              image: app
              env:
                - {name: SSL_CERT_FILE, value: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}
      `,
      findings: [{ object: "Pod/default/p", messageId: "settingNamesMissing", line: 10, column: 11, endLine: 10, endColumn: 31, message: "does not automount", fix: "Mount the CA volume at /var/run/secrets/kubernetes.io/serviceaccount" }],
    },
    {
      name: "a bundle path the image does not ship (Alpine's on distroless), and a Java trust store nothing mounts",
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
                    - {name: SSL_CERT_FILE, value: /etc/ssl/cert.pem}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: report
                      image: eclipse-temurin:21-jre
                      args: [java, -Djavax.net.ssl.trustStore=/etc/truststore/corp.jks, -jar, /app/report.jar]
      `,
      findings: [
        { object: "Deployment/default/external-dns", messageId: "settingNamesMissing", line: 11, column: 15, endLine: 11, endColumn: 35, message: "the image does not ship: external-dns, ko-built on distroless static keeps its trust store at /etc/ssl/certs/ca-certificates.crt", fix: "Mount the CA volume at /etc/ssl (volumeMounts: [{name: ca, mountPath:" },
        { object: "CronJob/default/report", messageId: "settingNamesMissing", line: 25, column: 28, endLine: 25, endColumn: 79, message: "-Djavax.net.ssl.trustStore=/etc/truststore/corp.jks", fix: "Mount the CA volume at /etc/truststore (volumeMounts: [{name: ca," },
      ],
    },
  ],
});
