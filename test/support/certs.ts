import { createHash, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";

/**
 * Certificates made at test time (no key or certificate is committed): a small DER writer and
 * node:crypto's signer, so that every date, name and extension is exact and tests stay
 * deterministic. EC P-256 keys, ECDSA-SHA256 signatures, as cert-manager's defaults.
 */

export interface TestCert {
  /** The certificate in PEM. */
  readonly pem: string;
  /** Its private key in PEM (PKCS#8). */
  readonly keyPem: string;
  readonly key: KeyObject;
  /** The subject name, DER, to sign others with this one as issuer. */
  readonly subjectDer: Buffer;
}

export interface CertSpec {
  readonly cn?: string;
  readonly organization?: string;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** ISO dates. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly isCA?: boolean;
  /** RFC 5280 names: digitalSignature, keyEncipherment, keyCertSign, cRLSign, ... */
  readonly keyUsage?: readonly string[];
  /** serverAuth, clientAuth. */
  readonly extKeyUsage?: readonly string[];
  /** Signed by this certificate's key (else self-signed). */
  readonly issuer?: TestCert;
  /** Use this key pair instead of a new one (two certificates for one key). */
  readonly keyOf?: TestCert;
  /**
   * The subject written attribute by attribute instead of cn/organization: each RDN a list of
   * [OID, value, ASN.1 string tag (default UTF8String 0x0c)]; more than one is a multi-valued RDN.
   */
  readonly subject?: readonly (readonly (readonly [string, string, number?])[])[];
}

let serial = 1;

export function makeCert(spec: CertSpec): TestCert {
  const pair = spec.keyOf ? { privateKey: spec.keyOf.key, publicKey: undefined } : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const privateKey = pair.privateKey;
  const spki = (pair.publicKey ?? publicOf(privateKey)).export({ type: "spki", format: "der" });
  const subject = spec.subject ? seq(...spec.subject.map((rdn) => tlv(0x31, Buffer.concat(rdn.map(([o, v, tag]) => seq(oid(o), tlv(tag ?? 0x0c, Buffer.from(v, "utf8")))))))) : name(spec.cn, spec.organization);
  const issuerName = spec.issuer?.subjectDer ?? subject;
  const signer = spec.issuer?.key ?? privateKey;
  const algorithm = seq(oid("1.2.840.10045.4.3.2"));
  const extensions: Buffer[] = [];
  if (spec.isCA !== undefined) extensions.push(extension("2.5.29.19", true, seq(...(spec.isCA ? [tlv(0x01, Buffer.from([0xff]))] : []))));
  if (spec.keyUsage) extensions.push(extension("2.5.29.15", true, keyUsageBits(spec.keyUsage)));
  if (spec.extKeyUsage) extensions.push(extension("2.5.29.37", false, seq(...spec.extKeyUsage.map((u) => oid(EKU[u]!)))));
  if (spec.dnsNames?.length || spec.ipAddresses?.length) {
    const names = [...(spec.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d, "ascii"))), ...(spec.ipAddresses ?? []).map((ip) => tlv(0x87, ip.includes(":") ? ipv6(ip) : Buffer.from(ip.split(".").map(Number))))];
    extensions.push(extension("2.5.29.17", false, seq(...names)));
  }
  extensions.push(extension("2.5.29.14", false, tlv(0x04, createHash("sha1").update(spki).digest())));
  const tbs = seq(
    tlv(0xa0, integer(2)),
    integer(serial++),
    algorithm,
    issuerName,
    seq(time(spec.notBefore), time(spec.notAfter)),
    subject,
    spki,
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign("sha256", tbs, signer);
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { pem: pemOf("CERTIFICATE", der), keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string, key: privateKey, subjectDer: subject };
}

/** A CA certificate as cert-manager's CA issuers make them. */
export function makeCa(cn: string, notBefore: string, notAfter: string): TestCert {
  return makeCert({ cn, notBefore, notAfter, isCA: true, keyUsage: ["digitalSignature", "keyCertSign", "cRLSign"] });
}

/** A serving certificate for these names, signed by `issuer`. */
export function makeServing(issuer: TestCert | undefined, dnsNames: readonly string[], notBefore: string, notAfter: string): TestCert {
  return makeCert({ cn: dnsNames[0], dnsNames, notBefore, notAfter, isCA: false, keyUsage: ["digitalSignature", "keyEncipherment"], extKeyUsage: ["serverAuth"], ...(issuer ? { issuer } : {}) });
}

export function b64(text: string): string {
  return Buffer.from(text).toString("base64");
}

/** A PEM indented for a YAML block scalar at `indent` spaces. */
export function indented(text: string, indent: number): string {
  return text.trimEnd().split("\n").map((l) => " ".repeat(indent) + l).join("\n");
}

/** An IPv6 address written out in full ("2001:db8:0:0:0:0:0:1"), as 16 bytes. */
function ipv6(ip: string): Buffer {
  return Buffer.concat(ip.split(":").map((h) => Buffer.from([parseInt(h, 16) >> 8, parseInt(h, 16) & 0xff])));
}

function publicOf(key: KeyObject): KeyObject {
  return createPublicKey(key);
}

const EKU: Record<string, string> = { serverAuth: "1.3.6.1.5.5.7.3.1", clientAuth: "1.3.6.1.5.5.7.3.2" };
const KEY_USAGE = ["digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];

function keyUsageBits(usages: readonly string[]): Buffer {
  const bytes = [0, 0];
  for (const u of usages) {
    const i = KEY_USAGE.indexOf(u);
    if (i < 0) throw new Error(`unknown key usage ${u}`);
    bytes[i >> 3]! |= 0x80 >> (i & 7);
  }
  const used = bytes[1] ? bytes : [bytes[0]!];
  return tlv(0x03, Buffer.from([0, ...used]));
}

function pemOf(label: string, der: Buffer): string {
  const b = der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b}\n-----END ${label}-----\n`;
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

function seq(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function integer(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const out = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function name(cn: string | undefined, organization: string | undefined): Buffer {
  const rdns: Buffer[] = [];
  if (organization) rdns.push(tlv(0x31, seq(oid("2.5.4.10"), tlv(0x0c, Buffer.from(organization)))));
  if (cn !== undefined) rdns.push(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, Buffer.from(cn)))));
  return seq(...rdns);
}

function time(iso: string): Buffer {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(`${pad(year % 100)}${rest}`)) : tlv(0x18, Buffer.from(`${year}${rest}`));
}

function extension(dotted: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(dotted), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}
