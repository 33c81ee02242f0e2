import { crypto } from "../util/on-demand";
import type { CertificateFacts, JsonPath, PemFacts, PemSite, PrivateKeyFacts } from "../model/types";
import { parseCertificate, privateKeyFacts, signs } from "./x509";
import type { ParsedCertificate } from "./x509";

/**
 * Finds the PEM in loaded objects and turns it into facts (certificates, private keys, what is
 * wrong) before Secret values are dropped. Bodies and keys exist only while a value is read.
 */

const BEGIN = "-----BEGIN ";
const END = "-----END ";
/** "-----BEGIN" in base64, as a value that is base64 of PEM starts. */
const BASE64_BEGIN = "LS0tLS1CRUdJTi";
const LABEL = /^([A-Z0-9 ]{1,60})-----/;

/**
 * Collects certificates across the objects of one load, so that which certificate signed which
 * is decided while the bodies exist (CertificateFacts.signedBy), then forgotten.
 */
export class PemCollector {
  private readonly parsed: ParsedCertificate[] = [];
  /**
   * Each certificate once per load, by the hash of its DER (never the body): a CA copied into
   * every namespace's ConfigMap and webhook is parsed once, and garbage once (null).
   */
  private readonly byDer = new Map<string, ParsedCertificate | null>();

  /** Facts about a value that holds (or claims to hold) PEM. */
  read(text: string): PemFacts {
    const certificates: CertificateFacts[] = [];
    const privateKeys: PrivateKeyFacts[] = [];
    const problems: string[] = [];
    let at = text.indexOf(BEGIN);
    if (at < 0) return { certificates, privateKeys, problems: [text.trim() ? "not PEM" : "empty"] };
    // Linear scan: each BEGIN is paired with the next END; a BEGIN before that END is unterminated.
    while (at >= 0) {
      const label = LABEL.exec(text.slice(at + BEGIN.length, at + BEGIN.length + 66))?.[1];
      const next = text.indexOf(BEGIN, at + BEGIN.length);
      const end = text.indexOf(END, at + BEGIN.length);
      if (!label) {
        problems.push("a BEGIN line without a label");
      } else if (end < 0 || (next >= 0 && next < end)) {
        problems.push(`a ${label} block without its END line`);
      } else {
        const bodyStart = at + BEGIN.length + label.length + 5;
        const endLabel = LABEL.exec(text.slice(end + END.length, end + END.length + 66))?.[1];
        if (endLabel !== label) problems.push(`a ${label} block whose END line says ${endLabel ?? "something else"}`);
        else this.block(label, text.slice(bodyStart, end), certificates, privateKeys, problems);
      }
      at = next;
    }
    return { certificates, privateKeys, problems };
  }

  /** Facts about a base64 value (Secret data, binaryData, caBundle). */
  readBase64(value: string): PemFacts {
    const compact = value.replace(/\s+/g, "");
    if (!compact) return { certificates: [], privateKeys: [], problems: ["empty"] };
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return { certificates: [], privateKeys: [], problems: ["not base64"] };
    return this.read(Buffer.from(compact, "base64").toString("latin1"));
  }

  private block(label: string, body: string, certificates: CertificateFacts[], privateKeys: PrivateKeyFacts[], problems: string[]): void {
    if (label === "CERTIFICATE" || label === "TRUSTED CERTIFICATE") {
      // Node's base64 decoder skips the line breaks itself.
      const decoded = Buffer.from(body, "base64");
      // OpenSSL's TRUSTED CERTIFICATE is the certificate followed by trust settings: keep the certificate.
      const der = label === "TRUSTED CERTIFICATE" ? firstElement(decoded) : decoded;
      const key = crypto().createHash("sha256").update(der).digest("hex");
      let p = this.byDer.get(key);
      if (p === undefined) {
        p = parseCertificate(der) ?? null;
        this.byDer.set(key, p);
        if (p) this.parsed.push(p);
      }
      if (!p) {
        problems.push(`a ${label} block that is not an X.509 certificate`);
        return;
      }
      certificates.push(p.facts);
      return;
    }
    if (label.endsWith("PRIVATE KEY")) privateKeys.push(privateKeyFacts(label, `${BEGIN}${label}-----${body}${END}${label}-----\n`));
  }

