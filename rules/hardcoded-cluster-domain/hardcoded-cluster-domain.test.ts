import { ok } from "node:assert/strict";
import { runRule, testRule } from "../../test/support/rule-tester";
import rule from ".";

const WHISKER = `
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: whisker, namespace: calico-system}
  spec:
    template:
      spec:
        containers:
          - name: whisker
            image: quay.io/calico/whisker:v3.30.0
          - name: whisker-backend
            image: quay.io/calico/whisker-backend:v3.30.0
            env:
              - name: LOG_LEVEL
                value: INFO
              - name: GOLDMANE_HOST
                value: goldmane.calico-system.svc.cluster.local:7443
`;

testRule(rule, {
  messagesTestedElsewhere: {
    computedDomainMismatch: "test/e2e/cluster-domain.test.ts: with --cluster-domain example.org: literals are errors, value-built names are info naming .Values.clusterDomain to set",
  },
  accept: [
    {
      name: "portable names, a Certificate listing both forms, and file names that look like domains",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: whisker, namespace: calico-system}
        spec:
          template:
            spec:
              containers:
                - name: whisker-backend
                  image: quay.io/calico/whisker-backend:v3.30.0
                  env:
                    - {name: GOLDMANE_HOST, value: "goldmane.calico-system.svc:7443"}
                  args: [--config=/etc/whisker/backend.svc.yaml]
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: goldmane, namespace: calico-system}
        spec:
          secretName: goldmane-tls
          dnsNames: [goldmane, goldmane.calico-system, goldmane.calico-system.svc, goldmane.calico-system.svc.cluster.local]
          issuerRef: {name: tigera-ca}
      `,
    },
    {
      name: "kyverno's Secret-name arguments (--caSecretName=<svc>.<ns>.svc.kyverno-tls-ca) and a Secret-name variable are not host names",
      clusterDomain: "cluster.local",
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
                  args:
                    - --caSecretName=kyverno-svc.kyverno.svc.kyverno-tls-ca
                    - --tlsSecretName=kyverno-svc.kyverno.svc.kyverno-tls-pair
                    - --metricsCASecretName
                    - kyverno-admission-controller.kyverno.svc.kyverno-tls-ca
                  env:
                    - {name: TLS_SECRET_NAME, value: kyverno-svc.kyverno.svc.kyverno-tls-pair}
                    - {name: LABEL, value: a.b.svc.cluster.local_suffix}
      `,
    },
    {
      name: "the literal domain is the cluster's domain",
      clusterDomain: "cluster.local.",
      yaml: WHISKER,
    },
    {
      name: "a domain the user allows (another cluster's, in multi-cluster DNS)",
      options: { allowedDomains: ["cluster.local"] },
      yaml: WHISKER,
    },
  ],
  reject: [
    {
      name: "Calico whisker on a cluster whose domain is example.com (incident 5)",
      clusterDomain: "example.com",
      yaml: WHISKER,
      findings: [
        {
          object: "Deployment/calico-system/whisker",
          messageId: "fixedDomainMismatch",
          line: 16,
          column: 15,
          endLine: 16,
          endColumn: 67,
          message: 'env GOLDMANE_HOST in container "whisker-backend" names goldmane.calico-system.svc.cluster.local with the fixed cluster domain "cluster.local"; this cluster\'s domain is "example.com"',
          fix: "Use the portable name goldmane.calico-system.svc",
          severity: "error",
        },
      ],
    },
    {
      name: "without a known cluster domain the finding is info",
      yaml: WHISKER,
      findings: [{ object: "Deployment/calico-system/whisker", messageId: "fixedDomain", line: 16, column: 15, endLine: 16, endColumn: 67, message: 'works only on clusters whose DNS domain is "cluster.local"', fix: "Use the portable name goldmane.calico-system.svc", severity: "info" }],
    },
    {
      name: "args, ConfigMap data, a Certificate without the portable name, and an ExternalName Service",
      clusterDomain: "corp.internal",
      yaml: `
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: backup, namespace: db}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: backup
                      image: postgres:16
                      command: [pg_dump, --host=postgres.db.svc.cluster.local, --dbname=app]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: web}
        data:
          upstream: https://api.backend.svc.cluster.local:8443/v1
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: api, namespace: backend}
        spec:
          secretName: api-tls
          dnsNames:
            - api.backend.svc.cluster.local
          issuerRef: {name: internal-ca}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: db, namespace: web}
        spec:
          type: ExternalName
          externalName: postgres.db.svc.cluster.local
      `,
      findings: [
        { object: "CronJob/db/backup", messageId: "fixedDomainMismatch", line: 14, column: 34, endLine: 14, endColumn: 70, message: "an argument of container \"backup\" names postgres.db.svc.cluster.local", fix: "Use the portable name postgres.db.svc: it resolves through the pod's" },
        { object: "ConfigMap/web/app-config", messageId: "fixedDomainMismatch", line: 20, column: 3, endLine: 20, endColumn: 58, message: 'key "upstream" names api.backend.svc.cluster.local', fix: "Use the portable name api.backend.svc" },
        { object: "Certificate/backend/api", messageId: "fixedDomainMismatch", line: 28, column: 7, endLine: 28, endColumn: 36, message: "a dnsNames entry names api.backend.svc.cluster.local", fix: "Add api.backend.svc to spec.dnsNames (clients should dial it), and" },
        { object: "Service/web/db", messageId: "fixedDomainMismatch", line: 36, column: 3, endLine: 36, endColumn: 46, message: "externalName names postgres.db.svc.cluster.local", fix: "Template the domain from a value (externalName: postgres.db.svc.{{" },
      ],
    },
  ],
});

describe("rule hardcoded-cluster-domain: fixes", () => {
  it("rewrites the value with the portable name", () => {
    const [finding] = runRule(rule, { name: "fix", yaml: WHISKER, clusterDomain: "example.com" });
    ok(finding?.fix?.includes("goldmane.calico-system.svc (goldmane.calico-system.svc:7443)"), finding?.fix);
  });
});
