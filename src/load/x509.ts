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
    publicKeyHash: tbs.publicKeyHash ?? spkiHash(x509.publicKey.export({ type: "spki", format: "der" })),
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
    // RSA and EC keys that carry their public key are read from the DER: OpenSSL 3's key
    // decoder costs about half a millisecond a key, most of a render's X.509 facts (issue 13's
    // bench). Anything else (Ed25519, a compressed or missing EC point) goes through OpenSSL.
    const own = publicKeyOfPrivateKey(label, pemBlock);
    if (own) return { label, publicKeyHash: spkiHash(own) };
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
  /** Offset of the tag byte. */
  readonly at: number;
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
  return end <= limit ? { tag, at, start, end } : undefined;
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

/**
 * notBefore/notAfter (epoch ms), keyUsage and the public key's hash (when canonicalSpki can read
 * it; else the caller asks OpenSSL) from the TBSCertificate.
 */
function tbsFields(der: Buffer): { notBefore: number; notAfter: number; keyUsage: string[] | undefined; publicKeyHash: string | undefined } | undefined {
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
  const spki = fields[offset + 5];
  const canonical = spki?.tag === 0x30 ? canonicalSpki(der, spki) : undefined;
  return { notBefore, notAfter, keyUsage, publicKeyHash: canonical && spkiHash(canonical) };
}

// ---- Public keys without OpenSSL: the SubjectPublicKeyInfo DER that OpenSSL would export. ----

const OID_EC_PUBLIC_KEY = "2a8648ce3d0201";
const OID_RSA_ENCRYPTION = "2a864886f70d010101";

/**
 * A SubjectPublicKeyInfo re-encoded as OpenSSL's i2d_PUBKEY writes it (what
 * `KeyObject.export({type: "spki"})` returns), for an RSA key (rsaEncryption, NULL parameters)
 * or an EC key on a named curve with an uncompressed point; undefined for anything else, which
 * the caller hands to OpenSSL. Certificates and private keys both go through here (or both
 * through OpenSSL), so their hashes compare (test/unit/x509-facts.test.ts checks them against
 * node:crypto's export).
 */
function canonicalSpki(der: Buffer, spki: Tlv): Buffer | undefined {
  const [algorithm, key] = childrenOf(der, spki);
  if (algorithm?.tag !== 0x30 || key?.tag !== 0x03 || key.end - key.start < 2 || der[key.start] !== 0) return undefined;
  const [oid, params] = childrenOf(der, algorithm);
  if (oid?.tag !== 0x06) return undefined;
  const oidHex = der.toString("hex", oid.start, oid.end);
  const bits = der.subarray(key.start + 1, key.end);
  if (oidHex === OID_EC_PUBLIC_KEY) return params?.tag === 0x06 ? ecSpki(der.subarray(params.start, params.end), bits) : undefined;
  if (oidHex !== OID_RSA_ENCRYPTION || (params && (params.tag !== 0x05 || params.end !== params.start))) return undefined;
  const rsa = readTlv(bits, 0, bits.length);
  const [n, e] = rsa?.tag === 0x30 && rsa.end === bits.length ? childrenOf(bits, rsa) : [];
  return n?.tag === 0x02 && e?.tag === 0x02 ? rsaSpki(bits.subarray(n.start, n.end), bits.subarray(e.start, e.end)) : undefined;
}