  /**
   * Links each certificate to the certificates of this load that signed it (issuer name equal to
   * their subject, signature verified), then drops every parsed body.
   */
  linkSignatures(): void {
    const bySubject = new Map<string, ParsedCertificate[]>();
    for (const p of this.parsed) {
      let list = bySubject.get(p.facts.subject);
      if (!list) bySubject.set(p.facts.subject, (list = []));
      if (!list.some((q) => q.facts.fingerprint === p.facts.fingerprint)) list.push(p);
    }
    // Each certificate is parsed once per load (byDer), so each is checked once.
    for (const p of this.parsed) {
      for (const issuer of bySubject.get(p.facts.issuer) ?? []) {
        if (signs(issuer, p)) p.facts.signedBy.add(issuer.facts.fingerprint);
      }
    }
    this.parsed.length = 0;
    this.byDer.clear();
  }
}

/** The first DER element of a buffer (a certificate followed by OpenSSL trust settings). */
function firstElement(der: Buffer): Buffer {
  if (der.length < 2) return der;
  let length = der[1]!;
  let start = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[2 + i] ?? 0);
    start += octets;
  }
  return der.subarray(0, Math.min(der.length, start + length));
}

/** Whether a document's text may hold PEM anywhere outside a Secret (cheap test before a walk). */
export function mayHoldPem(text: string): boolean {
  return text.includes(BEGIN) || text.includes(BASE64_BEGIN) || text.includes("caBundle");
}

const CERT_KEY = /\.(?:crt|pem|cer|key)$|^ca-?bundle$/i;

/**
 * The PEM sites of a non-Secret object: every `caBundle` (base64), ConfigMap `binaryData` that
 * decodes to PEM, and any string that holds PEM (or base64 of PEM). A private key found this
 * way is blanked in the object, so that no key stays in the model.
 */
export function pemSitesOf(kind: string, raw: Record<string, unknown>, collector: PemCollector): PemSite[] {
  const sites: PemSite[] = [];
  const visit = (value: unknown, path: (string | number)[], depth: number): void => {
    if (depth > 200) return;
    if (typeof value === "string") {
      const key = path[path.length - 1];
      let site: PemSite | undefined;
      if (key === "caBundle" || (kind === "ConfigMap" && path[0] === "binaryData" && path.length === 2)) {
        if (value.trim()) site = { path: [...path], encoding: "base64", facts: collector.readBase64(value) };
      } else if (value.includes(BEGIN)) {
        site = { path: [...path], encoding: "text", facts: collector.read(value) };
      } else if (value.startsWith(BASE64_BEGIN)) {
        site = { path: [...path], encoding: "base64", facts: collector.readBase64(value) };
      } else if (kind === "ConfigMap" && path[0] === "data" && path.length === 2 && typeof key === "string" && CERT_KEY.test(key) && value.trim()) {
        site = { path: [...path], encoding: "text", facts: collector.read(value) };
      }
      if (site) {
        sites.push(site);
        if (site.facts.privateKeys.length) blank(raw, path);
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i], depth + 1));
      return;
    }
    if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, [...path, k], depth + 1);
    }
  };
  visit(raw, [], 0);
  return sites;
}

function blank(raw: Record<string, unknown>, path: JsonPath): void {
  let parent: unknown = raw;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
  (parent as Record<string | number, unknown>)[path[path.length - 1]!] = "";
}

/** Secret keys whose value should be a certificate or key even when it is not PEM. */
export function isCertificateKey(key: string): boolean {
  return CERT_KEY.test(key);
}
