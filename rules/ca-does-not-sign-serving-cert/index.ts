import { defineRule } from "../../src/engine/rule";
import type { RelatedInput, ReportInput } from "../../src/engine/rule";
import { anchoredInRender, describeCertificate, describePlace, isRewritten, pemAt, pemOfKey, verifyChain } from "../../src/model/certificates";
import type { ChainVerdict, PemPlace } from "../../src/model/certificates";
import { dialsTls, serviceDials } from "../../src/model/edges";
import { describeObject } from "../../src/model/graph";
import type { CallSite, LiteralServingCertificate, CertificateGraph } from "../../src/model/graph";
import type { Model } from "../../src/model/model";
import { certainlyIgnored } from "../../src/model/trust";
import type { CaSetting } from "../../src/model/trust";
import type { CertificateFacts } from "../../src/model/types";

type MessageId = "apiServerCannotVerify" | "clientCannotVerify";
type Report = (r: ReportInput<MessageId>) => void;

/** CA flags that configure what a server trusts from its clients, not what a client trusts. */
const SERVER_SIDE_CA_FLAGS = new Set(["--client-ca-file"]);

export default defineRule({
  meta: {
    id: "ca-does-not-sign-serving-cert",
    shortDescription: "The CA a client trusts does not sign the certificate the server presents, both written in the render.",
    fullDescription:
      "When the render holds both sides, checks trust as a TLS client does: a webhook's, conversion webhook's or APIService's literal caBundle against the literal certificate (tls.crt, or the file its server setting names) in the Secret the Service's pods serve from; and the CA files a client container trusts (SSL_CERT_FILE; a CA flag when it dials one TLS Service; NODE_EXTRA_CA_CERTS for a chain ending in the render) against the literal certificate of each in-cluster Service it dials over TLS. The certificate verifies when it is itself trusted, or when signatures lead from it through the intermediates it presents to a trusted certificate; signatures are checked at load time; only the link is kept. A CA generated twice (genCA in two templates, or on every upgrade) has the right name and the wrong key, and every call fails with 'x509: certificate signed by unknown authority'. Bundles and Secrets an injector, cert-manager, service-ca or a controller fills are not judged.",
    remediation:
      "Trust the CA that issued the server's certificate: generate the CA once and sign the serving certificate with it in the same template ($ca := genCA; genSignedCert ... $ca; caBundle: $ca.Cert | b64enc), or let cert-manager issue the certificate and inject its CA (cert-manager.io/inject-ca-from).",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "certificate", "webhook", "cross-object"],
    precision: "very-high",
    securitySeverity: 7.0,
    messages: {
      apiServerCannotVerify:
        '{{where}} does not verify the certificate Service {{service}} presents ({{certificate}} in key {{key}} of Secret {{secret}}): {{why}}. The API server\'s calls for {{site}} fail with "x509: certificate signed by unknown authority"{{effect}}.',
      clientCannotVerify:
        '{{setting}} in container "{{container}}" trusts {{trusted}}, which does not verify the certificate Service {{service}} presents ({{certificate}} in key {{key}} of Secret {{secret}}): {{why}}. Its calls to {{host}} ({{what}}) fail with "x509: certificate signed by unknown authority".',
    },
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    apiServerCalls(graph, report);
    clientCalls(model, graph, report);
  },
});

/** Webhooks, conversion webhooks and APIServices whose literal caBundle does not verify the Service's literal certificate. */
function apiServerCalls(graph: CertificateGraph, report: Report): void {
  for (const site of graph.callSites) {
    if (!site.service || site.caBundle === undefined || site.insecureSkipTLSVerify) continue;
    const bundleSite = pemAt(site.object, site.caBundlePath);
    const place: PemPlace | undefined = bundleSite && { object: site.object, site: bundleSite };
    // An empty or unreadable bundle is cabundle-invalid's; one something rewrites is not what the API server will hold.
    if (!place || place.site.facts.certificates.length === 0 || isRewritten(graph, place) || graph.rbacWritersOf(site.object).length) continue;
    const service = graph.service(site.service.namespace, site.service.name);
    if (!service) continue;
    for (const served of graph.literalServingCertificates(service)) {
      const verdict = verifyChain(place.site.facts.certificates, served.site.facts.certificates);
      if (verdict.verified) continue;
      const where = describePlace(place);
      report({
        object: site.object,
        path: site.caBundlePath,
        messageId: "apiServerCannotVerify",
        data: {
          where: `${where.charAt(0).toUpperCase()}${where.slice(1)}`,
          service: describeName(service.namespace, service.name),
          ...servedData(served),
          why: why(verdict, place.site.facts.certificates),
          site: site.label,
          effect: effectOf(site),
        },
        fix: `Set the caBundle to the base64 PEM of the CA that issued key ${served.key} of Secret ${served.secret.name} (in a template, generate the CA once and use it for both: $ca := genCA ...; genSignedCert ... $ca; caBundle: {{ $ca.Cert | b64enc }}), or issue the certificate with cert-manager and let cainjector fill the caBundle (cert-manager.io/inject-ca-from).`,
        related: [
          { object: served.secret, path: served.site.path, message: `the certificate ${site.service.name} presents (${servedVia(served)})` },
          { object: service, path: ["metadata", "name"], message: "the Service the API server calls" },
        ],
        rootCause: `ca-does-not-sign:${site.caBundlePath.join(".")}:${served.secret.seq}`,
      });
    }
  }
}

