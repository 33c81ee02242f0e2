import { deepStrictEqual } from "node:assert/strict";
import { sanProblem, splitHostPort } from "../../src/model/san";
import type { NameGrammar, SanKind } from "../../src/model/san";

/** The problem kind for each entry (or "ok"). */
function kinds(kind: SanKind, grammar: NameGrammar, entries: string[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => [e, sanProblem(e, kind, grammar)?.kind ?? "ok"]));
}

describe("SAN entries", () => {
  it("reads cert-manager dnsNames as TLS clients do", () => {
    deepStrictEqual(kinds("dns", "x509", ["api.example.com", "Api.Example.COM", "*.apps.example.com", "_svc.example.com", "10.0.0.1", "::1", "*", "a.*.example.com", "**.example.com", "https://api.example.com/x", "api.example.com:8443", "10.0.0.0/8", "api example.com", "", "api.example.com/healthz", "bad!name"]), {
      "api.example.com": "ok",
      "Api.Example.COM": "ok",
      "*.apps.example.com": "ok",
      "_svc.example.com": "ok",
      "10.0.0.1": "ip-in-dns",
      "::1": "ip-in-dns",
      "*": "bare-wildcard",
      "a.*.example.com": "bad-wildcard",
      "**.example.com": "bad-wildcard",
      "https://api.example.com/x": "url",
      "api.example.com:8443": "port",
      "10.0.0.0/8": "cidr",
      "api example.com": "space",
      "": "empty",
      "api.example.com/healthz": "path",
      "bad!name": "not-a-name",
    });
  });

  it("knows what kubeadm and k0s accept in lists that take both names and IPs", () => {
    deepStrictEqual(kinds("dns-or-ip", "rfc1123", ["10.0.0.1", "fd00::1", "cp.lab.internal", "*.lab.internal", "CP.lab.internal", "cp_1.lab.internal", "[fd00::1]:6443"]), {
      "10.0.0.1": "ok",
      "fd00::1": "ok",
      "cp.lab.internal": "ok",
      "*.lab.internal": "ok",
      "CP.lab.internal": "upper-case",
      "cp_1.lab.internal": "not-a-name",
      "[fd00::1]:6443": "port",
    });
    deepStrictEqual(kinds("dns-or-ip", "k0s", ["CP.lab.internal", "cp_1.lab.internal", "lab.internal.", "*.lab.internal"]), {
      "CP.lab.internal": "ok",
      "cp_1.lab.internal": "ok",
      "lab.internal.": "ok",
      "*.lab.internal": "wildcard-not-allowed",
    });
  });

  it("checks IP, URI and e-mail fields", () => {
    deepStrictEqual(kinds("ip", "x509", ["10.0.0.1", "api.example.com", "10.0.0.1:443"]), { "10.0.0.1": "ok", "api.example.com": "name-in-ip", "10.0.0.1:443": "port" });
    deepStrictEqual(kinds("uri", "x509", ["spiffe://cluster.local/ns/a/sa/b", "cluster.local/ns/a"]), { "spiffe://cluster.local/ns/a/sa/b": "ok", "cluster.local/ns/a": "not-a-uri" });
    deepStrictEqual(kinds("email", "x509", ["pki@example.com", "PKI <pki@example.com>"]), { "pki@example.com": "ok", "PKI <pki@example.com>": "not-an-email" });
  });

  it("splits host and port, IPv6 in brackets included", () => {
    deepStrictEqual([splitHostPort("lb.example.com:6443"), splitHostPort("[fd00::1]:6443"), splitHostPort("fd00::1"), splitHostPort("lb.example.com")], [
      { host: "lb.example.com", port: "6443" },
      { host: "fd00::1", port: "6443" },
      undefined,
      undefined,
    ]);
  });
});
