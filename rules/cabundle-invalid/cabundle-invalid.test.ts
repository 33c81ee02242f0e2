import { testRule } from "../../test/support/rule-tester";
import { b64, makeCa, makeCert, makeServing } from "../../test/support/certs";
import rule from ".";

const ca = makeCa("metrics-server CA", "2026-01-01T00:00:00Z", "2036-01-01T00:00:00Z");
const leaf = makeServing(ca, ["metrics-server.kube-system.svc"], "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
// Sprig's genSelfSignedCert: a self-signed certificate without the CA flag, used as its own bundle.
const selfSigned = makeCert({ cn: "webhook.policy.svc", dnsNames: ["webhook.policy.svc"], notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z", keyUsage: ["digitalSignature", "keyEncipherment"], extKeyUsage: ["serverAuth", "clientAuth"] });

/** metrics-server's APIService with tls.type: helm (a caBundle rendered from values or genCA). */
function apiService(caBundle: string, annotations = ""): string {
  return `
    apiVersion: apiregistration.k8s.io/v1
    kind: APIService
    metadata:
      name: v1beta1.metrics.k8s.io${annotations}
    spec:
      group: metrics.k8s.io
      version: v1beta1
      groupPriorityMinimum: 100
      versionPriority: 100
      service: {name: metrics-server, namespace: kube-system, port: 443}
      caBundle: ${caBundle}
  `;
}

const trustingDeployment = (source: string) => `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: client, namespace: apps}
    spec:
      template:
        spec:
          containers:
            - name: client
              image: example/client:1.0
              env: [{name: SSL_CERT_FILE, value: /etc/internal-ca/ca.crt}]
              volumeMounts: [{name: ca, mountPath: /etc/internal-ca}]
          volumes: [{name: ca, configMap: {name: internal-ca}}]
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: internal-ca, namespace: apps}
    data:
      ca.crt: ${source}
  `;

testRule(rule, {
  accept: [
    { name: "the CA that issued the serving certificate", yaml: apiService(b64(ca.pem)) },
    { name: "genSelfSignedCert: the certificate is its own bundle", yaml: apiService(b64(selfSigned.pem)) },
    { name: "a placeholder that cert-manager's cainjector replaces", yaml: apiService("Cg==", "\n      annotations: {cert-manager.io/inject-ca-from: kube-system/metrics-server}") },
    { name: "a CA file holding a CA", yaml: trustingDeployment(JSON.stringify(ca.pem)) },
  ],
  reject: [
    {
      name: "PEM pasted without b64enc",
      yaml: apiService(JSON.stringify(ca.pem)),
      findings: [{ object: "APIService/v1beta1.metrics.k8s.io", messageId: "notBase64", line: 11, column: 3, endLine: 11, endColumn: 13 + JSON.stringify(ca.pem).length, message: "The caBundle of APIService v1beta1.metrics.k8s.io is not base64 (PEM pasted without b64enc?): the API server refuses the object", fix: "Set it to the base64 PEM of the CA that issued the certificate the", severity: "error" }],
    },
    {
      name: "a caBundle that decodes to a line break",
      yaml: apiService("Cg=="),
      findings: [{ object: "APIService/v1beta1.metrics.k8s.io", messageId: "noCertificate", line: 11, column: 3, endLine: 11, endColumn: 17, message: "decodes to nothing but white space", fix: "Set it to the base64 PEM of the CA that issued the certificate the", severity: "error" }],
    },
    {
      name: "a caBundle holding the key instead of the CA",
      yaml: apiService(b64(ca.keyPem)),
      findings: [{ object: "APIService/v1beta1.metrics.k8s.io", messageId: "noCertificate", line: 11, column: 3, endLine: 11, endColumn: 13 + b64(ca.keyPem).length, message: "holds a private key and no certificate", fix: "Set it to the base64 PEM of the CA that issued the certificate the" }],
    },
    {
      name: "tls.crt pasted instead of ca.crt",
      yaml: apiService(b64(leaf.pem)),
      findings: [{ object: "APIService/v1beta1.metrics.k8s.io", messageId: "leafNotCa", line: 11, column: 3, endLine: 11, endColumn: 13 + b64(leaf.pem).length, message: "holds only the certificate CN=metrics-server.kube-system.svc, issued by CN=metrics-server CA, and not a CA", fix: "Set it to the base64 PEM of the CA that issued the certificate the", severity: "warning" }],
    },
    {
      name: "a mounted CA file that is a placeholder",
      yaml: trustingDeployment("changeme"),
      findings: [{ object: "ConfigMap/apps/internal-ca", messageId: "noCertificate", line: 18, column: 3, endLine: 18, endColumn: 19, message: "Key ca.crt of ConfigMap apps/internal-ca is not PEM", fix: "Put the PEM of the CA that issued the server's certificate in key", related: ["Deployment/apps/client"] }],
    },
  ],
});
