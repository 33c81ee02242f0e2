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
      name: "skip-verify towards the pod's own loopback: Kong's ingress controller and the admin API of its pod, a Vault agent on 127.0.0.1",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: kong-kong, namespace: kong}
        spec:
          template:
            spec:
              containers:
                - name: ingress-controller
                  image: kong/kubernetes-ingress-controller:3.4
                  env:
                    - name: CONTROLLER_KONG_ADMIN_TLS_SKIP_VERIFY
                      value: "true"
                    - name: CONTROLLER_KONG_ADMIN_URL
                      value: "https://localhost:8444"
                - name: proxy
                  image: kong:3.9
                - name: vault-agent
                  image: hashicorp/vault:1.18
                  env:
                    - {name: VAULT_ADDR, value: "https://127.0.0.1:8200"}
                    - {name: VAULT_SKIP_VERIFY, value: "true"}
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
        { object: "Deployment/ci/runner", messageId: "offInContainer", line: 17, column: 15, endLine: 17, endColumn: 27, message: 'NODE_TLS_REJECT_UNAUTHORIZED="0"', fix: "Remove it and give the client the CA it needs instead (mount the CA", severity: "error" },
        { object: "Deployment/ci/runner", messageId: "offInContainer", line: 19, column: 15, endLine: 19, endColumn: 39, message: "whatever the value (even false or empty)", fix: "Remove it and give the client the CA it needs instead (mount the CA", severity: "error" },
        { object: "Deployment/ci/runner", messageId: "offInContainer", line: 20, column: 15, endLine: 20, endColumn: 39, message: "PEP 493", fix: "Remove it and give the client the CA it needs instead (mount the CA", severity: "error" },
        { object: "Deployment/ci/runner", messageId: "offInContainer", line: 21, column: 15, endLine: 21, endColumn: 53, message: "HARBOR_INSECURE_SKIP_TLS_VERIFY", fix: "Remove it and give the client the CA it needs instead (mount the CA", severity: "warning" },
        { object: "Deployment/ci/runner", messageId: "offInContainer", line: 22, column: 15, endLine: 22, endColumn: 52, message: "external-dns tlsutils", fix: "Remove it and give the client the CA it needs instead (mount the CA", severity: "warning" },
        { object: "Deployment/ci/runner", messageId: "offInContainer", line: 23, column: 15, endLine: 23, endColumn: 36, message: "psf/requests#6074", fix: "Remove it and give the client the CA it needs instead (mount the CA", severity: "warning" },
      ],
    },
    {
      name: "skip-verify towards a Service or a list that leaves the pod (one remote address is enough)",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ingress, namespace: kong}
        spec:
          template:
            spec:
              containers:
                - name: ingress-controller
                  image: kong/kubernetes-ingress-controller:3.4
                  env:
                    - {name: CONTROLLER_KONG_ADMIN_TLS_SKIP_VERIFY, value: "true"}
                    - {name: CONTROLLER_KONG_ADMIN_URLS, value: "https://localhost:8444,https://kong-admin.kong.svc:8444"}
                - name: vault-agent
                  image: hashicorp/vault:1.18
                  env:
                    - {name: VAULT_ADDR, value: "https://vault.vault.svc:8200"}
                    - {name: VAULT_SKIP_VERIFY, value: "true"}
      `,
      findings: [
        { object: "Deployment/kong/ingress", messageId: "offInContainer", line: 11, column: 15, endLine: 11, endColumn: 59, message: 'CONTROLLER_KONG_ADMIN_TLS_SKIP_VERIFY="true" in container "ingress-controller"', fix: "Remove it and give the client the CA it needs instead", severity: "warning" },
        { object: "Deployment/kong/ingress", messageId: "offInContainer", line: 17, column: 15, endLine: 17, endColumn: 39, message: "the Vault client stops verifying", fix: "Remove it and give the client the CA it needs instead", severity: "error" },
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
        { object: "Deployment/dns/mixed", messageId: "offInContainer", line: 10, column: 17, endLine: 10, endColumn: 52, message: 'NODE_TLS_REJECT_UNAUTHORIZED="0" in container "web" turns certificate verification off: Node.js accepts any certificate, so', fix: "Remove it and give the client the CA it needs instead (mount the CA", severity: "error" },
        {
          object: "Deployment/dns/mixed",
          messageId: "inertInContainer",
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 52,
          message: 'NODE_TLS_REJECT_UNAUTHORIZED="0" in container "external-dns" has no effect: the image runs Go (external-dns, ko-built on distroless static), and only Node.js reads NODE_TLS_REJECT_UNAUTHORIZED.',
          fix: "Remove NODE_TLS_REJECT_UNAUTHORIZED: it does nothing here, and it",
          severity: "info",
        },
        {
          object: "Deployment/dns/mixed",
          messageId: "offInContainer",
          line: 16,
          column: 17,
          endLine: 16,
          endColumn: 52,
          message: "turns certificate verification off: Node.js accepts any certificate if the image runs Node.js (trustlint does not know this image's runtime; only Node.js reads NODE_TLS_REJECT_UNAUTHORIZED)",
          fix: "Remove it and give the client the CA it needs instead (mount the CA",
          severity: "error",
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
        { object: "Deployment/kube-system/metrics-server", messageId: "offInContainer", line: 12, column: 15, endLine: 12, endColumn: 37, message: "metrics-server accepts any kubelet serving certificate", fix: "Remove the flag and have kubelets serve certificates signed by the" },
        { object: "CronJob/ops/cleanup", messageId: "offInContainer", line: 27, column: 54, endLine: 27, endColumn: 80, message: "--insecure-skip-tls-verify", fix: "Remove the flag and give the client the cluster CA" },
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
        { object: "DaemonSet/monitoring/node-agent", messageId: "offInContainer", line: 13, column: 15, endLine: 14, endColumn: 75, message: "curl -fsSk", fix: "Drop -k/--insecure and pass the CA: curl --cacert /path/to/ca.crt (or", severity: "error" },
        { object: "DaemonSet/monitoring/node-agent", messageId: "offInContainer", line: 18, column: 53, endLine: 18, endColumn: 80, message: "--collector-skip-tls-verify", fix: "Remove it and give the client the CA it needs instead (mount the CA", severity: "warning" },
        { object: "DaemonSet/monitoring/node-agent", messageId: "offInContainer", line: 21, column: 35, endLine: 21, endColumn: 57, message: "wget --no-check-certificate", fix: "Drop --no-check-certificate and pass the CA: wget", severity: "error" },
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
      findings: [{ object: "Pod/default/smoke", messageId: "offInContainer", line: 8, column: 23, endLine: 8, endColumn: 33, message: "curl accepts any server certificate", fix: "Drop -k/--insecure and pass the CA: curl --cacert /path/to/ca.crt (or" }],
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
        { object: "ServiceMonitor/monitoring/kubelet", messageId: "off", line: 10, column: 9, endLine: 10, endColumn: 33, message: "Prometheus accepts any certificate from the scraped endpoints", fix: "Set tlsConfig.insecureSkipVerify: false and give tlsConfig.ca (a" },
        { object: "PodMonitor/monitoring/mesh", messageId: "off", line: 19, column: 19, endLine: 19, endColumn: 45, message: "tlsConfig.insecureSkipVerify: true", fix: "Set tlsConfig.insecureSkipVerify: false and give tlsConfig.ca (a" },
        { object: "ServersTransport/web/skip", messageId: "off", line: 25, column: 3, endLine: 25, endColumn: 27, message: "traefik#9732", fix: "Set insecureSkipVerify: false, list the backend CA in rootCAs" },
        { object: "DestinationRule/shop/legacy", messageId: "off", line: 35, column: 29, endLine: 35, endColumn: 53, message: "tls.insecureSkipVerify: true", fix: "Remove insecureSkipVerify and set tls.caCertificates (or" },
      ],
    },
    {
      name: "kube-prometheus-stack's kubelet ServiceMonitor (selects k8s-app: kubelet): the fix says how the kubelet gets a verifiable certificate",
      yaml: `
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata:
          name: kps-kubelet
          namespace: monitoring
          labels: {app: kube-prometheus-stack-kubelet}
        spec:
          attachMetadata: {node: false}
          jobLabel: k8s-app
          namespaceSelector:
            matchNames: [kube-system]
          selector:
            matchLabels:
              app.kubernetes.io/name: kubelet
              k8s-app: kubelet
          endpoints:
          - port: https-metrics
            scheme: https
            tlsConfig:
              caFile: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
              insecureSkipVerify: true
            bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
          - port: https-metrics
            scheme: https
            path: /metrics/cadvisor
            tlsConfig:
              caFile: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
              insecureSkipVerify: false
      `,
      findings: [
        {
          object: "ServiceMonitor/monitoring/kps-kubelet",
          messageId: "off",
          line: 21, column: 7, endLine: 21, endColumn: 31,
          message: "Prometheus accepts any certificate from the scraped endpoints",
          fix: "The kubelet serves a self-signed certificate unless it runs with serverTLSBootstrap: true (KubeletConfiguration) and its kubernetes.io/kubelet-serving CSRs are approved; then its certificate chains to the cluster CA that caFile (/var/run/secrets/kubernetes.io/serviceaccount/ca.crt) already names, and insecureSkipVerify can be false (kube-prometheus-stack: kubelet.serviceMonitor.insecureSkipVerify: false).",
        },
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
        { object: "ConfigMap/monitoring/prometheus", messageId: "off", line: 10, column: 11, endLine: 10, endColumn: 37, message: "insecure_skip_verify: true (key prometheus.yml, line 5)", fix: "Set insecure_skip_verify: false and give tls_config ca_file (or ca)" },
        { object: "Secret/monitoring/alertmanager", messageId: "off", line: 16, column: 3, endLine: 16, endColumn: 210, message: "insecure_skip_verify: true (key alertmanager.yaml, line 7)", fix: "Set insecure_skip_verify: false and give tls_config ca_file (or ca)" },
        { object: "ConfigMap/monitoring/grafana-datasources", messageId: "off", line: 32, column: 11, endLine: 32, endColumn: 30, message: "grafana#114683", fix: "Remove tlsSkipVerify, set jsonData.tlsAuthWithCACert: true and" },
        { object: "Secret/argocd/private-repo", messageId: "off", line: 42, column: 3, endLine: 42, endColumn: 19, message: 'insecure: "true" turns certificate verification off: Argo CD accepts any certificate (and any SSH host key) from the repository server (argo-cd#13726)', fix: "Remove `insecure` and add the repository server's CA to the" },
        { object: "Secret/argocd/prod", messageId: "off", line: 53, column: 3, endLine: 54, endColumn: 63, message: "tlsClientConfig.insecure: true (key config, line 1)", fix: "Set tlsClientConfig.insecure: false and put the cluster CA in" },
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
        { object: "Deployment/shop/app", messageId: "off", line: 15, column: 9, endLine: 15, endColumn: 52, message: "vault-k8s#151", fix: "Remove the annotation and set vault.hashicorp.com/ca-cert (a path in", severity: "error" },
        { object: "Deployment/shop/app", messageId: "off", line: 21, column: 15, endLine: 21, endColumn: 27, message: "sslmode=disable in env PGSSLMODE_URL", fix: "Use sslmode=verify-full with sslrootcert pointing at the database CA.", severity: "info" },
        { object: "Deployment/shop/app", messageId: "off", line: 24, column: 15, endLine: 24, endColumn: 74, message: "encrypted but the server certificate is not verified", fix: "Use sslmode=verify-full with sslrootcert pointing at the database CA.", severity: "info" },
      ],
    },
  ],
});
