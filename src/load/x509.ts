import { X509Certificate, createHash, createPrivateKey, createPublicKey } from "node:crypto";
import type { CertificateFacts, PrivateKeyFacts } from "../model/types";

/**
 * X.509 certificates and private keys reduced to facts. The DER and the key material live only
 * inside these functions: callers get subject, issuer, names, validity, usages and hashes.
 */

/** A parsed certificate and its facts; the certificate object is dropped once signatures are linked (pem.ts). */
export interface ParsedCertificate {
  readonly x509: X509Certificate;
  readonly facts: CertificateFacts & { readonly signedBy: Set<string> };
}

export function parseCertificate(der: Buffer): ParsedCertificate | undefined {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch {
    return undefined;
  }
  const tbs = tbsFields(der);
  if (!tbs) return undefined;
  const subject = oneLine(x509.subject);
  const issuer = oneLine(x509.issuer);
  const names = subjectAltNames(x509.subjectAltName);
  const facts = {
    subject,
    subjectCommonName: commonName(x509.subject),
    issuer,
    dnsNames: names.dns,
    ipAddresses: names.ip,
    notBefore: tbs.notBefore,
    notAfter: tbs.notAfter,
    isCA: x509.ca,
    keyUsage: tbs.keyUsage,
    extKeyUsage: extendedKeyUsage(x509),
    fingerprint: x509.fingerprint256,
    publicKeyHash: spkiHash(x509.publicKey.export({ type: "spki", format: "der" })),
    selfSigned: subject === issuer && signs(x509, x509),
    signedBy: new Set<string>(),
  };
  return { x509, facts };
}

/**
 * Whether `issuer`'s key signed `cert` (the caller matched the names). Only the signature is
 * checked: OpenSSL's checkIssued also demands keyCertSign on the issuer, which a self-signed
 * serving certificate (Sprig's genSelfSignedCert) lacks, and yet Go trusts it as its own root.
 */
export function signs(issuer: X509Certificate, cert: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** A private key in PEM, reduced to the hash of its public key (undefined when encrypted or unreadable). */
export function privateKeyFacts(label: string, pemBlock: string): PrivateKeyFacts {
  if (label === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(pemBlock)) return { label, publicKeyHash: undefined };
  try {
    const spki = createPublicKey(createPrivateKey({ key: pemBlock, format: "pem" })).export({ type: "spki", format: "der" });
    return { label, publicKeyHash: spkiHash(spki) };
  } catch {
    return { label, publicKeyHash: undefined };
  }
}

function spkiHash(der: Buffer): string {
  return createHash("sha256").update(der).digest("hex");
}

/** "CN=a\nO=b" (Node's form) → "CN=a, O=b". */
function oneLine(dn: string): string {
  return dn.split("\n").filter(Boolean).join(", ");
}

function commonName(dn: string): string | undefined {
  const line = dn.split("\n").find((l) => l.startsWith("CN="));
  return line?.slice(3);
}

/** Node's "DNS:a, DNS:b, IP Address:10.0.0.1" (values with commas are JSON-quoted) → names. */
function subjectAltNames(san: string | undefined): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  if (!san) return { dns, ip };
  const entry = /(DNS|IP Address|[A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (const m of san.matchAll(entry)) {
    const raw = m[2]!;
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        value = raw.slice(1, -1);
      }
    }
    if (m[1] === "DNS") dns.push(value);
    else if (m[1] === "IP Address") ip.push(value);
  }
  return { dns, ip };
}

const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "2.5.29.37.0": "any",
};

/** Node calls the extended key usage `keyUsage` (OIDs); undefined when the extension is absent. */
function extendedKeyUsage(x509: X509Certificate): string[] | undefined {
  const oids = (x509 as unknown as { keyUsage?: string[] }).keyUsage;
  return oids ? oids.map((o) => EKU_NAMES[o] ?? o) : undefined;
}

// ---- The DER Node does not expose: validity as instants, and the keyUsage extension. ----

interface Tlv {
  readonly tag: number;
  /** Offset of the content. */
  readonly start: number;
  /** Offset just past the content. */
  readonly end: number;
}

function readTlv(der: Buffer, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || start + octets > limit) return undefined;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[start + i]!;
    start += octets;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : undefined;
}

function childrenOf(der: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const t = readTlv(der, at, parent.end);
    if (!t) return out;
    out.push(t);
    at = t.end;
  }
  return out;
}

const KEY_USAGE_BITS = ["digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];
const OID_KEY_USAGE = "551d0f";

/** notBefore/notAfter (epoch ms) and keyUsage from the TBSCertificate. */
function tbsFields(der: Buffer): { notBefore: number; notAfter: number; keyUsage: string[] | undefined } | undefined {
  const cert = readTlv(der, 0, der.length);
  const tbs = cert && childrenOf(der, cert)[0];
  if (!tbs) return undefined;
  const fields = childrenOf(der, tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] version is optional
  const validity = fields[offset + 3];
  if (!validity) return undefined;
  const [from, to] = childrenOf(der, validity);
  const notBefore = from && derTime(der, from);
  const notAfter = to && derTime(der, to);
  if (notBefore === undefined || notAfter === undefined) return undefined;
  let keyUsage: string[] | undefined;
  const extensions = fields.find((f) => f.tag === 0xa3);
  const list = extensions && childrenOf(der, extensions)[0];
  for (const ext of list ? childrenOf(der, list) : []) {
    const parts = childrenOf(der, ext);
    if (parts[0]?.tag !== 0x06 || der.toString("hex", parts[0].start, parts[0].end) !== OID_KEY_USAGE) continue;
    const octets = parts[parts.length - 1];
    const bits = octets && readTlv(der, octets.start, octets.end);
    if (bits?.tag !== 0x03 || bits.end - bits.start < 1) continue;
    keyUsage = [];
    for (let i = 0; i < KEY_USAGE_BITS.length; i++) {
      const byte = der[bits.start + 1 + (i >> 3)];
      if (byte !== undefined && bits.start + 1 + (i >> 3) < bits.end && byte & (0x80 >> (i & 7))) keyUsage.push(KEY_USAGE_BITS[i]!);
    }
  }
  return { notBefore, notAfter, keyUsage };
}

/** UTCTime (YYMMDDHHMMSSZ, 1950–2049) or GeneralizedTime (YYYYMMDDHHMMSSZ) → epoch ms. */
function derTime(der: Buffer, t: Tlv): number | undefined {
  const s = der.toString("latin1", t.start, t.end);
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  if (!m) return undefined;
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
