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
  ],
});
