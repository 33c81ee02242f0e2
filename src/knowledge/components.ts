/**
 * Components whose CA flags only work in some configurations. Users extend the table with the
 * `components` option of ca-flag-ignored; their entries are consulted first.
 *
 * Source: ../shared/reference/trust-facts.md §1c. kubernetes-sigs/external-dns
 * pkg/apis/externaldns/types.go (`tls-ca`, `tls-client-cert`, `tls-client-cert-key`; kingpin
 * `DefaultEnvars()`, so every flag is also `EXTERNAL_DNS_<FLAG>`), read only by
 * provider/pdns/pdns.go and provider/rfc2136/rfc2136.go; every other provider uses Go's system
 * roots. PR #5097 (a CA for the aws provider) was closed unmerged.
 */

/** What a flag hands to the component. */
export type FlagPurpose = "ca" | "client-cert" | "client-key";

export interface ComponentFlag {
  readonly flag: string;
  /** The same setting as an environment variable, when the component reads one. */
  readonly env?: string;
  readonly purpose: FlagPurpose;
}

export interface ComponentProfile {
  /** Name used in messages. */
  readonly name: string;
  /** Image globs, as in the `images` table. */
  readonly image: string | readonly string[];
  /** The setting that selects the mode the flags depend on (external-dns: the provider). */
  readonly selector: { readonly flag: string; readonly env?: string; readonly noun: string };
  readonly flags: readonly ComponentFlag[];
  /** Selector values in which the flags are read; in every other mode they are ignored. */
  readonly honouredWhen: readonly string[];
  /** Where the program gets its trust in the other modes (for the message and the fix). */
  readonly otherwise: string;
}

export const DEFAULT_COMPONENTS: readonly ComponentProfile[] = [
  {
    name: "external-dns",
    image: ["**/external-dns/external-dns", "**/external-dns"],
    selector: { flag: "--provider", env: "EXTERNAL_DNS_PROVIDER", noun: "provider" },
    flags: [
      { flag: "--tls-ca", env: "EXTERNAL_DNS_TLS_CA", purpose: "ca" },
      { flag: "--tls-client-cert", env: "EXTERNAL_DNS_TLS_CLIENT_CERT", purpose: "client-cert" },
      { flag: "--tls-client-cert-key", env: "EXTERNAL_DNS_TLS_CLIENT_CERT_KEY", purpose: "client-key" },
    ],
    honouredWhen: ["pdns", "rfc2136"],
    otherwise: "Go's system roots (SSL_CERT_FILE, then /etc/ssl/certs)",
  },
];

/** JSON Schema for the `components` option. */
export const COMPONENTS_OPTION_SCHEMA = {
  type: "array",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["name", "image", "selector", "flags", "honouredWhen"],
    properties: {
      name: { type: "string", minLength: 1 },
      image: { anyOf: [{ type: "string", minLength: 1 }, { type: "array", minItems: 1, items: { type: "string", minLength: 1 } }] },
      selector: {
        type: "object",
        additionalProperties: false,
        required: ["flag"],
        properties: { flag: { type: "string", pattern: "^-" }, env: { type: "string", minLength: 1 }, noun: { type: "string", minLength: 1, default: "mode" } },
      },
      flags: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          additionalProperties: false,
          required: ["flag"],
          properties: { flag: { type: "string", pattern: "^-" }, env: { type: "string", minLength: 1 }, purpose: { enum: ["ca", "client-cert", "client-key"], default: "ca" } },
        },
      },
      honouredWhen: { type: "array", items: { type: "string" } },
      otherwise: { type: "string", default: "the system trust store" },
    },
  },
} as const;
