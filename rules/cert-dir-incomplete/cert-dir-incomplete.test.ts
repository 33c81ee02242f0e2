import { testRule } from "../../test/support/rule-tester";
import rule from ".";

const SERVICE_CA = `
        apiVersion: v1
        kind: Service
        metadata:
          name: eso-webhook
          namespace: es
          annotations: {service.beta.openshift.io/serving-cert-secret-name: eso-webhook-tls}
        spec: {selector: {app: eso-webhook}, ports: [{port: 443, targetPort: 10250}]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: service-ca
          namespace: es
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        ---
        `;

testRule(rule, {
  accept: [
    {
      name: "service-ca Secret and CA ConfigMap projected into the external-secrets webhook's --cert-dir",
      yaml: `${SERVICE_CA}
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-webhook, namespace: es}
        spec:
          template:
            metadata: {labels: {app: eso-webhook}}
            spec:
              containers:
                - name: webhook
                  image: oci.external-secrets.io/external-secrets/external-secrets:v0.18.0
                  args: [webhook, --dns-name=eso-webhook.es.svc, --cert-dir=/tmp/certs]
                  volumeMounts: [{name: certs, mountPath: /tmp/certs, readOnly: true}]
              volumes:
                - name: certs
                  projected:
                    sources:
                      - secret: {name: eso-webhook-tls}
                      - configMap: {name: service-ca, items: [{key: service-ca.crt, path: ca.crt}]}
      `,
    },
    {
      name: "the cert-controller's Secret, a self-signing server on an emptyDir, and baked-in certificate files",
      yaml: `
        apiVersion: v1
        kind: Secret
        metadata: {name: eso-webhook, namespace: es}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-cert-controller, namespace: es}
        spec:
          template:
            spec:
              containers:
                - {name: cert-controller, image: ghcr.io/external-secrets/external-secrets:v0.18.0, args: [certcontroller, --secret-name=eso-webhook, --secret-namespace=es]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-webhook, namespace: es}
        spec:
          template:
            spec:
              containers:
                - name: webhook
                  image: ghcr.io/external-secrets/external-secrets:v0.18.0
                  args: [webhook, --dns-name=eso-webhook.es.svc, --cert-dir=/tmp/certs]
                  volumeMounts: [{name: certs, mountPath: /tmp/certs}]
              volumes: [{name: certs, secret: {secretName: eso-webhook}}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: aggregated-api, namespace: team}
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: example/apiserver:1.0
                  args: [--cert-dir=/var/run/serving-cert, --secure-port=6443]
                  volumeMounts: [{name: scratch, mountPath: /var/run/serving-cert}]
                - name: proxy
                  image: example/proxy:1.0
                  args: [--tls-cert-file=/etc/proxy/server.crt, --tls-private-key-file=/etc/proxy/server.key]
              volumes: [{name: scratch, emptyDir: {}}]
      `,
    },
  ],
  reject: [
    {
      name: "the external-secrets webhook with webhook.certManager.enabled and a Let's Encrypt ClusterIssuer: no ca.crt",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: ClusterIssuer
        metadata: {name: letsencrypt}
        spec:
          acme:
            server: https://acme-v02.api.letsencrypt.org/directory
            privateKeySecretRef: {name: letsencrypt-account}
            solvers: [{http01: {ingress: {ingressClassName: nginx}}}]
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: external-secrets-webhook, namespace: es}
        spec:
          secretName: external-secrets-webhook
          dnsNames: [external-secrets-webhook.es.svc]
          issuerRef: {name: letsencrypt, kind: ClusterIssuer}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: external-secrets-webhook, namespace: es}
        spec:
          template:
            spec:
              containers:
                - name: webhook
                  image: oci.external-secrets.io/external-secrets/external-secrets:v0.18.0
                  args: [webhook, --dns-name=external-secrets-webhook.es.svc, --cert-dir=/tmp/certs]
                  volumeMounts: [{name: certs, mountPath: /tmp/certs, readOnly: true}]
              volumes: [{name: certs, secret: {secretName: external-secrets-webhook}}]
      `,
      findings: [{ object: "Deployment/es/external-secrets-webhook", messageId: "serverFilesMissing", line: 27, column: 71, endLine: 27, endColumn: 92, message: "the ACME ClusterIssuer letsencrypt returns no CA, so no ca.crt", fix: "Make the volume at /tmp/certs provide ca.crt", related: ["Certificate/es/external-secrets-webhook"] }],
    },
    {
      name: "a service-ca Secret alone in the external-secrets webhook's --cert-dir: no ca.crt",
      yaml: `${SERVICE_CA}
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-webhook, namespace: es}
        spec:
          template:
            metadata: {labels: {app: eso-webhook}}
            spec:
              containers:
                - name: webhook
                  image: oci.external-secrets.io/external-secrets/external-secrets:v0.18.0
                  args:
                    - webhook
                    - --dns-name=eso-webhook.es.svc
                    - --cert-dir=/tmp/certs
                  volumeMounts: [{name: certs, mountPath: /tmp/certs, readOnly: true}]
              volumes:
                - {name: certs, secret: {secretName: eso-webhook-tls}}
      `,
      findings: [
        {
          object: "Deployment/es/eso-webhook",
          messageId: "serverFilesMissing",
          line: 30,
          column: 15,
          endLine: 30,
          endColumn: 36,
          message: 'but Secret eso-webhook-tls will have no ca.crt (written by OpenShift service-ca (service.beta.openshift.io/serving-cert-secret-name on Service es/eso-webhook), with tls.crt, tls.key)',
          fix: "Mount a projected volume at /tmp/certs that adds the service CA as",
          related: ["Service/es/eso-webhook"],
        },
      ],
    },
    {
      name: "certificate file flags naming keys a cert-manager Secret does not have",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: admission, namespace: ingress}
        spec: {secretName: admission-tls, dnsNames: [admission.ingress.svc], issuerRef: {name: ca}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: controller, namespace: ingress}
        spec:
          template:
            spec:
              containers:
                - name: controller
                  image: registry.k8s.io/ingress-nginx/controller:v1.12.0
                  args:
                    - /nginx-ingress-controller
                    - --validating-webhook-certificate=/usr/local/certificates/cert
                    - --validating-webhook-key=/usr/local/certificates/key
                  volumeMounts: [{name: webhook-cert, mountPath: /usr/local/certificates/}]
              volumes: [{name: webhook-cert, secret: {secretName: admission-tls}}]
      `,
      findings: [
        { object: "Deployment/ingress/controller", messageId: "containerFilesMissing", line: 17, column: 15, endLine: 17, endColumn: 76, message: "Secret admission-tls will have no /usr/local/certificates/cert", fix: "Make the volume at /usr/local/certificates/cert provide", related: ["Certificate/ingress/admission"] },
        { object: "Deployment/ingress/controller", messageId: "containerFilesMissing", line: 18, column: 15, endLine: 18, endColumn: 67, message: "Secret admission-tls will have no /usr/local/certificates/key", fix: "Make the volume at /usr/local/certificates/key provide", related: ["Certificate/ingress/admission"] },
      ],
    },
    {
      name: "nothing mounted at the external-secrets webhook's default certificate directory",
      yaml: `
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: eso-webhook, namespace: es}
        spec:
          template:
            spec:
              containers:
                - name: webhook
                  image: ghcr.io/external-secrets/external-secrets:v0.18.0
                  args: [webhook, --dns-name=eso-webhook.es.svc]
      `,
      findings: [{ object: "Deployment/es/eso-webhook", messageId: "serverFilesMissing", line: 8, column: 11, endLine: 8, endColumn: 24, message: "tls.crt, tls.key and ca.crt: nothing is mounted at /tmp/k8s-webhook-server/serving-certs", fix: "Make the volume at /tmp/k8s-webhook-server/serving-certs provide", related: [] }],
    },
  ],
});
