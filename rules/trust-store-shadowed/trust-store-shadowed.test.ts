import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "CA mounted in its own directory",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx
                  volumeMounts:
                    - {name: ca, mountPath: /etc/custom-ca, readOnly: true}
              volumes:
                - {name: ca, configMap: {name: corp-ca}}
      `,
    },
    {
      name: "a single file placed into the trust directory with subPath",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: alpine
              volumeMounts:
                - {name: ca, mountPath: /etc/ssl/certs/corp.crt, subPath: ca.crt}
          volumes:
            - {name: ca, secret: {secretName: corp-ca}}
      `,
    },
    {
      name: "a sibling directory that only shares a prefix",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: ops}
        spec:
          template:
            spec:
              containers:
                - name: agent
                  image: agent
                  volumeMounts:
                    - {name: certs, mountPath: /etc/ssl/certs-extra}
              volumes:
                - {name: certs, emptyDir: {}}
      `,
    },
    {
      name: "a trust-manager bundle replacing distroless's only file in /etc/ssl/certs loses nothing",
      yaml: `
        apiVersion: trust.cert-manager.io/v1alpha1
        kind: Bundle
        metadata: {name: corp-bundle}
        spec:
          sources:
            - useDefaultCAs: true
            - configMap: {name: corp-ca, key: ca.crt}
          target:
            configMap: {key: trust-bundle.pem}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns, namespace: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  volumeMounts:
                    - {name: trust, mountPath: /etc/ssl/certs, readOnly: true}
              volumes:
                - name: trust
                  configMap:
                    name: corp-bundle
                    items: [{key: trust-bundle.pem, path: ca-certificates.crt}]
      `,
    },
    {
      name: "OpenShift's trusted CA bundle mounted the documented way on a UBI image",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: trusted-ca
          namespace: apps
          labels: {config.openshift.io/inject-trusted-cabundle: "true"}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: worker, namespace: apps}
        spec:
          template:
            spec:
              containers:
                - name: worker
                  image: registry.access.redhat.com/ubi9/python-311:latest
                  volumeMounts:
                    - {name: trusted-ca, mountPath: /etc/pki/ca-trust/extracted/pem, readOnly: true}
              volumes:
                - name: trusted-ca
                  configMap:
                    name: trusted-ca
                    items: [{key: ca-bundle.crt, path: tls-ca-bundle.pem}]
      `,
    },
  ],
  reject: [
    {
      name: "ConfigMap over /etc/ssl/certs in a Deployment",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: external-dns
          namespace: dns
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  volumeMounts:
                    - name: ca
                      mountPath: /etc/ssl/certs/
              volumes:
                - name: ca
                  configMap:
                    name: corp-ca
      `,
      findings: [{ object: "Deployment/dns/external-dns", messageId: "certificatesOverDirectory", line: 14, column: 15, endLine: 14, endColumn: 41, message: "over /etc/ssl/certs", fix: "Mount the CA at its own directory instead (volumeMounts: [{name: ca," }],
    },
    {
      name: "the seed incident: external-dns --provider=aws with a one-CA ConfigMap over /etc/ssl/certs is an error",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp-ca, namespace: dns}
        data:
          ca.crt: |
            -----BEGIN CERTIFICATE-----
            MIIB
            -----END CERTIFICATE-----
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns, namespace: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  args: [--source=service, --provider=aws]
                  volumeMounts:
                    - {name: ca, mountPath: /etc/ssl/certs}
              volumes:
                - {name: ca, configMap: {name: corp-ca}}
      `,
      findings: [
        {
          object: "Deployment/dns/external-dns",
          messageId: "certificatesOverDirectory",
          line: 21,
          column: 26,
          endLine: 21,
          endColumn: 51,
          message: 'The container runs external-dns with --provider=aws, which dials the AWS Route 53 API (route53.amazonaws.com): every call fails with "x509: certificate signed by unknown authority".',
          fix: "Mount the CA at its own directory instead (volumeMounts: [{name: ca,",
          severity: "error",
          related: ["ConfigMap/dns/corp-ca"],
        },
      ],
    },
    {
      name: "the same mount with --provider=pdns (a private endpoint) stays a warning",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp-ca, namespace: dns}
        data:
          ca.crt: |
            -----BEGIN CERTIFICATE-----
            MIIB
            -----END CERTIFICATE-----
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns, namespace: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  env: [{name: EXTERNAL_DNS_PROVIDER, value: pdns}]
                  volumeMounts:
                    - {name: ca, mountPath: /etc/ssl/certs}
              volumes:
                - {name: ca, configMap: {name: corp-ca}}
      `,
      findings: [{ object: "Deployment/dns/external-dns", messageId: "certificatesOverDirectory", line: 21, column: 26, endLine: 21, endColumn: 51, message: "only the mounted certificates stay trusted", fix: "Mount the CA at its own directory instead (volumeMounts: [{name: ca,", severity: "warning", related: ["ConfigMap/dns/corp-ca"] }],
    },
    {
      name: "an AWS SDK client (IRSA role) with a private CA over the trust directory is an error",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: uploader, namespace: jobs}
        spec:
          containers:
            - name: app
              image: ghcr.io/example/uploader:1
              env: [{name: AWS_ROLE_ARN, value: "arn:aws:iam::1:role/up"}]
              volumeMounts:
                - {name: ca, mountPath: /etc/ssl/certs}
          volumes:
            - {name: ca, secret: {secretName: corp-ca, items: [{key: ca.crt, path: ca.crt}]}}
      `,
      findings: [{ object: "Pod/jobs/uploader", messageId: "certificatesOverDirectory", line: 10, column: 22, endLine: 10, endColumn: 47, message: "runs an AWS SDK client (AWS_ROLE_ARN is set), which dials AWS APIs", fix: "Mount the CA at its own directory instead (volumeMounts: [{name: ca,", severity: "error" }],
    },
    {
      name: "a Secret the render does not have, mounted with subPath over the image's CA bundle file",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: kyverno-admission-controller, namespace: kyverno}
        spec:
          template:
            spec:
              containers:
                - name: kyverno
                  image: reg.kyverno.io/kyverno/kyverno:v1.15.0
                  volumeMounts:
                    - {name: ca, mountPath: /etc/ssl/certs/ca-certificates.crt, subPath: roots.pem}
              volumes:
                - {name: ca, secret: {secretName: cluster-roots}}
      `,
      findings: [{ object: "Deployment/kyverno/kyverno-admission-controller", messageId: "unknownOverFile", line: 11, column: 26, endLine: 11, endColumn: 71, message: "every TLS client that reads that file trusts only what the mounted file holds; unless it is a full bundle, public endpoints fail", fix: "Mount the CA at a directory of its own", severity: "warning" }],
    },
    {
      name: "kyverno's CI values: one private CA mounted with subPath over /etc/ssl/certs/ca-certificates.crt is an error",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kyverno-ca, namespace: kyverno}
        data:
          ca-certificates.crt: |
            -----BEGIN CERTIFICATE-----
            MIIB
            -----END CERTIFICATE-----
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: kyverno-admission-controller, namespace: kyverno}
        spec:
          template:
            spec:
              containers:
                - name: kyverno
                  image: reg.kyverno.io/kyverno/kyverno:v1.15.0
                  volumeMounts:
                    - {name: ca, mountPath: /etc/ssl/certs/ca-certificates.crt, subPath: ca-certificates.crt}
              volumes:
                - {name: ca, configMap: {name: kyverno-ca}}
      `,
      findings: [
        {
          object: "Deployment/kyverno/kyverno-admission-controller",
          messageId: "privateOverFile",
          line: 20,
          column: 26,
          endLine: 20,
          endColumn: 71,
          message: 'ConfigMap kyverno-ca key "ca-certificates.crt" (volume "ca", subPath ca-certificates.crt) is mounted over /etc/ssl/certs/ca-certificates.crt, the image\'s CA bundle (reg.kyverno.io/kyverno/kyverno:v1.15.0), in container "kyverno", and holds only private CAs (ConfigMap kyverno-ca key "ca-certificates.crt" holds only 1 PEM certificate). Every public root of the image is gone',
          fix: "Mount the CA at a directory of its own (volumeMounts: [{name: ca,",
          severity: "error",
          related: ["ConfigMap/kyverno/kyverno-ca"],
        },
      ],
    },
    {
      name: "items and subPath: a full bundle over the bundle file is info (it never sees updates); on Debian, Go keeps the per-certificate files (warning)",
      yaml: `
        apiVersion: trust.cert-manager.io/v1alpha1
        kind: Bundle
        metadata: {name: corp-bundle}
        spec:
          sources: [{useDefaultCAs: true}]
          target: {configMap: {key: bundle.pem}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: python:3.12
                  volumeMounts:
                    - {name: bundle, mountPath: /etc/ssl/certs/ca-certificates.crt, subPath: ca-certificates.crt}
                - name: dns
                  image: docker.io/bitnami/external-dns:0.15.0
                  volumeMounts:
                    - {name: one, mountPath: /etc/ssl/certs/ca-certificates.crt, subPath: ca.crt}
              volumes:
                - name: bundle
                  configMap: {name: corp-bundle, items: [{key: bundle.pem, path: ca-certificates.crt}]}
                - {name: one, secret: {secretName: corp-ca}}
      `,
      findings: [
        { object: "Deployment/shop/api", messageId: "bundleOverFile", line: 18, column: 30, endLine: 18, endColumn: 75, message: "It holds a full bundle", fix: "Mount the bundle's volume at a directory of its own (volumeMounts:", severity: "info" },
        { object: "Deployment/shop/api", messageId: "privateOverFile", line: 22, column: 27, endLine: 22, endColumn: 72, message: "Go still scans the per-certificate files of /etc/ssl/certs", fix: "Mount the CA at a directory of its own (volumeMounts: [{name: one,", severity: "warning" },
      ],
    },
    {
      name: "cluster-autoscaler's documented hostPath: the node's bundle file over the image's is a warning",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cluster-autoscaler, namespace: kube-system}
        spec:
          template:
            spec:
              containers:
                - name: aws-cluster-autoscaler
                  image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0
                  command: [./cluster-autoscaler, --cloud-provider=aws]
                  volumeMounts:
                    - {name: ssl-certs, mountPath: /etc/ssl/certs/ca-certificates.crt, readOnly: true}
              volumes:
                - {name: ssl-certs, hostPath: {path: /etc/ssl/certs/ca-bundle.crt}}
      `,
      findings: [
        {
          object: "Deployment/kube-system/cluster-autoscaler",
          messageId: "nodeBundleOverFile",
          line: 12,
          column: 33,
          endLine: 12,
          endColumn: 78,
          message: "hostPath /etc/ssl/certs/ca-bundle.crt (volume \"ssl-certs\") is mounted over /etc/ssl/certs/ca-certificates.crt, the image's CA bundle (registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0), in container \"aws-cluster-autoscaler\": the node's bundle replaces the image's",
          fix: "Prefer a bundle the chart controls (a trust-manager Bundle with",
          severity: "warning",
        },
      ],
    },
    {
      name: "a RHEL node's /etc/pki/tls/certs over a Python image's /etc/ssl/certs is an error: OpenSSL reads ca-certificates.crt, which that directory lacks",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: ops}
        spec:
          template:
            spec:
              containers:
                - name: agent
                  image: python:3.12
                  volumeMounts:
                    - {name: node-certs, mountPath: /etc/ssl/certs, readOnly: true}
              volumes:
                - {name: node-certs, hostPath: {path: /etc/pki/tls/certs}}
      `,
      findings: [
        {
          object: "DaemonSet/ops/agent",
          messageId: "nodeStoreOverDirectory",
          line: 11,
          column: 34,
          endLine: 11,
          endColumn: 59,
          message: "The image's Python clients read /etc/ssl/certs/ca-certificates.crt, which no known node distribution keeps in /etc/pki/tls/certs",
          fix: "Mount the bundle at a directory of its own (volumeMounts: [{name:",
          severity: "error",
        },
      ],
    },
    {
      name: "RHEL extracted directory in a StatefulSet init container and a CronJob",
      yaml: `
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              initContainers:
                - name: init
                  image: ubi9
                  volumeMounts:
                    - {name: bundle, mountPath: /etc/pki/ca-trust/extracted/pem}
              containers:
                - {name: db, image: postgres}
              volumes:
                - {name: bundle, secret: {secretName: bundle}}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: backup, namespace: jobs}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: backup
                      image: backup
                      volumeMounts:
                        - name: ssl
                          mountPath: /etc/ssl
                  volumes:
                    - {name: ssl, configMap: {name: ssl}}
      `,
      findings: [
        { object: "StatefulSet/default/db", messageId: "certificatesOverDirectory", line: 11, column: 30, endLine: 11, endColumn: 72, fix: "Mount the CA at its own directory instead (volumeMounts: [{name:" },
        { object: "CronJob/jobs/backup", messageId: "certificatesOverDirectory", line: 31, column: 19, endLine: 31, endColumn: 38, fix: "Mount the CA at its own directory instead (volumeMounts: [{name: ssl," },
      ],
    },
    {
      name: "a user-declared extra directory",
      options: { extraDirectories: ["/opt/java/openjdk/lib/security"] },
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: jvm}
        spec:
          containers:
            - name: app
              image: eclipse-temurin:21
              volumeMounts:
                - {name: store, mountPath: /opt/java/openjdk/lib/security}
          volumes:
            - {name: store, secret: {secretName: truststore}}
      `,
      findings: [{ object: "Pod/default/jvm", messageId: "certificatesOverDirectory", line: 9, column: 25, endLine: 9, endColumn: 66, fix: "Mount the trust store at its own directory (volumeMounts: [{name:" }],
    },
    {
      name: "a full bundle over Debian's /etc/ssl/certs is info: it still hides the hash links",
      yaml: `
        apiVersion: trust.cert-manager.io/v1alpha1
        kind: Bundle
        metadata: {name: corp-bundle}
        spec:
          sources: [{useDefaultCAs: true}, {secret: {name: corp-root, key: ca.crt}}]
          target: {configMap: {key: ca-certificates.crt}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: docker.io/bitnami/external-dns:0.14.2
                  volumeMounts:
                    - {name: trust, mountPath: /etc/ssl/certs}
              volumes:
                - {name: trust, configMap: {name: corp-bundle}}
      `,
      findings: [{ object: "Deployment/default/external-dns", messageId: "bundleOverDirectory", line: 18, column: 29, endLine: 18, endColumn: 54, message: "so public roots stay trusted, but it hides the per-certificate files and hash links in /etc/ssl/certs", fix: "Mount the bundle at a directory of its own (volumeMounts: [{name:", severity: "info" }],
    },
    {
      name: "a full bundle under a name the image does not read is a warning; the node's trust store replacing the image's is a warning",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: trusted-ca, labels: {config.openshift.io/inject-trusted-cabundle: "true"}}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: collector}
        spec:
          template:
            spec:
              containers:
                - name: collector
                  image: registry.access.redhat.com/ubi9/python-311:latest
                  volumeMounts:
                    - {name: trusted-ca, mountPath: /etc/pki/ca-trust/extracted/pem}
                - name: shipper
                  image: ghcr.io/example/shipper:1.0
                  volumeMounts:
                    - {name: host-certs, mountPath: /etc/ssl/certs, readOnly: true}
              volumes:
                - {name: trusted-ca, configMap: {name: trusted-ca}}
                - {name: host-certs, hostPath: {path: /etc/ssl/certs}}
      `,
      findings: [
        { object: "DaemonSet/default/collector", messageId: "bundleMisnamedOverDirectory", line: 15, column: 34, endLine: 15, endColumn: 76, message: "but not as /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", fix: "Mount the bundle at a directory of its own (volumeMounts: [{name:", severity: "warning", related: ["ConfigMap/default/trusted-ca"] },
        { object: "DaemonSet/default/collector", messageId: "nodeStoreOverDirectory", line: 19, column: 34, endLine: 19, endColumn: 59, message: "the node's trust store (hostPath /etc/ssl/certs) replaces the image's, so the container trusts whatever each node trusts", fix: "Mount the bundle at a directory of its own (volumeMounts: [{name:", severity: "warning" },
      ],
    },
    {
      name: "one CA over distroless's /etc/ssl/certs breaks the image's SSL_CERT_FILE; an explicit one makes it an error",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp-ca, namespace: dns}
        data:
          ca.crt: |
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUExampleOnly
            -----END CERTIFICATE-----
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns, namespace: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  volumeMounts:
                    - {name: corp-ca, mountPath: /etc/ssl/certs}
              volumes:
                - {name: corp-ca, configMap: {name: corp-ca}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: debug, namespace: dns}
        spec:
          containers:
            - name: debug
              image: python:3.12
              env:
                - {name: SSL_CERT_FILE, value: /etc/ssl/certs/ca-certificates.crt}
              volumeMounts:
                - {name: corp-ca, mountPath: /etc/ssl/certs}
          volumes:
            - {name: corp-ca, configMap: {name: corp-ca}}
      `,
      findings: [
        {
          object: "Deployment/dns/external-dns",
          messageId: "certificatesOverDirectory",
          line: 20,
          column: 31,
          endLine: 20,
          endColumn: 56,
          message: 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt (set by the image) then names a file that volume "corp-ca" does not contain',
          fix: "Mount the CA at its own directory instead (volumeMounts: [{name:",
          severity: "warning",
          related: ["ConfigMap/dns/corp-ca"],
        },
        { object: "Pod/dns/debug", messageId: "certificatesOverDirectory", line: 34, column: 27, endLine: 34, endColumn: 52, message: 'ConfigMap corp-ca key "ca.crt" holds only 1 PEM certificate', fix: "Mount the CA at its own directory instead (volumeMounts: [{name:", severity: "error", related: ["ConfigMap/dns/corp-ca"] },
      ],
    },
    {
      name: "the JVM store directory of eclipse-temurin, known from the image table",
      yaml: `
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
                      volumeMounts:
                        - {name: store, mountPath: /opt/java/openjdk/lib/security}
                  volumes:
                    - {name: store, secret: {secretName: truststore}}
      `,
      findings: [{ object: "CronJob/default/report", messageId: "certificatesOverDirectory", line: 14, column: 33, endLine: 14, endColumn: 74, message: "/opt/java/openjdk/lib/security/cacerts", fix: "Mount the trust store at its own directory (volumeMounts: [{name:" }],
    },
  ],
});
