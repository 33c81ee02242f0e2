import { crypto } from "../util/on-demand";
import type { CertificateFacts } from "../model/types";
import { childrenOf, derTime, readTlv } from "./der";
import type { Tlv } from "./der";
import { canonicalSpki } from "./public-key";

/**
 * A certificate's facts read from its DER, for the certificates OpenSSL would print plainly:
 * names of the usual attributes with plain values, DNS and IPv4 SANs, the usual extensions.
 * `new X509Certificate` costs about a fifth of a millisecond a certificate under OpenSSL 3 (it
 * decodes the public key through the provider decoders), most of what 500 certificates add to a
 * 10,000-object lint (issue 13's bench); these give the same facts at a small part of that. Any
 * certificate this reader does not take whole (an escaped or non-ASCII value, an attribute
 * outside NAME_ATTRIBUTES, a multi-valued RDN, IPv6 or other SANs it cannot print as Node does,
 * an unusual key or version) is read by X509Certificate instead (src/load/x509.ts):
 * test/unit/x509-facts.test.ts checks both readings agree.
 */

/** What a signature check needs, kept until signatures are linked (pem.ts), then dropped. */
export interface SignedParts {
  /** The TBSCertificate as encoded (what was signed). */
  readonly tbs: Buffer;
  /** The signature algorithm's OID, dotted. */
  readonly algorithm: string;
  /** The outer and inner signature algorithms are the same bytes (OpenSSL refuses a certificate otherwise). */
  readonly algorithmsAgree: boolean;
  readonly signature: Buffer;
  /** The SubjectPublicKeyInfo as encoded, for verifying what this certificate signed. */
  readonly spki: Buffer;
}

export type DerFacts = Omit<CertificateFacts, "selfSigned" | "signedBy">;

/** Short names Node (OpenSSL) prints for name attributes, by OID. */
const NAME_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  ["2.5.4.3", "CN"],
  ["2.5.4.6", "C"],
  ["2.5.4.7", "L"],
  ["2.5.4.8", "ST"],
  ["2.5.4.10", "O"],
  ["2.5.4.11", "OU"],
]);

/** Values printed as written: no RFC 2253 escape, no control or non-ASCII character. */
const PLAIN_VALUE = /^[A-Za-z0-9._\-:@*/()'][A-Za-z0-9._\-:@*/()' ]*$/;
/** Node quotes a SAN holding `"`, `\\`, `,` or `'` (or a control or non-ASCII character): read by X509Certificate then. */
const PLAIN_DNS = /^[\x21\x23-\x26\x28-\x2b\x2d-\x5b\x5d-\x7e]+$/;
const STRING_TAGS = new Set([0x0c, 0x13, 0x16]); // UTF8String, PrintableString, IA5String

const OID_BASIC_CONSTRAINTS = "2.5.29.19";
const OID_KEY_USAGE = "2.5.29.15";
const OID_EXT_KEY_USAGE = "2.5.29.37";
const OID_SAN = "2.5.29.17";
const OID_SKI = "2.5.29.14";
const OID_AKI = "2.5.29.35";
const OID_CRL_DP = "2.5.29.31";
const OID_AIA = "1.3.6.1.5.5.7.1.1";
const OID_CERT_POLICIES = "2.5.29.32";
/** Extensions whose presence does not change any fact Node reports here. */
const NEUTRAL_EXTENSIONS = new Set([OID_SKI, OID_AKI, OID_CRL_DP, OID_AIA, OID_CERT_POLICIES]);

const EKU_NAMES: Readonly<Record<string, string>> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "2.5.29.37.0": "any",
};

