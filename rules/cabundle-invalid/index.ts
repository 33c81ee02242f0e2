import { defineRule } from "../../src/engine/rule";
import type { RelatedInput, ReportInput } from "../../src/engine/rule";
import { describeCertificate, describePlace, isCallSiteBundle, isRewritten, pemOfKey, pemPlaces } from "../../src/model/certificates";
import type { PemPlace } from "../../src/model/certificates";
import { describeObject } from "../../src/model/graph";
import type { CertificateGraph } from "../../src/model/graph";
import type { Model } from "../../src/model/model";
import type { PemFacts } from "../../src/model/types";

/** What is wrong with a bundle's content, and how bad. */
interface Verdict {
  readonly severity: "error" | "warning";
  readonly messageId: "notBase64" | "noCertificate" | "leafNotCa";
  readonly data: { readonly what: string; readonly effect?: string };
}

export default defineRule({
  meta: {
    id: "cabundle-invalid",
    shortDescription: "A caBundle or a CA file that clients trust is not PEM, holds no certificate, or holds no CA.",
    fullDescription:
      "The API server verifies webhooks, conversion webhooks and APIServices against clientConfig.caBundle (base64 of PEM); containers verify servers against the CA files their CA settings name (SSL_CERT_FILE, --tls-ca, ...). A bundle that is not base64 (PEM pasted without b64enc) makes the apply fail; one that is not PEM, or holds no certificate (a key, a placeholder, a line break), makes every call fail with 'x509: certificate signed by unknown authority' or 'unable to load root certificates'. One that holds only a server certificate issued by another CA (tls.crt pasted instead of ca.crt) works only while the server presents exactly that certificate and breaks at its first renewal. Bundles an injector, a known controller or a workload with RBAC on the object and configured with its name fills at run time are not judged, nor CA files whose Secret or ConfigMap a writer or injector replaces.",
    remediation: "Put the base64 PEM of the CA that issued the serving certificate in caBundle (| b64enc in a template), or let an injector fill it (cert-manager.io/inject-ca-from); for CA files, mount the key that holds the CA (ca.crt), not the server's certificate or key.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "certificate", "webhook", "trust-store"],
    precision: "very-high",
    securitySeverity: 6.5,
    messages: {
      notBase64: "{{where}} {{what}}: the API server refuses the object, so the apply fails.",
      noCertificate: "{{where}} {{what}}: {{effect}}.",
      leafNotCa: "{{where}} {{what}}: verification works only while the server presents exactly that certificate (a pinned leaf), and breaks at its first renewal.",
    },
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const place of pemPlaces(model)) {
      if (!isCallSiteBundle(place) || isRewritten(graph, place) || graph.rbacWritersOf(place.object).length) continue;
      const verdict = judge(place.site.facts, true);
      if (verdict) report(finding(place, verdict, []));
    }
    caFiles(model, graph, report);
  },
});

/** CA files named by containers' CA settings, judged at the Secret or ConfigMap key behind them. */
function caFiles(model: Model, graph: CertificateGraph, report: (r: ReportInput<Verdict["messageId"]>) => void): void {
  const readers = new Map<PemPlace, RelatedInput[]>();
  const places = new Map<string, PemPlace>();
  for (const ct of model.trustStores().containers) {
    for (const setting of ct.settings) {
      if (setting.purpose !== "ca" || setting.effect === "directories" || setting.carrier.kind === "java") continue;
      for (const p of setting.paths) {
        const key = p.source.key;
        if (!key || key.exists === false) continue;
        const object = model.get(key.kind, ct.workload.object.namespace, key.name);
        const site = object && pemOfKey(object, key.key);
        if (!object || !site) continue;
        const id = `${object.seq}:${key.key}`;
        const place = places.get(id) ?? { object, site };
        places.set(id, place);
        const who: RelatedInput = { object: ct.workload.object, ...(setting.reportPath ? { path: setting.reportPath } : {}), message: `container "${ct.container.name}" trusts it (${setting.label})` };
        readers.set(place, [...(readers.get(place) ?? []), who]);
      }
    }
  }
  for (const [place, who] of readers) {
    if (isRewritten(graph, place)) continue;
    const verdict = judge(place.site.facts, false);
    if (verdict) report(finding(place, verdict, who));
  }
}

function judge(facts: PemFacts, apiServer: boolean): Verdict | undefined {
  const certs = facts.certificates;
  const fails = apiServer ? 'every call fails with "x509: certificate signed by unknown authority"' : "every connection that relies on it fails to verify";
  if (facts.problems.includes("not base64")) return { severity: "error", messageId: "notBase64", data: { what: "is not base64 (PEM pasted without b64enc?)" } };
  if (certs.length === 0) {
    const what = facts.problems.includes("empty")
      ? "decodes to nothing but white space"
      : facts.problems.includes("not PEM")
        ? "is not PEM"
        : facts.problems.length
          ? `holds ${facts.problems[0]}`
          : facts.privateKeys.length
            ? "holds a private key and no certificate"
            : "holds no certificate";
    return { severity: "error", messageId: "noCertificate", data: { what, effect: fails } };
  }
  if (certs.some((c) => c.isCA || c.selfSigned)) return undefined;
  return {
    severity: "warning",
    messageId: "leafNotCa",
    data: { what: `holds only ${certs.length === 1 ? describeCertificate(certs[0]!) : `${certs.length} server certificates`}, issued by ${certs[0]!.issuer || "another CA"}, and not a CA` },
  };
}

function finding(place: PemPlace, v: Verdict, related: RelatedInput[]): ReportInput<Verdict["messageId"]> {
  const where = describePlace(place);
  return {
    object: place.object,
    path: place.site.path,
    messageId: v.messageId,
    data: { where: `${where.charAt(0).toUpperCase()}${where.slice(1)}`, ...v.data },
    fix: isCallSiteBundle(place)
      ? `Set it to the base64 PEM of the CA that issued the certificate the Service presents (in a template: {{ $ca.Cert | b64enc }}), or remove it and let an injector fill it (cert-manager.io/inject-ca-from: <namespace>/<certificate> on ${describeObject(place.object)}).`
      : `Put the PEM of the CA that issued the server's certificate in ${where} (cert-manager writes it as ca.crt), or point the setting at a key that holds it.`,
    related,
    ...(v.severity === "warning" ? { severity: "warning" as const } : {}),
    rootCause: `cabundle-invalid:${place.site.path.join(".")}`,
  };
}