/** Client containers whose CA files do not verify the literal certificate of a Service they dial over TLS. */
function clientCalls(model: Model, graph: CertificateGraph, report: Report): void {
  const stores = model.trustStores();
  const done = new Set<string>();
  for (const workload of model.workloads) {
    const tlsDials = serviceDials(model, workload).filter((d) => dialsTls(d.service, d.scheme, d.port));
    for (const dial of tlsDials) {
      const served = graph.literalServingCertificates(dial.service);
      if (served.length === 0) continue;
      const ct = stores.of(dial.container);
      if (!ct) continue;
      const files = trustedFiles(model, graph, ct.settings, workload.object.namespace);
      if (!files) continue;
      for (const s of served) {
        const chain = s.site.facts.certificates;
        // A CA flag configures one connection: it is this dial's only when the container dials no other TLS Service.
        const oneTlsService = new Set(tlsDials.filter((d) => d.container === dial.container).map((d) => d.service)).size === 1;
        // A file added to the system roots fails only for a chain no public root can verify.
        const relevant = files.filter((f) => (f.setting.effect !== "adds" || anchoredInRender(chain)) && (f.setting.effect !== "connection" || oneTlsService));
        if (relevant.length === 0) continue;
        const verdicts = relevant.map((f) => verifyChain(f.certificates, chain));
        if (verdicts.some((v) => v.verified)) continue;
        const first = relevant[0]!;
        const id = `${workload.object.seq}:${first.setting.rootCause}:${s.secret.seq}`;
        if (done.has(id)) continue;
        done.add(id);
        const trusted = relevant.flatMap((f) => f.certificates);
        report({
          object: workload.object,
          path: first.setting.reportPath!,
          messageId: "clientCannotVerify",
          data: {
            setting: first.setting.label,
            container: dial.container.name,
            trusted: `${describeCertificates(trusted)} (${relevant.map((f) => describePlace(f.place)).join("; ")})`,
            service: describeName(dial.service.namespace, dial.service.name),
            ...servedData(s),
            why: why(verdicts[0]!, trusted),
            host: dial.host,
            what: dial.what,
          },
          fix: `Put the CA that issued key ${s.key} of Secret ${s.secret.name} in ${describePlace(first.place)} (cert-manager writes it as ca.crt beside the certificate), or serve a certificate that CA signed.`,
          related: [
            ...relevant.map((f): RelatedInput => ({ object: f.place.object, path: f.place.site.path, message: `the CA file ${f.setting.label} names` })),
            { object: s.secret, path: s.site.path, message: `the certificate Service ${dial.service.name} presents (${servedVia(s)})` },
            { object: workload.object, path: dial.path, message: `dials ${dial.host}` },
          ],
          rootCause: `ca-does-not-sign:${first.setting.rootCause}:${s.secret.seq}`,
        });
      }
    }
  }
}

interface TrustedFile {
  readonly setting: CaSetting;
  readonly place: PemPlace;
  readonly certificates: readonly CertificateFacts[];
}

/**
 * The CA files a client container trusts, each a literal PEM value of the render; undefined when
 * any CA setting in force names a file the render does not hold as such (then what the
 * container trusts is not known, and nothing is judged).
 */
function trustedFiles(model: Model, graph: CertificateGraph, settings: readonly CaSetting[], namespace: string | undefined): TrustedFile[] | undefined {
  const out: TrustedFile[] = [];
  for (const setting of settings) {
    if (setting.purpose !== "ca" || setting.carrier.kind === "java" || setting.effect === "directories" || certainlyIgnored(setting)) continue;
    if (setting.carrier.kind === "flag" && SERVER_SIDE_CA_FLAGS.has(setting.carrier.flag)) continue;
    if (!setting.reportPath) return undefined;
    for (const p of setting.paths) {
      const key = p.source.key;
      const object = key && key.exists !== false ? model.get(key.kind, namespace, key.name) : undefined;
      const site = object && pemOfKey(object, key!.key);
      if (!object || !site || site.facts.certificates.length === 0) return undefined;
      const place = { object, site };
      if (isRewritten(graph, place)) return undefined;
      out.push({ setting, place, certificates: site.facts.certificates });
    }
  }
  return out.length ? out : undefined;
}

function servedData(s: LiteralServingCertificate): { certificate: string; key: string; secret: string } {
  return { certificate: describeCertificate(s.site.facts.certificates[0]!), key: s.key, secret: describeName(s.secret.namespace, s.secret.name) };
}

function servedVia(s: LiteralServingCertificate): string {
  return `container "${s.via.container.name}" of ${describeObject(s.workload.object)} serves it through ${s.via.text}`;
}

function why(v: ChainVerdict, trusted: readonly CertificateFacts[]): string {
  if (v.verified) return "";
  if (v.reason === "selfSigned") return `it is self-signed (${v.issuer || "an empty name"}) and is not among the trusted certificates`;
  if (v.reason === "untrustedRoot") return `its chain ends at the root ${v.issuer || "with an empty name"}, which is not among the trusted certificates (${describeCertificates(trusted)})`;
  if (v.reason === "sameName") return `it was issued by ${v.issuer}, and the trusted ${v.issuer} has the same name but another key (a CA generated twice, e.g. genCA in two templates or on each upgrade)`;
  return `it was issued by ${v.issuer || "an empty name"}, and the trusted certificates are ${describeCertificates(trusted)}`;
}

function describeCertificates(certs: readonly CertificateFacts[]): string {
  const names = [...new Set(certs.map((c) => (c.subjectCommonName ? `CN=${c.subjectCommonName}` : c.subject || "an empty name")))];
  return names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
}

function effectOf(site: CallSite): string {
  if (site.kind === "admission") return site.failurePolicy === "Ignore" ? " (failurePolicy Ignore: the webhook is skipped, silently)" : " (failurePolicy Fail: every request it intercepts is rejected)";
  if (site.kind === "conversion") return " (every read and write of another version of the resource fails)";
  return " (the aggregated API is unavailable)";
}

function describeName(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
