import type { JsonPath, K8sObject } from "./types";

/**
 * Certificates and keys a Helm chart generates while it renders (Sprig's `genCA`,
 * `genSelfSignedCert`, `genSignedCert`, `genPrivateKey` and their `WithKey` forms). Only the
 * chart's templates show them: a rendered manifest holds a certificate like any other. The sites
 * are found by the locate stage's template reading (src/locate/generated-certs.ts, their one
 * producer) and handed to the model by lint; the model only holds them, so rules ask the model
 * and never read a template.
 */

/** The Sprig functions that make new key material each time a template runs. */
export type GenFunction = "genCA" | "genCAWithKey" | "genSelfSignedCert" | "genSelfSignedCertWithKey" | "genSignedCert" | "genSignedCertWithKey" | "genPrivateKey";

/** A place in a chart's file: 1-based line and column; endColumn is the column after the last character. */
export interface TemplateSite {
  /** Absolute path of the template file. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** One `gen*` call of a chart whose result reaches a Secret or a caBundle of the render. */
export interface GeneratedCertificate {
  readonly call: GenFunction;
  /** Where the call is written (in the template, or in the named template that holds it). */
  readonly at: TemplateSite;
  /** The file, relative to the rendered chart's directory ("templates/webhook.yaml"). */
  readonly template: string;
  /**
   * How the chart keeps the material across upgrades: `lookup` when the call (or every place its
   * result is written) sits behind a `lookup` of what the cluster holds; `none` otherwise.
   */
  readonly reuse: "lookup" | "none";
  /** The rendered values the result is written into: Secret data keys and caBundles, in render order. */
  readonly feeds: readonly GeneratedFeed[];
}

export interface GeneratedFeed {
  readonly object: K8sObject;
  /** The key in the object ("data", "tls.crt"; "webhooks", 0, "clientConfig", "caBundle"). */
  readonly path: JsonPath;
}

/** What a chart's templates tell the model; absent for manifests that were not rendered by trustlint's Helm. */
export interface ChartFacts {
  /** Every generated certificate or key that feeds a Secret or caBundle, asked once per model. */
  generatedCertificates(): readonly GeneratedCertificate[];
}

export const NO_CHART_FACTS: ChartFacts = { generatedCertificates: () => [] };

/** What a generated item is called in messages. */
export function describeGenerated(call: GenFunction): string {
  switch (call) {
    case "genCA":
    case "genCAWithKey":
      return "CA certificate and key";
    case "genSelfSignedCert":
    case "genSelfSignedCertWithKey":
      return "self-signed certificate and key";
    case "genSignedCert":
    case "genSignedCertWithKey":
      return "certificate and key";
    case "genPrivateKey":
      return "private key";
  }
}
