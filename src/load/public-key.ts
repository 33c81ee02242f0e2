import { childrenOf, derSeq, derTlv, readTlv } from "./der";
import type { Tlv } from "./der";

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
export function canonicalSpki(der: Buffer, spki: Tlv): Buffer | undefined {
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


