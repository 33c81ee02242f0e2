/**
 * DNS names as TLS clients compare them, and the in-cluster Service names a client can dial.
 */

/** Lower case, without a trailing dot: how names compare. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, "");
}

/**
 * Whether a certificate name (SAN) matches the name a client dialled, by RFC 6125 §6.4.3 as Go's
 * crypto/x509 applies it: a wildcard is only the whole left-most label and stands for exactly one
 * non-empty label (`*.ns.svc` matches `a.ns.svc`, not `a.b.ns.svc` and not `ns.svc`).
 */
export function nameMatches(san: string, host: string): boolean {
  const pattern = normaliseName(san);
  const name = normaliseName(host);
  if (pattern === "" || name === "") return false;
  if (!pattern.startsWith("*.")) return pattern === name;
  const rest = pattern.slice(2);
  if (rest.includes("*")) return false;
  const dot = name.indexOf(".");
  return dot > 0 && name.slice(dot + 1) === rest;
}

export function coveredBy(host: string, sans: readonly string[]): boolean {
  return sans.some((s) => nameMatches(s, host));
}

/** A host name that names a Service: `svc`, `svc.ns`, `svc.ns.svc` or `svc.ns.svc.<domain>`. */
export interface ServiceHost {
  readonly service: string;
  /** Undefined for the bare `svc` form (the client's own namespace). */
  readonly namespace: string | undefined;
  /** The cluster domain written after `.svc`, if any. */
  readonly domain: string | undefined;
  readonly form: "short" | "namespaced" | "svc" | "fqdn";
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Reads a host as a Service name; undefined when it cannot be one. */
export function parseServiceHost(host: string): ServiceHost | undefined {
  const labels = normaliseName(host).split(".");
  if (labels.some((l) => !LABEL.test(l))) return undefined;
  const [service, namespace, svc, ...domain] = labels;
  if (!service) return undefined;
  if (namespace === undefined) return { service, namespace: undefined, domain: undefined, form: "short" };
  if (svc === undefined) return { service, namespace, domain: undefined, form: "namespaced" };
  if (svc !== "svc") return undefined;
  if (domain.length === 0) return { service, namespace, domain: undefined, form: "svc" };
  return { service, namespace, domain: domain.join("."), form: "fqdn" };
}

/** A host (and port, and scheme) found in a string such as an env value or a flag. */
export interface DialledHost {
  readonly host: string;
  readonly port: number | undefined;
  readonly scheme: string | undefined;
}

const URL_LIKE = /(?:([a-z][a-z0-9+.-]*):\/\/)?([a-z0-9*](?:[a-z0-9.*-]*[a-z0-9])?)(?::(\d{1,5}))?/gi;

/**
 * Host names written in a string: URLs (`https://a.b.svc:443/x`), `host:port` pairs and bare
 * names. Words without a dot are kept only with a scheme or a port, since a lone word is rarely a host.
 */
export function hostsIn(text: string): DialledHost[] {
  const out: DialledHost[] = [];
  for (const m of text.matchAll(URL_LIKE)) {
    const before = m.index === 0 ? "" : text[m.index - 1]!;
    // Part of a longer word (an email, a path segment, a flag name): not a host.
    if (/[a-z0-9_@/.-]/i.test(before) && !m[1]) continue;
    const host = m[2]!;
    const scheme = m[1]?.toLowerCase();
    const port = m[3] ? Number(m[3]) : undefined;
    if (!host.includes(".") && scheme === undefined && port === undefined) continue;
    out.push({ host, port, scheme });
  }
  return out;
}

/** A Service name written with a fixed cluster domain: `<svc>.<ns>.svc.<domain>`. */
export interface DomainLiteral {
  /** The whole name as written (without a trailing dot). */
  readonly name: string;
  readonly domain: string;
  /** The same name without the domain: `<svc>.<ns>.svc`. */
  readonly portable: string;
  readonly index: number;
}

const DOMAIN_LITERAL = /(?<![a-z0-9.*-])((?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+)svc\.([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)/gi;
// File names such as "webhook.svc.yaml" look like `.svc.<domain>`; these last labels are not domains.
const FILE_SUFFIXES = new Set(["yaml", "yml", "json", "conf", "cfg", "txt", "crt", "pem", "key", "log", "sh", "toml"]);

/** Every `.svc.<domain>` Service name in a string. */
export function domainLiteralsIn(text: string): DomainLiteral[] {
  const out: DomainLiteral[] = [];
  for (const m of text.matchAll(DOMAIN_LITERAL)) {
    const domain = m[2]!.toLowerCase();
    if (FILE_SUFFIXES.has(domain.split(".").pop()!)) continue;
    // Followed by a character no host name holds (`_`): the token is part of a longer word, not a host.
    if (text[m.index + m[0].length] === "_") continue;
    out.push({ name: m[0], domain, portable: `${m[1]}svc`, index: m.index });
  }
  return out;
}
