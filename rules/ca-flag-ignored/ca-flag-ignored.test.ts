import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "--tls-ca with the pdns provider, the CA mounted",
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
                  args: [--source=service, --provider=pdns, --pdns-server=https://pdns.corp:8081, --tls-ca=/ssl/ca.crt]
                  volumeMounts:
                    - {name: pdns-ca, mountPath: /ssl, readOnly: true}
              volumes:
                - {name: pdns-ca, configMap: {name: pdns-ca}}
      `,
    },
    {
      name: "the env forms with the rfc2136 provider, in a Pod",
      yaml: `
        apiVersion: v1
        kind: Pod
        metadata: {name: external-dns}
        spec:
          containers:
            - name: external-dns
              image: registry.k8s.io/external-dns/external-dns:v0.15.0
              env:
                - {name: EXTERNAL_DNS_PROVIDER, value: rfc2136}
                - {name: EXTERNAL_DNS_TLS_CA, value: /ssl/ca.crt}
      `,
    },
    {
      name: "a provider the render does not show (from a Secret), and --tls-ca on another program",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  args: [--tls-ca=/ssl/ca.crt]
                  env:
                    - name: EXTERNAL_DNS_PROVIDER
                      valueFrom: {secretKeyRef: {name: dns-settings, key: provider}}
                - name: proxy
                  image: ghcr.io/example/dns-proxy:1.0
                  args: [--provider=aws, --tls-ca=/ssl/ca.crt]
      `,
    },
  ],
  reject: [
    {
      name: "--provider=aws with --tls-ca (incident 1)",
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
                    - --source=ingress
                    - --provider=aws
                    - --tls-ca=/ssl/ca.crt
                  volumeMounts:
                    - {name: corp-ca, mountPath: /ssl, readOnly: true}
              volumes:
                - {name: corp-ca, configMap: {name: corp-ca}}
      `,
      findings: [
        {
          object: "Deployment/dns/external-dns",
          messageId: "caIgnored",
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 35,
          message: "external-dns reads --tls-ca only with --provider pdns or rfc2136, and this container runs --provider=aws, which trusts Go's system roots (SSL_CERT_FILE, then /etc/ssl/certs); this image (external-dns, ko-built on distroless static) sets SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
          fix: "Remove --tls-ca and give the process a full bundle that includes the",
          severity: "error",
        },
      ],
    },
    {
      name: "env forms from envFrom, and client certificate flags with separate values",
      yaml: `
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: dns-settings}
        data:
          EXTERNAL_DNS_PROVIDER: azure
          EXTERNAL_DNS_TLS_CA: /ssl/ca.crt
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: docker.io/bitnami/external-dns:0.14.2-debian-12-r0
                  envFrom:
                    - configMapRef: {name: dns-settings}
                  args: [--tls-client-cert, /tls/tls.crt, --tls-client-cert-key, /tls/tls.key]
      `,
      findings: [
        { object: "Deployment/default/external-dns", messageId: "caIgnored", line: 18, column: 15, endLine: 18, endColumn: 27, message: "EXTERNAL_DNS_TLS_CA=/ssl/ca.crt in container \"external-dns\" is ignored", fix: "Remove EXTERNAL_DNS_TLS_CA and give the process a full bundle that", severity: "error" },
        { object: "Deployment/default/external-dns", messageId: "clientCertIgnored", line: 19, column: 18, endLine: 19, endColumn: 35, message: "EXTERNAL_DNS_PROVIDER=azure, which never presents a client certificate", fix: "Remove --tls-client-cert: with EXTERNAL_DNS_PROVIDER=azure", severity: "warning" },
        { object: "Deployment/default/external-dns", messageId: "clientCertIgnored", line: 19, column: 51, endLine: 19, endColumn: 72, message: "--tls-client-cert-key /tls/tls.key", fix: "Remove --tls-client-cert-key: with EXTERNAL_DNS_PROVIDER=azure", severity: "warning" },
      ],
    },
    {
      name: "a CA that already reaches Go through SSL_CERT_FILE: the flag is only misleading",
      yaml: `
        apiVersion: trust.cert-manager.io/v1alpha1
        kind: Bundle
        metadata: {name: corp-bundle}
        spec:
          sources:
            - useDefaultCAs: true
            - configMap: {name: corp-ca, key: ca.crt}
          target:
            configMap: {key: ca-certificates.crt}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  args: [--provider=cloudflare, --tls-ca=/etc/trust/ca-certificates.crt]
                  env:
                    - {name: SSL_CERT_FILE, value: /etc/trust/ca-certificates.crt}
                  volumeMounts:
                    - {name: trust, mountPath: /etc/trust, readOnly: true}
              volumes:
                - {name: trust, configMap: {name: corp-bundle}}
      `,
      findings: [{ object: "Deployment/default/external-dns", messageId: "caIgnoredButProvided", line: 20, column: 41, endLine: 20, endColumn: 80, message: "through SSL_CERT_FILE=/etc/trust/ca-certificates.crt instead", fix: "Remove --tls-ca: with --provider=cloudflare it does nothing, and the", severity: "info" }],
    },
    {
      name: "a component declared in the options",
      options: {
        components: [
          {
            name: "vault-agent-lite",
            image: "ghcr.io/example/vault-agent-lite",
            selector: { flag: "--backend", noun: "backend" },
            flags: [{ flag: "--ca-bundle", purpose: "ca" }],
            honouredWhen: ["vault"],
            otherwise: "the system trust store",
          },
        ],
      },
      yaml: `
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: sync, namespace: ops}
        spec:
          schedule: "*/5 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - name: fetch
                      image: ghcr.io/example/vault-agent-lite:2.1
                      args: [--backend=s3, --ca-bundle=/ca/ca.pem]
                  containers:
                    - {name: main, image: busybox}
      `,
      findings: [{ object: "CronJob/ops/sync", messageId: "caIgnored", line: 13, column: 36, endLine: 13, endColumn: 58, message: "vault-agent-lite reads --ca-bundle only with --backend vault, and this container runs --backend=s3", fix: "Remove --ca-bundle and give the process a full bundle that includes" }],
    },
  ],
});