/** The SPKI of a private key in PEM (PKCS#8, SEC1 "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY"), when it is RSA or carries its EC point. */
export function publicKeyOfPrivateKey(label: string, pemBlock: string): Buffer | undefined {
  const body = pemBlock.slice(pemBlock.indexOf("-----", 11) + 5, pemBlock.lastIndexOf("-----END"));
  // Headers (Proc-Type, DEK-Info) mean a form this reader does not take.
  if (body.includes(":")) return undefined;
  const der = Buffer.from(body.replace(/\s+/g, ""), "base64");
  const top = readTlv(der, 0, der.length);
  if (top?.tag !== 0x30 || top.end !== der.length) return undefined;
  const fields = childrenOf(der, top);
  if (label === "PRIVATE KEY") {
    const [version, algorithm, octets] = fields;
    if (version?.tag !== 0x02 || algorithm?.tag !== 0x30 || octets?.tag !== 0x04) return undefined;
    const [oid, params] = childrenOf(der, algorithm);
    if (oid?.tag !== 0x06) return undefined;
    const oidHex = der.toString("hex", oid.start, oid.end);
    const inner = der.subarray(octets.start, octets.end);
    if (oidHex === OID_RSA_ENCRYPTION) return params && (params.tag !== 0x05 || params.end !== params.start) ? undefined : rsaPrivate(inner);
    if (oidHex === OID_EC_PUBLIC_KEY && params?.tag === 0x06) return ecPrivate(inner, der.subarray(params.start, params.end));
    return undefined;
  }
  if (label === "EC PRIVATE KEY") return ecPrivate(der, undefined);
  if (label === "RSA PRIVATE KEY") return rsaPrivate(der);
  return undefined;
}

/** RSAPrivateKey: version, n, e, ... */
function rsaPrivate(der: Buffer): Buffer | undefined {
  const top = readTlv(der, 0, der.length);
  if (top?.tag !== 0x30 || top.end !== der.length) return undefined;
  // Whole, as OpenSSL would load it: version, n, e, d, p, q, dP, dQ, qInv (and nothing cut short).
  const fields = childrenOf(der, top);
  const [, n, e] = fields;
  if (fields.length < 9 || fields.slice(0, 9).some((f) => f.tag !== 0x02) || fields[fields.length - 1]!.end !== top.end || !n || !e) return undefined;
  return rsaSpki(der.subarray(n.start, n.end), der.subarray(e.start, e.end));
}

/** ECPrivateKey: version, d, [0] curve, [1] public point. The curve comes from PKCS#8's algorithm when given. */
function ecPrivate(der: Buffer, curve: Buffer | undefined): Buffer | undefined {
  const top = readTlv(der, 0, der.length);
  if (top?.tag !== 0x30 || top.end !== der.length) return undefined;
  const [version, secret] = childrenOf(der, top);
  if (version?.tag !== 0x02 || secret?.tag !== 0x04) return undefined;
  let named = curve;
  let point: Buffer | undefined;
  for (const f of childrenOf(der, top).slice(2)) {
    const inner = readTlv(der, f.start, f.end);
    if (f.tag === 0xa0 && inner?.tag === 0x06) named ??= der.subarray(inner.start, inner.end);
    else if (f.tag === 0xa1 && inner?.tag === 0x03 && inner.end - inner.start >= 2 && der[inner.start] === 0) point = der.subarray(inner.start + 1, inner.end);
  }
  return named && point ? ecSpki(named, point) : undefined;
}

function ecSpki(curveOid: Buffer, point: Buffer): Buffer | undefined {
  // Only an uncompressed point is written back as read; OpenSSL decides the rest.
  if (point[0] !== 0x04 || point.length < 3 || point.length % 2 !== 1) return undefined;
  return derSeq(derSeq(derTlv(0x06, Buffer.from(OID_EC_PUBLIC_KEY, "hex")), derTlv(0x06, curveOid)), derTlv(0x03, Buffer.concat([Buffer.from([0]), point])));
}

function rsaSpki(n: Buffer, e: Buffer): Buffer | undefined {
  const ni = derInteger(n);
  const ei = derInteger(e);
  if (!ni || !ei) return undefined;
  const key = derSeq(ni, ei);
  return derSeq(derSeq(derTlv(0x06, Buffer.from(OID_RSA_ENCRYPTION, "hex")), Buffer.from([0x05, 0x00])), derTlv(0x03, Buffer.concat([Buffer.from([0]), key])));
}

/** A positive INTEGER in its minimal encoding (undefined for a negative or empty one, which OpenSSL would judge). */
function derInteger(content: Buffer): Buffer | undefined {
  if (content.length === 0 || content[0]! & 0x80) return undefined;
  let i = 0;
  while (i < content.length - 1 && content[i] === 0 && !(content[i + 1]! & 0x80)) i++;
  return derTlv(0x02, content.subarray(i));
}

function derSeq(...parts: Buffer[]): Buffer {
  return derTlv(0x30, Buffer.concat(parts));
}

function derTlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
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
