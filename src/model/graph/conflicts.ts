/**
 * Secrets with more than one writer that do not agree: service-ca refuses a Secret it did not
 * create (secret_creating_controller.go: "does not have corresponding service UID"); two issuers
 * (Certificates, cert controllers, service-ca) each rewrite the certificate and key with their own;
 * a Secret rendered with data is replaced by an issuer and put back by every apply.
 */
import { objectRef } from "../types";
import type { CertificateGraph } from "./certificate-graph";
import type { KeyWriter } from "../sources/writers";

export interface SecretConflict {
  readonly namespace: string;
  readonly name: string;
  readonly writers: readonly KeyWriter[];
  /** The writer the finding is reported on: service-ca's annotation, else a Certificate, else a controller. */
  readonly primary: KeyWriter;
  /** Why the writers clash, one sentence each. */
  readonly reasons: readonly string[];
}

export function secretConflicts(graph: CertificateGraph): SecretConflict[] {
  const out: SecretConflict[] = [];
  // trust-manager targets are CA bundles, not serving certificates, and are not among these writers.
  for (const [, writers] of graph.sources.secretsWithWriters()) {
    const serviceCa = writers.filter((w) => w.type === "service-ca");
    const issuers = writers.filter((w) => w.type !== "rendered");
    const rendered = writers.filter((w) => w.type === "rendered" && !w.ownedByServiceCa);
    const withData = rendered.filter((w) => !w.placeholder);
    const reasons: string[] = [];
    const name = writers[0]!.name;
    if (serviceCa.length && rendered.length) {
      reasons.push(`service-ca only fills a Secret it created itself: it finds ${rendered[0]!.description} without its originating-service-uid annotation and stops with "secret ${rendered[0]!.namespace}/${name} does not have corresponding service UID", so the Secret keeps what the render put there`);
    }
    if (issuers.length >= 2) {
      reasons.push(`${issuers.map((w) => w.description).join(" and ")} each write their own certificate and key into it, so the certificate served (and the CA that signed it) flips with whichever wrote last`);
    } else if (issuers.length === 1 && withData.length && !serviceCa.length) {
      reasons.push(`${issuers[0]!.description} replaces the certificate rendered in ${withData[0]!.description}, and every apply of the manifests puts the rendered one back`);
    }
    if (reasons.length === 0) continue;
    // Chosen in a fixed order (by object, then path), so that the object the finding is reported
    // on does not depend on the order of the documents (found by `npm run fuzz`).
    const ordered = [...writers].sort(byIdentity);
    const primary = ordered.find((w) => w.type === "service-ca") ?? ordered.find((w) => w.type === "certificate") ?? ordered.find((w) => w.type === "controller") ?? ordered[0]!;
    out.push({ namespace: primary.namespace, name, writers, primary, reasons });
  }
  return out;
}

function byIdentity(a: KeyWriter, b: KeyWriter): number {
  const ka = `${objectRef(a.object)}\u0000${JSON.stringify(a.path)}`;
  const kb = `${objectRef(b.object)}\u0000${JSON.stringify(b.path)}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The Secret's root cause key, shared by the rules that report a conflict over it. */
export function secretRootCause(c: Pick<SecretConflict, "namespace" | "name">): string {
  return `secret-writers:${c.namespace}/${c.name}`;
}
