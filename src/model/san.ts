import { isIP } from "node:net";
import type { NameGrammar, SanKind } from "../knowledge/san-fields";

/**
 * What a subject-alternative-name entry is, as certificate tooling and TLS clients read it.
 * Sources: Go crypto/x509 (an IP dial matches only IP SANs; a wildcard covers one whole left-most
 * label), kubeadm `appendSANsToAltNames`/`ValidateCertSANs` (IP, RFC 1123 subdomain, or `*.`
 * wildcard subdomain), k0s `APISpec.Validate` (govalidator IsIP or IsDNSName: no wildcard),
 * cert-manager `validateIPAddresses`/`validateEmailAddresses`.
 */

// The kinds and grammars are knowledge (the SAN field tables name them); re-exported for the rules.
export type { NameGrammar, SanKind };

export type SanProblem =
  | { readonly kind: "empty" }
  | { readonly kind: "space"; readonly parts: readonly string[] }
  | { readonly kind: "url"; readonly host: string }
  | { readonly kind: "cidr"; readonly network: string }
  | { readonly kind: "port"; readonly host: string; readonly port: string }
  | { readonly kind: "path" }
  | { readonly kind: "ip-in-dns" }
  | { readonly kind: "name-in-ip" }
  | { readonly kind: "bare-wildcard" }
  | { readonly kind: "bad-wildcard" }
  | { readonly kind: "wildcard-not-allowed" }
  | { readonly kind: "upper-case" }
  | { readonly kind: "not-a-name" }
  | { readonly kind: "not-a-uri" }
  | { readonly kind: "not-an-email" };

export function isIPAddress(value: string): boolean {
  return isIP(value) !== 0;
}

const HOST_LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `host:port` or `[v6]:port`, when the host part is itself an IP or a host name. */
export function splitHostPort(value: string): { host: string; port: string } | undefined {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\]:(\d{1,5})$/.exec(value);
  if (bracketed && isIPAddress(bracketed[1]!)) return { host: bracketed[1]!, port: bracketed[2]! };
  const m = /^([^:/\s]+):(\d{1,5})$/.exec(value);
  if (m && (isIPAddress(m[1]!) || isHostName(m[1]!, "x509"))) return { host: m[1]!, port: m[2]! };
  return undefined;
}

/** A host name under a grammar, wildcards aside. */
export function isHostName(value: string, grammar: NameGrammar): boolean {
  const name = grammar === "k0s" ? value.replace(/\.$/, "") : value;
  if (!name || name.length > 253) return false;
  const labels = name.split(".");
  const label = grammar === "rfc1123" ? RFC1123_LABEL : HOST_LABEL;
  return labels.every((l) => label.test(l)) && !isIPAddress(name);
}

/** Why an entry cannot work in a field of `kind` read with `grammar`, or undefined when it is fine. */
export function sanProblem(value: string, kind: SanKind, grammar: NameGrammar): SanProblem | undefined {
  if (value.trim() === "") return { kind: "empty" };
  if (kind === "email") return /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/.test(value) ? undefined : { kind: "not-an-email" };
  if (kind === "uri") return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value) ? undefined : { kind: "not-a-uri" };
  if (/\s/.test(value)) return { kind: "space", parts: value.trim().split(/[\s,]+/).filter(Boolean) };
  const url = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(\[[^\]]+\]|[^/:?#]*)/.exec(value);
  if (url) return { kind: "url", host: url[1]!.replace(/^\[|\]$/g, "") };
  const cidr = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(value);
  if (cidr && isIPAddress(cidr[1]!)) return { kind: "cidr", network: value };
  if (value.includes("/")) return { kind: "path" };
  if (isIPAddress(value)) return kind === "dns" ? { kind: "ip-in-dns" } : undefined;
  const hostPort = splitHostPort(value);
  if (hostPort) return { kind: "port", ...hostPort };
  if (kind === "ip") return { kind: "name-in-ip" };
  if (value === "*") return { kind: "bare-wildcard" };
  if (value.includes("*")) {
    if (grammar === "k0s") return { kind: "wildcard-not-allowed" };
    const rest = value.slice(2);
    if (!value.startsWith("*.") || rest.includes("*")) return { kind: "bad-wildcard" };
    if (isHostName(rest, grammar)) return undefined;
    return grammar === "rfc1123" && isHostName(rest.toLowerCase(), grammar) ? { kind: "upper-case" } : { kind: "not-a-name" };
  }
  if (isHostName(value, grammar)) return undefined;
  if (grammar === "rfc1123" && isHostName(value.toLowerCase(), "rfc1123")) return { kind: "upper-case" };
  return { kind: "not-a-name" };
}
