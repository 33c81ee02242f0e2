import { defineRule } from "../../src/engine/rule";
import { day, describeCertificate, describePlace, isRewritten, pemPlaces } from "../../src/model/certificates";
import type { PemPlace } from "../../src/model/certificates";
import type { CertificateFacts } from "../../src/model/types";

const DAY = 86_400_000;

export default defineRule({
  meta: {
    id: "certificate-expired",
    shortDescription: "A certificate in the render has expired, or expires within the horizon.",
    fullDescription:
      "Reads every X.509 certificate the render carries: Secret keys (tls.crt, ca.crt, any PEM), ConfigMaps (CA bundles, trust anchors such as Linkerd's identityTrustAnchorsPEM), the caBundle of webhooks, conversion webhooks and APIServices, and any other field holding PEM. A certificate past its notAfter is refused by every TLS client ('x509: certificate has expired or is not yet valid'); one that expires within expiryHorizonDays (default 30) will be soon. Charts that ship certificates in values or templates (tyk-helm-chart#88, pega-helm-charts#689, linkerd2#3452) break on a date nobody watches. Values that something rewrites before anyone reads them (a Secret a cert-manager Certificate, service-ca or a known controller writes; a caBundle an injector fills; a ConfigMap an injector replaces) are not judged. An expired certificate next to valid ones in a CA bundle (a rotation left-over) is info. Validity is judged at --now, now: in the config, SOURCE_DATE_EPOCH, or the clock.",
    remediation: "Issue a new certificate (or CA) and replace the value, or let cert-manager issue and renew it (a Certificate, and cert-manager.io/inject-ca-from for caBundles).",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "certificate", "expiry"],
    precision: "very-high",
    securitySeverity: 7.0,
    messages: {
      expired: '{{place}} holds {{certificate}} that expired on {{notAfter}} ({{daysAgo}} days before {{now}}){{more}}: TLS clients reject it with "x509: certificate has expired or is not yet valid".',
      expiresSoon: "{{place}} holds {{certificate}} that expires on {{notAfter}}, in {{daysLeft}} days (the horizon is {{horizon}} days){{more}}: TLS fails on that day unless it is replaced first.",
      // Beside a valid certificate of the same subject: a left-over of a rotation.
      expiredLeftOver:
        "{{place}} holds {{certificate}} that expired on {{notAfter}} ({{daysAgo}} days before {{now}}){{more}}: the value also holds a valid certificate, so clients keep working; remove the old one.",
      expiresSoonLeftOver:
        "{{place}} holds {{certificate}} that expires on {{notAfter}}, in {{daysLeft}} days (the horizon is {{horizon}} days){{more}}: the value also holds a valid certificate, so clients keep working; remove the old one.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: { expiryHorizonDays: { type: "integer", minimum: 0, maximum: 3650, description: "Warn about certificates that expire within this many days." } },
    },
    defaultOptions: { expiryHorizonDays: 30 },
  },
  check({ model, options, settings, report }) {
    const graph = model.certificateGraph();
    const now = settings.now;
    const horizon = now + options.expiryHorizonDays * DAY;
    for (const place of pemPlaces(model)) {
      const certs = place.site.facts.certificates;
      const expired = certs.filter((c) => c.notAfter <= now);
      const soon = certs.filter((c) => c.notAfter > now && c.notAfter <= horizon);
      if (expired.length === 0 && soon.length === 0) continue;
      if (isRewritten(graph, place)) continue;
      // A bundle that also holds a valid certificate of the same subject was rotated: the expired one is a left-over.
      const leftOver = !isServedChain(place) && [...expired, ...soon].every((old) => certs.some((c) => c.subject === old.subject && c.notAfter > horizon));
      const worst = expired[0] ?? soon[0]!;
      const when: Record<string, string | number> = expired.length
        ? { notAfter: day(worst.notAfter), daysAgo: Math.floor((now - worst.notAfter) / DAY), now: day(now) }
        : { notAfter: day(worst.notAfter), daysLeft: Math.ceil((worst.notAfter - now) / DAY), horizon: options.expiryHorizonDays };
      const more = expired.length + soon.length > 1 ? ` (${others(expired, soon, worst)})` : "";
      const data = { place: capital(describePlace(place)), certificate: describeCertificate(worst), ...when, more };
      report({
        object: place.object,
        path: place.site.path,
        messageId: leftOver ? (expired.length ? "expiredLeftOver" : "expiresSoonLeftOver") : expired.length ? "expired" : "expiresSoon",
        data,
        fix: fixFor(place, leftOver, expired.length > 0),
        severity: leftOver ? "info" : expired.length ? undefined : "warning",
        rootCause: `certificate-expired:${place.site.path.join(".")}`,
      });
    }
  },
});

/** A Secret's tls.crt (or a certificate stored next to its key) is what a server presents: every certificate in it counts. */
function isServedChain(place: PemPlace): boolean {
  const key = place.site.path[place.site.path.length - 1];
  return key === "tls.crt" || (place.object.kind === "Secret" && place.site.facts.privateKeys.length > 0);
}

function others(expired: readonly CertificateFacts[], soon: readonly CertificateFacts[], worst: CertificateFacts): string {
  const parts: string[] = [];
  const e = expired.filter((c) => c !== worst).length;
  const s = soon.filter((c) => c !== worst).length;
  if (e) parts.push(`${e} more expired`);
  if (s) parts.push(`${s} more expiring within the horizon`);
  return parts.join(", ");
}

function fixFor(place: PemPlace, leftOver: boolean, expired: boolean): string {
  const what = describePlace(place);
  if (leftOver) return `Remove the ${expired ? "expired" : "expiring"} certificate from ${what}.`;
  if (place.object.kind === "Secret") return `Issue a new certificate and key and replace ${what} (or let a cert-manager Certificate with secretName ${place.object.name} issue and renew it).`;
  if (place.site.path[place.site.path.length - 1] === "caBundle") return `Replace ${what} with the current CA (base64 PEM), or let cert-manager fill it: cert-manager.io/inject-ca-from: <namespace>/<certificate>.`;
  return `Replace ${what} with a certificate that is valid (for a trust anchor, add the new CA next to the old one first, roll the workloads, then remove the old one).`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