const KEY_USAGE_BITS = ["digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];

/** The keyUsage extension's value (an OCTET STRING holding a BIT STRING) by RFC 5280 name; undefined when it is not one. */
export function keyUsageBits(der: Buffer, octets: Tlv): string[] | undefined {
  const bits = readTlv(der, octets.start, octets.end);
  if (bits?.tag !== 0x03 || bits.end - bits.start < 1) return undefined;
  const out: string[] = [];
  for (let i = 0; i < KEY_USAGE_BITS.length; i++) {
    const at = bits.start + 1 + (i >> 3);
    if (at < bits.end && der[at]! & (0x80 >> (i & 7))) out.push(KEY_USAGE_BITS[i]!);
  }
  return out;
}

/** The certificate's facts and signed parts, or undefined when X509Certificate must read it. */
export function readCertificate(der: Buffer): { facts: DerFacts; signed: SignedParts } | undefined {
  const cert = readTlv(der, 0, der.length);
  if (cert?.tag !== 0x30 || cert.end !== der.length) return undefined;
  const [tbs, outerAlgorithm, signature, ...extra] = childrenOf(der, cert);
  if (tbs?.tag !== 0x30 || outerAlgorithm?.tag !== 0x30 || signature?.tag !== 0x03 || extra.length || signature.end !== cert.end || der[signature.start] !== 0) return undefined;
  const fields = childrenOf(der, tbs);
  // Version 3 only ([0] INTEGER 2): v1/v2 certificates go to OpenSSL.
  const version = fields[0];
  const versionValue = version?.tag === 0xa0 ? readTlv(der, version.start, version.end) : undefined;
  if (!versionValue || versionValue.tag !== 0x02 || versionValue.end - versionValue.start !== 1 || der[versionValue.start] !== 2) return undefined;
  const [, serial, innerAlgorithm, issuerName, validity, subjectName, spki, ...rest] = fields;
  if (serial?.tag !== 0x02 || innerAlgorithm?.tag !== 0x30 || issuerName?.tag !== 0x30 || validity?.tag !== 0x30 || subjectName?.tag !== 0x30 || spki?.tag !== 0x30) return undefined;
  if (rest.length > 1 || (rest[0] && rest[0].tag !== 0xa3) || fields[fields.length - 1]!.end !== tbs.end) return undefined;
  const subject = nameText(der, subjectName);
  const issuer = nameText(der, issuerName);
  if (subject === undefined || issuer === undefined) return undefined;
  const [from, to, ...moreTimes] = childrenOf(der, validity);
  const notBefore = from && derTime(der, from);
  const notAfter = to && derTime(der, to);
  if (notBefore === undefined || notAfter === undefined || moreTimes.length) return undefined;
  const canonical = canonicalSpki(der, spki);
  if (!canonical) return undefined;
  const extensions = rest[0] ? readExtensions(der, rest[0]) : EMPTY_EXTENSIONS;
  if (!extensions) return undefined;
  const algorithmOid = childrenOf(der, outerAlgorithm)[0];
  if (algorithmOid?.tag !== 0x06) return undefined;
  const algorithm = oidText(der, algorithmOid);
  if (algorithm === undefined) return undefined;
  const hex = crypto().createHash("sha256").update(der).digest("hex").toUpperCase();
  const facts: DerFacts = {
    subject: subject.text,
    subjectCommonName: subject.commonName,
    issuer: issuer.text,
    dnsNames: extensions.dns,
    ipAddresses: extensions.ip,
    notBefore,
    notAfter,
    isCA: extensions.isCA,
    keyUsage: extensions.keyUsage,
    extKeyUsage: extensions.extKeyUsage,
    fingerprint: hex.replace(/(..)(?!$)/g, "$1:"),
    publicKeyHash: crypto().createHash("sha256").update(canonical).digest("hex"),
  };
  const signed: SignedParts = {
    tbs: der.subarray(tbs.at, tbs.end),
    algorithm,
    algorithmsAgree: der.subarray(outerAlgorithm.at, outerAlgorithm.end).equals(der.subarray(innerAlgorithm.at, innerAlgorithm.end)),
    signature: der.subarray(signature.start + 1, signature.end),
    spki: der.subarray(spki.at, spki.end),
  };
  return { facts, signed };
}

/** "CN=a, O=b" as Node prints a name (one attribute per RDN, in order), or undefined when it would print it otherwise. */
function nameText(der: Buffer, name: Tlv): { text: string; commonName: string | undefined } | undefined {
  const parts: string[] = [];
  let commonName: string | undefined;
  const rdns = childrenOf(der, name);
  if (rdns.length === 0 || rdns[rdns.length - 1]!.end !== name.end) return undefined;
  for (const rdn of rdns) {
    const attributes = rdn.tag === 0x31 ? childrenOf(der, rdn) : [];
    if (attributes.length !== 1 || attributes[0]!.tag !== 0x30 || attributes[0]!.end !== rdn.end) return undefined;
    const [type, value, ...more] = childrenOf(der, attributes[0]!);
    if (type?.tag !== 0x06 || !value || !STRING_TAGS.has(value.tag) || more.length) return undefined;
    const oid = oidText(der, type);
    const short = oid === undefined ? undefined : NAME_ATTRIBUTES.get(oid);
    const text = der.toString("latin1", value.start, value.end);
    if (!short || !PLAIN_VALUE.test(text) || text.endsWith(" ")) return undefined;
    if (short === "CN" && commonName === undefined) commonName = text;
    parts.push(`${short}=${text}`);
  }
  return { text: parts.join(", "), commonName };
}

interface Extensions {
  readonly isCA: boolean;
  readonly keyUsage: string[] | undefined;
  readonly extKeyUsage: string[] | undefined;
  readonly dns: string[];
  readonly ip: string[];
}

const EMPTY_EXTENSIONS: Extensions = { isCA: false, keyUsage: undefined, extKeyUsage: undefined, dns: [], ip: [] };

/** The extensions the facts need; undefined for any the reader does not know or cannot read whole. */
function readExtensions(der: Buffer, wrapper: Tlv): Extensions | undefined {
  const list = readTlv(der, wrapper.start, wrapper.end);
  if (list?.tag !== 0x30 || list.end !== wrapper.end) return undefined;
  let isCA = false;
  let keyUsage: string[] | undefined;
  let extKeyUsage: string[] | undefined;
  const dns: string[] = [];
  const ip: string[] = [];
  const seen = new Set<string>();
  const entries = childrenOf(der, list);
  if (entries.length && entries[entries.length - 1]!.end !== list.end) return undefined;
  for (const ext of entries) {
    const parts = ext.tag === 0x30 ? childrenOf(der, ext) : [];
    const oid = parts[0]?.tag === 0x06 ? oidText(der, parts[0]) : undefined;
    const octets = parts[parts.length - 1];
    if (!oid || octets?.tag !== 0x04 || parts.length > 3 || (parts.length === 3 && parts[1]!.tag !== 0x01) || seen.has(oid)) return undefined;
    seen.add(oid);
    const value = readTlv(der, octets.start, octets.end);
    if (!value || value.end !== octets.end) return undefined;
    if (oid === OID_BASIC_CONSTRAINTS) {
      if (value.tag !== 0x30) return undefined;
      const [flag] = childrenOf(der, value);
      isCA = flag?.tag === 0x01 && flag.end - flag.start === 1 && der[flag.start] === 0xff;
    } else if (oid === OID_KEY_USAGE) {
      keyUsage = keyUsageBits(der, octets);
      if (!keyUsage) return undefined;
    } else if (oid === OID_EXT_KEY_USAGE) {
      if (value.tag !== 0x30) return undefined;
      extKeyUsage = [];
      for (const o of childrenOf(der, value)) {
        const text = o.tag === 0x06 ? oidText(der, o) : undefined;
        if (!text) return undefined;
        extKeyUsage.push(EKU_NAMES[text] ?? text);
      }
    } else if (oid === OID_SAN) {
      if (value.tag !== 0x30) return undefined;
      for (const n of childrenOf(der, value)) {
        if (n.tag === 0x82) {
          const name = der.toString("latin1", n.start, n.end);
          if (!PLAIN_DNS.test(name)) return undefined;
          dns.push(name);
        } else if (n.tag === 0x87 && n.end - n.start === 4) {
          ip.push(`${der[n.start]}.${der[n.start + 1]}.${der[n.start + 2]}.${der[n.start + 3]}`);
        } else return undefined;
      }
    } else if (!NEUTRAL_EXTENSIONS.has(oid)) return undefined;
  }
  // OpenSSL's X509_check_ca, which Node's `ca` asks: a keyUsage without keyCertSign makes no CA, whatever basicConstraints says.
  return { isCA: isCA && (keyUsage === undefined || keyUsage.includes("keyCertSign")), keyUsage, extKeyUsage, dns, ip };
}

/** An OBJECT IDENTIFIER as dotted text; undefined when it is malformed. */
function oidText(der: Buffer, t: Tlv): string | undefined {
  if (t.end <= t.start || der[t.end - 1]! & 0x80) return undefined;
  const first = der[t.start]!;
  if (first & 0x80) return undefined;
  const parts = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  let value = 0;
  for (let i = t.start + 1; i < t.end; i++) {
    const b = der[i]!;
    if (value === 0 && b === 0x80) return undefined;
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}
