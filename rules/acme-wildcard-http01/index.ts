import { defineRule } from "../../src/engine/rule";
import { describeObject } from "../../src/model/graph";
import { acmeOf, acmeSolvers, issuerRequests, resolveIssuer, solversFor } from "../../src/model/issuers";

export default defineRule({
  meta: {
    id: "acme-wildcard-http01",
    shortDescription: "A wildcard name is requested from an ACME issuer whose solvers for it offer no DNS-01.",
    fullDescription:
      "ACME CAs (Let's Encrypt and others) validate a wildcard name (*.example.com) only with the DNS-01 challenge. When a Certificate, an ingress-shim Ingress (tls.hosts) or a gateway-shim Gateway (listener hostname) asks an ACME Issuer or ClusterIssuer for a wildcard, and the solvers cert-manager selects for that name (by dnsNames, then the longest dnsZones, then labels, then the solvers without a selector) are all HTTP-01, the order fails ('no configured challenge solvers can be used for this challenge', cert-manager#757, #3181) and the Secret is never written.",
    remediation: "Add a dns01 solver that selects the wildcard (selector.dnsZones: [example.com]), or ask for the names one by one instead of a wildcard.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "certificate", "cert-manager", "acme", "cross-object"],
    precision: "very-high",
    securitySeverity: 5.0,
    messages: {
      wildcardHttp01Only:
        "{{object}} asks the ACME {{issuer}} for {{name}}, and the solvers it selects for that name ({{solvers}}) offer only HTTP-01: ACME validates a wildcard only with DNS-01, so the order fails and the certificate is never issued.",
    },
  },
  check({ model, report }) {
    for (const request of issuerRequests(model)) {
      const wildcards = request.names.filter((n) => n.name.startsWith("*."));
      if (wildcards.length === 0) continue;
      const issuer = resolveIssuer(model, request);
      if (!issuer || !acmeOf(issuer)) continue;
      const solvers = acmeSolvers(issuer);
      for (const w of wildcards) {
        const chosen = solversFor(solvers, w.name, request.labels);
        if (chosen.length === 0 || chosen.some((s) => s.type !== "http01")) continue;
        report({
          object: request.object,
          path: w.path,
          messageId: "wildcardHttp01Only",
          data: { object: describeObject(request.object), issuer: describeObject(issuer), name: w.name, solvers: chosen.map((s) => `solvers[${s.index}]`).join(", ") },
          fix: `Add a dns01 solver to ${describeObject(issuer)} that selects ${w.name} (selector: {dnsZones: [${w.name.slice(2)}]}), or list the names without a wildcard.`,
          related: chosen.map((s) => ({ object: issuer, path: ["spec", "acme", "solvers", s.index], message: "an HTTP-01 solver selected for the wildcard" })),
          rootCause: `acme-wildcard:${w.name}`,
        });
      }
    }
  },
});
