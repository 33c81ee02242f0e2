import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { runRule, testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "a plain config file mounted with subPath",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: nginx}
        data:
          nginx.conf: "events {}"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: nginx
                  image: nginx:1.27
                  volumeMounts:
                    - {name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}
              volumes:
                - {name: conf, configMap: {name: nginx}}
      `,
    },
    {
      name: "certificates mounted as a directory with items",
      yaml: `
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: data}
        spec:
          template:
            spec:
              containers:
                - name: postgres
                  image: postgres:16
                  volumeMounts:
                    - {name: tls, mountPath: /etc/postgres/tls, readOnly: true}
              volumes:
                - name: tls
                  secret:
                    secretName: db-tls
                    items: [{key: tls.crt, path: server.crt}, {key: tls.key, path: server.key}]
      `,
    },
    {
      name: "a bundle built at start into an emptyDir and mounted with subPath",
      yaml: `
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          schedule: "0 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - name: build-bundle
                      image: alpine:3.20
                      command: [sh, -c, "cat /etc/ssl/certs/ca-certificates.crt /corp/ca.crt > /bundle/ca-bundle.crt"]
                      volumeMounts:
                        - {name: bundle, mountPath: /bundle}
                        - {name: corp, mountPath: /corp}
                  containers:
                    - name: report
                      image: python:3.12
                      volumeMounts:
                        - {name: bundle, mountPath: /etc/ssl/certs/ca-bundle.crt, subPath: ca-bundle.crt}
                  volumes:
                    - {name: bundle, emptyDir: {}}
                    - {name: corp, configMap: {name: corp-ca}}
      `,
    },
  ],
  reject: [
    {
      name: "service-ca certificate and CA mounted with subPath into the webhook cert-dir (incident 2)",
      yaml: `
        apiVersion: v1
        kind: Service
        metadata:
          name: external-secrets-webhook
          namespace: external-secrets
          annotations:
            service.beta.openshift.io/serving-cert-secret-name: external-secrets-webhook-tls
        spec:
          selector: {app: webhook}
          ports: [{port: 443, targetPort: 10250}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: service-ca
          namespace: external-secrets
          annotations:
            service.beta.openshift.io/inject-cabundle: "true"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-secrets-webhook, namespace: external-secrets}
        spec:
          template:
            metadata: {labels: {app: webhook}}
            spec:
              containers:
                - name: webhook
                  image: ghcr.io/external-secrets/external-secrets:v0.10.0
                  args: [webhook, --cert-dir=/tmp/certs]
                  volumeMounts:
                    - name: serving-cert
                      mountPath: /tmp/certs/tls.crt
                      subPath: tls.crt
                    - name: serving-cert
                      mountPath: /tmp/certs/tls.key
                      subPath: tls.key
                    - name: service-ca
                      mountPath: /tmp/certs/ca.crt
                      subPath: service-ca.crt
              volumes:
                - name: serving-cert
                  secret: {secretName: external-secrets-webhook-tls}
                - name: service-ca
                  configMap: {name: service-ca}
      `,
      findings: [
        { object: "Deployment/external-secrets/external-secrets-webhook", messageId: "rotationNeverSeen", line: 34, column: 15, endLine: 34, endColumn: 31, message: "OpenShift service-ca (serving certificate of Service external-secrets-webhook)", fix: "Serve /tmp/certs from one projected volume mounted as a directory:" },
        { object: "Deployment/external-secrets/external-secrets-webhook", messageId: "rotationNeverSeen", line: 37, column: 15, endLine: 37, endColumn: 31, message: "never sees a renewed certificate", fix: "Serve /tmp/certs from one projected volume mounted as a directory:" },
        { object: "Deployment/external-secrets/external-secrets-webhook", messageId: "rotationNeverSeen", line: 40, column: 15, endLine: 40, endColumn: 38, message: "OpenShift service-ca (CA bundle injection)", fix: "Serve /tmp/certs from one projected volume mounted as a directory:" },
      ],
    },
    {
      name: "a cert-manager Certificate's Secret in a StatefulSet init container",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: kafka-client, namespace: kafka}
        spec:
          secretName: kafka-client-tls
          issuerRef: {name: corp-ca, kind: ClusterIssuer}
          dnsNames: [kafka-client.kafka.svc]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: kafka, namespace: kafka}
        spec:
          template:
            spec:
              initContainers:
                - name: import-ca
                  image: eclipse-temurin:21
                  command: [keytool, -importcert, -file, /certs/ca.pem]
                  volumeMounts:
                    - {name: client-tls, mountPath: /certs/ca.pem, subPath: ca.crt}
              containers:
                - {name: kafka, image: apache/kafka:3.8.0}
              volumes:
                - {name: client-tls, secret: {secretName: kafka-client-tls}}
      `,
      findings: [{ object: "StatefulSet/kafka/kafka", messageId: "rotationNeverSeen", line: 20, column: 60, endLine: 20, endColumn: 75, message: "cert-manager Certificate kafka-client", fix: "Mount the volume as a directory: volumeMounts: [{name: client-tls," }],
    },
    {
      name: "a ConfigMap whose key holds PEM certificates, in a DaemonSet",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp-roots, namespace: monitoring}
        data:
          roots: |
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUExampleOnly
            -----END CERTIFICATE-----
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: node-exporter, namespace: monitoring}
        spec:
          template:
            spec:
              containers:
                - name: agent
                  image: grafana/alloy:v1.4.0
                  volumeMounts:
                    - name: roots
                      mountPath: /etc/alloy/roots
                      subPath: roots
              volumes:
                - {name: roots, configMap: {name: corp-roots}}
      `,
      findings: [{ object: "DaemonSet/monitoring/node-exporter", messageId: "rotationNeverSeen", line: 22, column: 15, endLine: 22, endColumn: 29, message: 'ConfigMap corp-roots key "roots" holds only 1 PEM certificate', fix: "Mount the volume as a directory: volumeMounts: [{name: roots," }],
    },
    {
      name: "the cluster root CA from kube-root-ca.crt in a CronJob",
      yaml: `
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: backup, namespace: ops}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: backup
                      image: bitnami/kubectl:1.31
                      volumeMounts:
                        - {name: cluster-ca, mountPath: /var/run/ca/cluster.crt, subPath: ca.crt}
                  volumes:
                    - {name: cluster-ca, configMap: {name: kube-root-ca.crt}}
      `,
      findings: [{ object: "CronJob/ops/backup", messageId: "rotationNeverSeen", line: 14, column: 74, endLine: 14, endColumn: 89, message: "kube-controller-manager", fix: "Mount the volume as a directory: volumeMounts: [{name: cluster-ca," }],
    },
    {
      name: "subPathExpr and a projected volume in a Pod, found by file name",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: api}
        spec:
          containers:
            - name: api
              image: node:20
              env:
                - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
              volumeMounts:
                - name: tls
                  mountPath: /srv/tls/server.pem
                  subPathExpr: $(POD_NAME).pem
                - name: combined
                  mountPath: /srv/trust/corp-ca.crt
                  subPath: corp-ca.crt
          volumes:
            - {name: tls, secret: {secretName: per-pod-certs}}
            - name: combined
              projected:
                sources:
                  - secret: {name: corp-ca, items: [{key: ca.crt, path: corp-ca.crt}]}
      `,
      findings: [
        { object: "Pod/default/api", messageId: "rotationNeverSeen", line: 13, column: 11, endLine: 13, endColumn: 39, message: 'subPathExpr "$(POD_NAME).pem"', fix: "Mount the volume as a directory: volumeMounts: [{name: tls," },
        { object: "Pod/default/api", messageId: "rotationNeverSeen", line: 16, column: 11, endLine: 16, endColumn: 31, message: '"ca.crt" is named like a certificate', fix: "Mount the volume as a directory: volumeMounts: [{name: combined," },
      ],
    },
  ],
});

