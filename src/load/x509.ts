import type { KeyObject, X509Certificate } from "node:crypto";
import { crypto } from "../util/on-demand";
import type { CertificateFacts, PrivateKeyFacts } from "../model/types";
import { childrenOf, derTime, readTlv } from "./der";
import { canonicalSpki, publicKeyOfPrivateKey } from "./public-key";
import { keyUsageBits, readCertificate } from "./x509-der";
import type { SignedParts } from "./x509-der";

/**
 * X.509 certificates and private keys reduced to facts. The DER and the key material live only
 * inside these functions: callers get subject, issuer, names, validity, usages and hashes.
 */

/**
 * A parsed certificate and its facts, and what checking its signatures needs: the DER, and what
 * the DER reader took of it. pem.ts drops it once signatures are linked.
 */
export interface ParsedCertificate {
  readonly facts: CertificateFacts & { readonly signedBy: Set<string> };
  readonly der: Buffer;
  /** Read by x509-der.ts; undefined when X509Certificate read it. */
  readonly signed: SignedParts | undefined;
  /** The X509Certificate, made when it was read that way or a signature check needs it. */
  x509?: X509Certificate;
  /** This certificate's public key for verifying (null: OpenSSL cannot load it). */
  key?: KeyObject | null;
}

export function parseCertificate(der: Buffer): ParsedCertificate | undefined {
  const read = readCertificate(der);
  if (read) {
    const facts = { ...read.facts, selfSigned: false, signedBy: new Set<string>() };
    const p: ParsedCertificate = { facts, der, signed: read.signed };
    facts.selfSigned = facts.subject === facts.issuer && signs(p, p);
    return p;
  }
  return parseWithOpenSSL(der);
}

/** The facts as X509Certificate gives them: for what readCertificate does not take (and to check it, in tests). */
export function parseWithOpenSSL(der: Buffer): ParsedCertificate | undefined {
  let x509: X509Certificate;
  try {
    x509 = new (crypto().X509Certificate)(der);
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
    selfSigned: false,
    signedBy: new Set<string>(),
  };
  const p: ParsedCertificate = { facts, der, signed: undefined, x509 };
  facts.selfSigned = subject === issuer && signs(p, p);
  return p;
}

/** Hash of each signature algorithm verified without X509Certificate (null: none, Ed25519), and the key type it needs. */
const SIGNATURES: ReadonlyMap<string, { readonly hash: string | null; readonly key: string }> = new Map([
  ["1.2.840.10045.4.3.2", { hash: "sha256", key: "ec" }],
  ["1.2.840.10045.4.3.3", { hash: "sha384", key: "ec" }],
  ["1.2.840.10045.4.3.4", { hash: "sha512", key: "ec" }],
  ["1.2.840.113549.1.1.11", { hash: "sha256", key: "rsa" }],
  ["1.2.840.113549.1.1.12", { hash: "sha384", key: "rsa" }],
  ["1.2.840.113549.1.1.13", { hash: "sha512", key: "rsa" }],
  ["1.3.101.112", { hash: null, key: "ed25519" }],
]);

/**
 * Whether `issuer`'s key signed `cert` (the caller matched the names). Only the signature is
 * checked: OpenSSL's checkIssued also demands keyCertSign on the issuer, which a self-signed
 * serving certificate (Sprig's genSelfSignedCert) lacks, and yet Go trusts it as its own root.
 * Certificates the DER reader took are verified over their TBSCertificate with node:crypto, as
 * OpenSSL's X509_verify does (outer and inner algorithm the same, the issuer's key of the
 * algorithm's type); anything else through X509Certificate.verify.
 */
export function signs(issuer: ParsedCertificate, cert: ParsedCertificate): boolean {
  const algorithm = cert.signed && SIGNATURES.get(cert.signed.algorithm);
  if (cert.signed && algorithm && issuer.signed) {
    if (!cert.signed.algorithmsAgree) return false;
    const key = keyOf(issuer);
    if (key && key.asymmetricKeyType === algorithm.key) {
      try {
        return crypto().verify(algorithm.hash, cert.signed.tbs, key, cert.signed.signature);
      } catch {
        return false;
      }
    }
  }
  try {
    return x509Of(cert).verify(x509Of(issuer).publicKey);
  } catch {
    return false;
  }
}

function keyOf(p: ParsedCertificate): KeyObject | null {
  if (p.key === undefined) {
    try {
      p.key = p.signed ? crypto().createPublicKey({ key: p.signed.spki, format: "der", type: "spki" }) : null;
    } catch {
      p.key = null;
    }
  }
  return p.key;
}

function x509Of(p: ParsedCertificate): X509Certificate {
  return (p.x509 ??= new (crypto().X509Certificate)(p.der));
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
    const spki = crypto().createPublicKey(crypto().createPrivateKey({ key: pemBlock, format: "pem" })).export({ type: "spki", format: "der" });
    return { label, publicKeyHash: spkiHash(spki) };
  } catch {
    return { label, publicKeyHash: undefined };
  }
}

function spkiHash(der: Buffer): string {
  return crypto().createHash("sha256").update(der).digest("hex");
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
    const read = octets && keyUsageBits(der, octets);
    if (read) keyUsage = read;
  }
  const spki = fields[offset + 5];
  const canonical = spki?.tag === 0x30 ? canonicalSpki(der, spki) : undefined;
  return { notBefore, notAfter, keyUsage, publicKeyHash: canonical && spkiHash(canonical) };
}

