import { defineRule } from "../../src/engine/rule";
import type { RelatedInput } from "../../src/engine/rule";
import { ISTIO_ORIGINATING_MODES, NGINX, NGINX_PROXY_SSL_CA_KEY, NGINX_TLS_BACKEND_PROTOCOLS, NGINX_VERIFY_ON } from "../../src/knowledge/edges";
import type { IngressEdge } from "../../src/model/edges";
import { describeObject, splitRef } from "../../src/model/graph";
import type { Model } from "../../src/model/model";
import type { ReportInput } from "../../src/engine/rule";

const MESSAGES = {
  istioUnverified:
    "{{object}} originates TLS (mode {{mode}}) to {{host}}{{scope}} without caCertificates or credentialName: Istio before 1.20 (or with VERIFY_CERTIFICATE_AT_CLIENT=false) accepts any certificate, later versions check it only against the proxy's public roots (istio#25652).",
  nginxUnverified: `{{object}} makes ingress-nginx speak {{protocol}} to {{backends}} without ${NGINX.proxySslVerify}: "on", so nginx encrypts but accepts any certificate from the backend (ingress-nginx#7083, #4503).`,
  nginxVerifyWithoutSecret: `{{object}} sets ${NGINX.proxySslVerify}: "on" without ${NGINX.proxySslSecret}: ingress-nginx has no CA to verify {{backends}} with, so the backend connection fails (ingress-nginx#6659).`,
  nginxSecretNotNamespaced: `${NGINX.proxySslSecret}: "{{value}}" is not "namespace/name": ingress-nginx ignores it, so proxy-ssl-verify has no CA and the backend connection fails (ingress-nginx#6659).`,
  nginxSecretWithoutCa: `${NGINX.proxySslSecret} names Secret {{namespace}}/{{name}}, which will hold {{keys}} but not ${NGINX_PROXY_SSL_CA_KEY}: ingress-nginx reads the backend CA only from ${NGINX_PROXY_SSL_CA_KEY}, so verification of {{backends}} fails.`,
} as const;

export default defineRule({
  meta: {
    id: "backend-tls-unverified",
    shortDescription: "An ingress or mesh proxy encrypts to its backend but does not verify the backend's certificate.",
    fullDescription:
      "Re-encrypting proxies often speak TLS to the backend without authenticating it. ingress-nginx with nginx.ingress.kubernetes.io/backend-protocol: HTTPS or GRPCS verifies nothing unless proxy-ssl-verify is \"on\" (warning; ingress-nginx#7083, #4503). With proxy-ssl-verify: \"on\", proxy-ssl-secret must be \"namespace/name\" of a Secret that holds ca.crt (ingress-nginx#6659): a missing annotation, a value without a namespace or a Secret whose writers will not put ca.crt in it leaves the location without a CA, so every request fails (error). An Istio DestinationRule with tls.mode SIMPLE or MUTUAL and neither caCertificates nor credentialName does not verify the upstream on Istio before 1.20 or with VERIFY_CERTIFICATE_AT_CLIENT=false, and on later versions checks it only against the proxy's public roots (warning; istio#25652).",
    remediation: "Give the proxy the backend's CA: proxy-ssl-verify: \"on\" with proxy-ssl-secret: <namespace>/<secret with ca.crt> (and proxy-ssl-name), or tls.caCertificates / credentialName (with ca.crt) and subjectAltNames on the DestinationRule.",
    severity: "warning",
    incident: "k",
    tags: ["security", "tls", "verification", "ingress", "istio"],
    precision: "high",
    securitySeverity: 6.5,
    messages: MESSAGES,
  },
  check({ model, report }) {
    for (const ing of model.edges().ingresses) nginxBackend(model, ing, report);
    for (const tls of model.edges().clientTls) {
      if (!tls.mode || !ISTIO_ORIGINATING_MODES.has(tls.mode.value)) continue;
      // insecureSkipVerify is tls-verification-disabled's finding.
      if (tls.caCertificates || tls.credentialName || tls.insecureSkipVerify) continue;
      const scope = tls.port !== undefined ? ` (port ${tls.port})` : tls.subset ? ` (subset ${tls.subset})` : "";
      report({
        object: tls.rule,
        path: tls.mode.path,
        messageId: "istioUnverified",
        data: { object: describeObject(tls.rule), mode: tls.mode.value, host: tls.host.value, scope },
        fix: `Add tls.caCertificates (a CA file in the proxy) or tls.credentialName (a Secret with ca.crt in the proxy's namespace), and subjectAltNames listing the name in ${tls.host.value}'s certificate.`,
        rootCause: `backend-tls:${tls.rule.seq}:${tls.path.join(".")}`,
      });
    }
  },
});

function nginxBackend(model: Model, ing: IngressEdge, report: (r: ReportInput<keyof typeof MESSAGES>) => void): void {
  const { protocol, verify, secret } = ing.nginx;
  if (!protocol || !NGINX_TLS_BACKEND_PROTOCOLS.has(protocol.value.toUpperCase())) return;
  const o = ing.object;
  const backends = [...new Set(ing.backends.map((b) => `${b.namespace}/${b.name}`))].join(", ") || "its backends";
  if (verify?.value.toLowerCase() !== NGINX_VERIFY_ON) {
    report({
      object: o,
      path: protocol.path,
      messageId: "nginxUnverified",
      data: { object: describeObject(o), protocol: protocol.value.toUpperCase(), backends },
      fix: `Add ${NGINX.proxySslVerify}: "on" and ${NGINX.proxySslSecret}: "<namespace>/<secret>" naming a Secret with ${NGINX_PROXY_SSL_CA_KEY} (the backend's CA), and ${NGINX.proxySslName} with a name in the backend certificate.`,
      rootCause: `backend-tls:${o.seq}:nginx`,
    });
    return;
  }
  const fix = `Set ${NGINX.proxySslSecret}: "${o.namespace ?? "<namespace>"}/<secret>" naming a Secret whose ${NGINX_PROXY_SSL_CA_KEY} holds the backend's CA (a cert-manager Certificate's Secret has it).`;
  if (!secret?.value) {
    report({ object: o, path: verify.path, severity: "error", messageId: "nginxVerifyWithoutSecret", data: { object: describeObject(o), backends }, fix, rootCause: `backend-tls:${o.seq}:nginx` });
    return;
  }
  const ref = splitRef(secret.value);
  if (!ref) {
    report({ object: o, path: secret.path, severity: "error", messageId: "nginxSecretNotNamespaced", data: { value: secret.value }, fix, rootCause: `backend-tls:${o.seq}:nginx` });
    return;
  }
  const keys = model.secretFacts(ref.namespace, ref.name)?.keys;
  if (!keys || keys.has(NGINX_PROXY_SSL_CA_KEY)) return;
  const related: RelatedInput[] = model.edges().secretWriters(ref.namespace, ref.name).map((w) => ({ object: w.object, path: w.path, message: `writes Secret ${ref.namespace}/${ref.name} with ${w.keys.join(", ") || "no keys"}` }));
  report({
    object: o,
    path: secret.path,
    severity: "error",
    messageId: "nginxSecretWithoutCa",
    data: { namespace: ref.namespace, name: ref.name, keys: [...keys].sort().join(", ") || "no keys", backends },
    fix: `Put the backend's CA under ${NGINX_PROXY_SSL_CA_KEY} in Secret ${ref.namespace}/${ref.name}, or point ${NGINX.proxySslSecret} at a Secret that has it.`,
    related,
    rootCause: `backend-tls:${o.seq}:nginx`,
  });
}