describe("rule cert-mounted-with-subpath: fixes", () => {
  it("proposes one projected volume when several Secrets and ConfigMaps feed one cert-dir", () => {
    const found = runRule(rule, {
      name: "cert-dir",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: webhook}
        spec:
          template:
            spec:
              containers:
                - name: webhook
                  image: ghcr.io/external-secrets/external-secrets:v0.10.0
                  volumeMounts:
                    - {name: serving-cert, mountPath: /tmp/certs/tls.crt, subPath: tls.crt}
                    - {name: service-ca, mountPath: /tmp/certs/ca.crt, subPath: service-ca.crt}
              volumes:
                - {name: serving-cert, secret: {secretName: webhook-tls}}
                - {name: service-ca, configMap: {name: service-ca}}
      `,
    });
    const projected =
      "volumes: [{name: certs, projected: {sources: [{secret: {name: webhook-tls, items: [{key: tls.crt, path: tls.crt}]}}, {configMap: {name: service-ca, items: [{key: service-ca.crt, path: ca.crt}]}}]}}] with volumeMounts: [{name: certs, mountPath: /tmp/certs, readOnly: true}]";
    deepStrictEqual(found.map((f) => f.fix?.includes(projected)), [true, true]);
  });

  it("never proposes a directory mount over a trust directory", () => {
    const [found] = runRule(rule, {
      name: "trust dir",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: alpine:3.20
              volumeMounts:
                - {name: corp, mountPath: /etc/ssl/certs/corp.crt, subPath: ca.crt}
          volumes:
            - {name: corp, configMap: {name: corp}}
      `,
    });
    ok(found?.fix?.includes("mountPath: /etc/corp, readOnly: true}] (no subPath), with items: [{key: ca.crt, path: corp.crt}]"), found?.fix);
  });
});

describe("rule cert-mounted-with-subpath: a CA nested inside another volume's directory", () => {
  it("external-secrets on OpenShift: service-ca's CA mounted with subPath into the webhook's Secret cert-dir gets a projected-volume fix", () => {
    const found = runRule(rule, {
      name: "nested",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: eso-ca
          namespace: eso
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-webhook, namespace: eso}
        spec:
          template:
            spec:
              containers:
                - name: webhook
                  image: ghcr.io/external-secrets/external-secrets:v0.19.0
                  args: [webhook, --cert-dir=/tmp/certs]
                  volumeMounts:
                    - {name: certs, mountPath: /tmp/certs, readOnly: true}
                    - {name: ca, mountPath: /tmp/certs/ca.crt, subPath: service-ca.crt}
              volumes:
                - {name: certs, secret: {secretName: eso-webhook}}
                - {name: ca, configMap: {name: eso-ca}}
      `,
    });
    deepStrictEqual(
      found.map((f) => `${f.object} ${f.location.line}:${f.location.column}`),
      ["Deployment/eso/eso-webhook 20:56"],
    );
    strictEqual(
      found[0]!.fix,
      '/tmp/certs/ca.crt is nested inside volume "certs" mounted at /tmp/certs: serve the directory from one projected volume instead, so every file in it rotates: volumes: [{name: certs, projected: {sources: [{secret: {name: eso-webhook}}, {configMap: {name: eso-ca, items: [{key: service-ca.crt, path: ca.crt}]}}]}}], keep volumeMounts: [{name: certs, mountPath: /tmp/certs, readOnly: true}] and drop the subPath mount.',
    );
  });
});
