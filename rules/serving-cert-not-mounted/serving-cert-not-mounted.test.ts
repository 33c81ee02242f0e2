import { testRule } from "../../test/support/rule-tester";
import rule from ".";

const SERVICE = `
        apiVersion: v1
        kind: Service
        metadata:
          name: eso-webhook
          namespace: es
          annotations:
            service.beta.openshift.io/serving-cert-secret-name: eso-webhook-tls
        spec:
          selector: {app: eso-webhook}
          ports: [{port: 443, targetPort: 10250}]
        ---
        `;

testRule(rule, {
  accept: [
    {
      name: "the service-ca Secret projected into the webhook's --cert-dir",
      yaml: `${SERVICE}
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
      name: "pods outside the render, and a pod whose server settings are unknown",
      yaml: `
        apiVersion: v1
        kind: Service
        metadata:
          name: elsewhere
          namespace: team
          annotations: {service.beta.openshift.io/serving-cert-secret-name: elsewhere-tls}
        spec: {selector: {app: elsewhere}}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: nginx
          namespace: team
          annotations: {service.beta.openshift.io/serving-cert-secret-name: nginx-tls}
        spec: {selector: {app: nginx}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: nginx, namespace: team}
        spec:
          template:
            metadata: {labels: {app: nginx}}
            spec:
              containers:
                - name: nginx
                  image: nginx:1.27
                  volumeMounts: [{name: tls, mountPath: /etc/nginx/tls}]
              volumes: [{name: tls, secret: {secretName: nginx-tls}}]
      `,
    },
  ],
  reject: [
    {
      name: "no selected pod mounts the Secret",
      yaml: `${SERVICE}
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
                  volumeMounts: [{name: certs, mountPath: /tmp/certs}]
              volumes:
                - {name: certs, secret: {secretName: eso-webhook}}
      `,
      findings: [{ object: "Service/es/eso-webhook", messageId: "secretNotMounted", line: 7, column: 5, endLine: 7, endColumn: 72, message: "no pod it selects (Deployment es/eso-webhook) mounts that Secret", fix: "Mount Secret eso-webhook-tls into the server container at /tmp/certs:", related: ["Deployment/es/eso-webhook"] }],
    },
    {
      name: "mounted, but not where --cert-dir looks",
      yaml: `${SERVICE}
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
                  volumeMounts:
                    - {name: certs, mountPath: /tmp/certs}
                    - {name: serving, mountPath: /etc/serving-cert, readOnly: true}
              volumes:
                - {name: certs, emptyDir: {}}
                - {name: serving, secret: {secretName: eso-webhook-tls}}
      `,
      findings: [
        {
          object: "Service/es/eso-webhook",
          messageId: "servedFromElsewhere",
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 72,
          message: "is mounted at /etc/serving-cert in container \"webhook\" of Deployment es/eso-webhook, but the server reads its certificate from --cert-dir=/tmp/certs",
          fix: "Mount Secret eso-webhook-tls where the server looks",
          related: ["Deployment/es/eso-webhook", "Deployment/es/eso-webhook"],
        },
      ],
    },
  ],
});
