import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "external-dns --rfc2136-insecure is about TSIG, not TLS",
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
                  args: [--provider=rfc2136, --rfc2136-host=10.0.0.53, --rfc2136-insecure, --rfc2136-zone=corp.example]
      `,
    },
    {
      name: "verification explicitly on, a false flag value, and a value from a Secret",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: node:20
              args: [--insecure-skip-tls-verify=false]
              env:
                - {name: NODE_TLS_REJECT_UNAUTHORIZED, value: "1"}
                - {name: PYTHONHTTPSVERIFY, value: "1"}
                - {name: VAULT_SKIP_VERIFY, value: "false"}
                - name: CONNECTOR_TLS_INSECURE
                  valueFrom: {secretKeyRef: {name: connector, key: insecure}}
      `,
    },
    {
      name: "curl with a CA, and an HTTPS probe (the kubelet never verifies probes)",
      yaml: `
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              containers:
                - name: db
                  image: postgres:16
                  command: [sh, -c, "curl -sS --cacert /tls/ca.crt https://vault:8200/v1/sys/health && exec postgres"]
                  livenessProbe:
                    httpGet: {path: /healthz, port: 8443, scheme: HTTPS}
      `,
    },
    {
      name: "custom resources and configuration files that verify: false switches, a CA, sslmode=verify-full, a Secret of another type",
      yaml: `
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: api, namespace: monitoring}
        spec:
          selector: {matchLabels: {app: api}}
          endpoints:
            - port: https
              scheme: https
              tlsConfig: {insecureSkipVerify: false, ca: {configMap: {name: api-ca, key: ca.crt}}, serverName: api.shop.svc}
        ---
        apiVersion: traefik.io/v1alpha1
        kind: ServersTransport
        metadata: {name: verified, namespace: web}
        spec: {serverName: api.internal, rootCAs: [{secret: api-ca}]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: prometheus, namespace: monitoring}
        data:
          prometheus.yml: |
            scrape_configs:
              - job_name: api
                tls_config:
                  ca_file: /etc/ca/ca.crt
                  insecure_skip_verify: false
                  # insecure_skip_verify: true
                  # jsonData: {tlsSkipVerify: true}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: git-repo
          namespace: argocd
          labels: {argocd.argoproj.io/secret-type: repository}
        stringData:
          url: https://git.corp.example/team/app.git
          insecure: "false"
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: not-argo, namespace: argocd}
        stringData:
          insecure: "true"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          template:
            metadata:
              annotations: {vault.hashicorp.com/agent-inject: "true", vault.hashicorp.com/tls-skip-verify: "false"}
            spec:
              containers:
                - name: app
                  image: app:1
                  env:
                    - {name: DATABASE_URL, value: "postgres://app@db.shop.svc:5432/app?sslmode=verify-full&sslrootcert=/ca/ca.crt"}
      `,
    },
  ],
  reject: [
    {
      name: "documented switches in env (incl. GIT_SSL_NO_VERIFY=false) and heuristics",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: ci}
        data:
          NODE_TLS_REJECT_UNAUTHORIZED: "0"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: runner, namespace: ci}
        spec:
          template:
            spec:
              containers:
                - name: runner
                  image: node:20
                  envFrom:
                    - configMapRef: {name: settings}
                  env:
                    - {name: GIT_SSL_NO_VERIFY, value: "false"}
                    - {name: PYTHONHTTPSVERIFY, value: "0"}
                    - {name: HARBOR_INSECURE_SKIP_TLS_VERIFY, value: "true"}
                    - {name: EXTERNAL_DNS_PDNS_TLS_INSECURE, value: "yes"}
                    - {name: CURL_CA_BUNDLE, value: ""}
      `,
      findings: [
        { object: "Deployment/ci/runner", line: 17, column: 15, severity: "error", message: 'NODE_TLS_REJECT_UNAUTHORIZED="0"' },
        { object: "Deployment/ci/runner", line: 19, column: 15, severity: "error", message: "whatever the value (even false or empty)" },
        { object: "Deployment/ci/runner", line: 20, column: 15, severity: "error", message: "PEP 493" },
        { object: "Deployment/ci/runner", line: 21, column: 15, severity: "warning", message: "HARBOR_INSECURE_SKIP_TLS_VERIFY" },
        { object: "Deployment/ci/runner", line: 22, column: 15, severity: "warning", message: "external-dns tlsutils" },
        { object: "Deployment/ci/runner", line: 23, column: 15, severity: "warning", message: "psf/requests#6074" },
      ],
    },
    {
      name: "NODE_TLS_REJECT_UNAUTHORIZED=0 is judged by the image's runtime: Node.js error, Go info (no effect), unknown said neutrally",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: mixed, namespace: dns}
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: node:20
                  env: [{name: NODE_TLS_REJECT_UNAUTHORIZED, value: "0"}]
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  env: [{name: NODE_TLS_REJECT_UNAUTHORIZED, value: "0"}]
                - name: tool
                  image: example.com/team/tool:1.0
                  env: [{name: NODE_TLS_REJECT_UNAUTHORIZED, value: "0"}]
      `,
      findings: [
        { object: "Deployment/dns/mixed", line: 10, column: 17, severity: "error", message: 'NODE_TLS_REJECT_UNAUTHORIZED="0" in container "web" turns certificate verification off: Node.js accepts any certificate, so' },
        {
          object: "Deployment/dns/mixed",
          line: 13,
          column: 17,
          severity: "info",
          message: 'NODE_TLS_REJECT_UNAUTHORIZED="0" in container "external-dns" has no effect: the image runs Go (external-dns, ko-built on distroless static), and only Node.js reads NODE_TLS_REJECT_UNAUTHORIZED.',
        },
        {
          object: "Deployment/dns/mixed",
          line: 16,
          column: 17,
          severity: "error",
          message: "turns certificate verification off: Node.js accepts any certificate if the image runs Node.js (trustlint does not know this image's runtime; only Node.js reads NODE_TLS_REJECT_UNAUTHORIZED)",
        },
      ],
    },
    {
      name: "metrics-server --kubelet-insecure-tls in a Deployment, kubectl in a CronJob",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: metrics-server, namespace: kube-system}
        spec:
          template:
            spec:
              containers:
                - name: metrics-server
                  image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
                  args:
                    - --cert-dir=/tmp
                    - --kubelet-insecure-tls
                    - --kubelet-preferred-address-types=InternalIP
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: cleanup, namespace: ops}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: kubectl
                      image: bitnami/kubectl:1.31
                      args: [--server=https://api.corp:6443, --insecure-skip-tls-verify, delete, pods, --field-selector=status.phase=Failed]
      `,
      findings: [
        { object: "Deployment/kube-system/metrics-server", line: 12, column: 15, message: "metrics-server accepts any kubelet serving certificate" },
        { object: "CronJob/ops/cleanup", line: 27, column: 54, message: "--insecure-skip-tls-verify" },
      ],
    },
    {
      name: "curl -k in a shell script of an init container, wget in a probe, a prefixed skip-verify flag (DaemonSet)",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: node-agent, namespace: monitoring}
        spec:
          template:
            spec:
              initContainers:
                - name: register
                  image: curlimages/curl:8.10.1
                  command:
                    - sh
                    - -c
                    - |
                      until curl -fsSk https://registry.corp/v2/; do sleep 2; done
              containers:
                - name: agent
                  image: ghcr.io/example/agent:1.0
                  args: [--upstream=https://collector:4318, --collector-skip-tls-verify]
                  livenessProbe:
                    exec:
                      command: [wget, -q, --no-check-certificate, -O-, https://localhost:8443/healthz]
      `,
      findings: [
        { object: "DaemonSet/monitoring/node-agent", line: 13, column: 15, severity: "error", message: "curl -fsSk" },
        { object: "DaemonSet/monitoring/node-agent", line: 18, column: 53, severity: "warning", message: "--collector-skip-tls-verify" },
        { object: "DaemonSet/monitoring/node-agent", line: 21, column: 35, severity: "error", message: "wget --no-check-certificate" },
      ],
    },
    {
      name: "exec'd curl --insecure in a Pod",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: smoke}
        spec:
          containers:
            - name: smoke
              image: curlimages/curl:8.10.1
              command: [curl, --insecure, https://api.internal/health]
      `,
      findings: [{ object: "Pod/default/smoke", line: 8, column: 23, message: "curl accepts any server certificate" }],
    },
    {
      name: "insecureSkipVerify in a ServiceMonitor (kube-prometheus-stack's kubelet), a PodMonitor, a Traefik ServersTransport and a DestinationRule subset",
      yaml: `
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: kubelet, namespace: monitoring}
        spec:
          endpoints:
            - port: https-metrics
              scheme: https
              tlsConfig:
                caFile: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
                insecureSkipVerify: true
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: mesh, namespace: monitoring}
        spec:
          podMetricsEndpoints:
            - port: metrics
            - port: https
              tlsConfig: {insecureSkipVerify: "true"}
        ---
        apiVersion: traefik.io/v1alpha1
        kind: ServersTransport
        metadata: {name: skip, namespace: web}
        spec:
          insecureSkipVerify: true
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: legacy, namespace: shop}
        spec:
          host: legacy.example.com
          subsets:
            - name: v1
              trafficPolicy:
                tls: {mode: SIMPLE, insecureSkipVerify: true}
      `,
      findings: [
        { object: "ServiceMonitor/monitoring/kubelet", line: 10, column: 9, message: "Prometheus accepts any certificate from the scraped endpoints" },
        { object: "PodMonitor/monitoring/mesh", line: 19, column: 19, message: "tlsConfig.insecureSkipVerify: true" },
        { object: "ServersTransport/web/skip", line: 25, column: 3, message: "traefik#9732" },
        { object: "DestinationRule/shop/legacy", line: 35, column: 29, message: "tls.insecureSkipVerify: true" },
      ],
    },
    {
      name: "insecure_skip_verify in a Prometheus ConfigMap and an Alertmanager Secret, tlsSkipVerify in a Grafana datasource, Argo CD repository and cluster Secrets",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: prometheus, namespace: monitoring}
        data:
          prometheus.yml: |
            scrape_configs:
              - job_name: api
                scheme: https
                tls_config:
                  insecure_skip_verify: true
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: alertmanager, namespace: monitoring}
        data:
          alertmanager.yaml: cmVjZWl2ZXJzOgotIG5hbWU6IGhvb2sKICB3ZWJob29rX2NvbmZpZ3M6CiAgLSB1cmw6IGh0dHBzOi8vaG9vay5jb3JwCiAgICBodHRwX2NvbmZpZzoKICAgICAgdGxzX2NvbmZpZzoKICAgICAgICBpbnNlY3VyZV9za2lwX3ZlcmlmeTogdHJ1ZQo=
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: grafana-datasources
          namespace: monitoring
          labels: {grafana_datasource: "1"}
        data:
          datasources.yaml: |
            apiVersion: 1
            datasources:
              - name: Loki
                type: loki
                url: https://loki.corp.example
                jsonData:
                  tlsSkipVerify: true
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: private-repo
          namespace: argocd
          labels: {argocd.argoproj.io/secret-type: repository}
        stringData:
          url: https://git.corp.example/team/app.git
          insecure: "true"
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: prod
          namespace: argocd
          labels: {argocd.argoproj.io/secret-type: cluster}
        stringData:
          name: prod
          server: https://prod.k8s.corp.example
          config: |
            {"bearerToken": "", "tlsClientConfig": {"insecure": true}}
      `,
      findings: [
        { object: "ConfigMap/monitoring/prometheus", line: 10, column: 11, message: "insecure_skip_verify: true (key prometheus.yml, line 5)" },
        { object: "Secret/monitoring/alertmanager", line: 16, column: 3, message: "insecure_skip_verify: true (key alertmanager.yaml, line 7)" },
        { object: "ConfigMap/monitoring/grafana-datasources", line: 32, column: 11, message: "grafana#114683" },
        { object: "Secret/argocd/private-repo", line: 42, column: 3, message: "argo-cd#13726" },
        { object: "Secret/argocd/prod", line: 53, column: 3, message: "tlsClientConfig.insecure: true (key config, line 1)" },
      ],
    },
    {
      name: "vault-k8s tls-skip-verify annotation (error) and database URLs with sslmode disable/require (info)",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: db, namespace: shop}
        data:
          PGSSLMODE_URL: "host=db.shop.svc dbname=shop sslmode=disable"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          template:
            metadata:
              annotations:
                vault.hashicorp.com/agent-inject: "true"
                vault.hashicorp.com/tls-skip-verify: "true"
            spec:
              containers:
                - name: app
                  image: app:1
                  envFrom:
                    - configMapRef: {name: db}
                  env:
                    - name: DATABASE_URL
                      value: postgres://app@db.shop.svc:5432/shop?sslmode=require
      `,
      findings: [
        { object: "Deployment/shop/app", line: 15, column: 9, severity: "error", message: "vault-k8s#151" },
        { object: "Deployment/shop/app", line: 21, column: 15, severity: "info", message: "sslmode=disable in env PGSSLMODE_URL" },
        { object: "Deployment/shop/app", line: 24, column: 15, severity: "info", message: "encrypted but the server certificate is not verified" },
      ],
    },
  ],
});
