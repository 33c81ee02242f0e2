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
      findings: [{ object: "Deployment/dns/external-dns", line: 14, column: 15, message: "over /etc/ssl/certs" }],
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
        { object: "StatefulSet/default/db", line: 11, column: 30 },
        { object: "CronJob/jobs/backup", line: 31, column: 19 },
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
      findings: [{ object: "Pod/default/jvm", line: 9, column: 25 }],
    },
  ],
});
