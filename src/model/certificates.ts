/**
 * The X.509 material of a render as facts (made at load time, src/load/pem.ts): where each PEM
 * value sits, what it holds, and whether something will replace it before anyone reads it.
 */
import type { Model } from "./model";
import type { CertificateFacts, JsonPath, K8sObject, PemSite } from "./types";
import { CA_BUNDLE_KINDS } from "../knowledge/ca-injection";
import { describeObject } from "./graph/meta";
import type { CertificateGraph } from "./graph";

/** A PEM value and the object that holds it. */
export interface PemPlace {
  readonly object: K8sObject;
  readonly site: PemSite;
}

const placesCache = new WeakMap<Model, readonly PemPlace[]>();

/** Every PEM value of the render, in load order. */
export function pemPlaces(model: Model): readonly PemPlace[] {
  let places = placesCache.get(model);
  if (!places) {
    places = model.objects.flatMap((object) => (object.pem ?? []).map((site) => ({ object, site })));
    placesCache.set(model, places);
  }
  return places;
}

/** The PEM value at a path of an object, if it holds one. */
export function pemAt(object: K8sObject, path: JsonPath): PemSite | undefined {
  return object.pem?.find((s) => s.path.length === path.length && s.path.every((p, i) => p === path[i]));
}

/** The PEM value under a Secret or ConfigMap key (data, stringData or binaryData). */
export function pemOfKey(object: K8sObject, key: string): PemSite | undefined {
  return object.pem?.find((s) => s.path.length === 2 && s.path[1] === key && (s.path[0] === "data" || s.path[0] === "stringData" || s.path[0] === "binaryData"));
}

/** Whether a site is a caBundle the API server verifies with (webhooks, conversion, APIService). */
export function isCallSiteBundle(place: PemPlace): boolean {
  return CA_BUNDLE_KINDS.includes(place.object.kind) && place.site.path[place.site.path.length - 1] === "caBundle";
}

/** How messages name a PEM value: 'key tls.crt of Secret ns/x', 'the caBundle of APIService v1.x'. */
export function describePlace(place: PemPlace): string {
  const { object, site } = place;
  const path = site.path;
  if ((object.kind === "Secret" || object.kind === "ConfigMap") && path.length === 2 && typeof path[1] === "string") return `key ${path[1]} of ${describeObject(object)}`;
  if (path[path.length - 1] === "caBundle") {
    const hook = path[0] === "webhooks" && typeof path[1] === "number" ? ` (webhooks[${path[1]}])` : "";
    return `the caBundle of ${describeObject(object)}${hook}`;
  }
  return `${pathText(path)} of ${describeObject(object)}`;
}

/** How messages name a certificate: its subject (never its body), and whether it is a CA. */
export function describeCertificate(c: CertificateFacts): string {
  const who = c.subjectCommonName ? `CN=${c.subjectCommonName}` : c.subject || "an empty subject";
  return `the ${c.isCA ? "CA " : ""}certificate ${who}`;
}

/**
 * Whether something other than the rendered value decides what the value will hold: a Secret
 * that a cert-manager Certificate, service-ca or a known controller writes; a caBundle an
 * injector or controller fills (cainjector also drops expired CAs from it); a ConfigMap an
 * injector replaces. The rendered PEM then does not reach the reader as it is.
 */
export function isRewritten(graph: CertificateGraph, place: PemPlace): boolean {
  const { object } = place;
  if (object.kind === "Secret") return graph.secretWriters(object.namespace ?? "", object.name).some((w) => w.type !== "rendered");
  if (object.kind === "ConfigMap") return graph.configMapInjections(object.namespace ?? "", object.name).length > 0;
  if (isCallSiteBundle(place)) return graph.caWritersOf(object).some((w) => w.type !== "literal" && !(w.type === "annotation" && w.injectsNothing));
  return false;
}

/** Whether a set of trusted certificates verifies a presented chain, and if not, why not. */
export type ChainVerdict =
  | { readonly verified: true }
  | {
      readonly verified: false;
      /**
       * "sameName": a trusted certificate has the name of the chain's issuer but another key (a CA
       * generated twice); "otherIssuer": no trusted certificate has that name; "selfSigned": the
       * presented certificate is its own issuer and is not trusted; "untrustedRoot": the presented
       * chain ends at a self-signed root that is not trusted.
       */
      readonly reason: "sameName" | "otherIssuer" | "selfSigned" | "untrustedRoot";
      /** The issuer name at the top of the presented chain (the root's own name for "untrustedRoot"). */
      readonly issuer: string;
    };

/**
 * Verifies a chain as Go's crypto/x509 builds one, from the signatures linked at load time
 * (CertificateFacts.signedBy, src/load/pem.ts): the server's certificate (first of `presented`)
 * is trusted when it is itself among `trusted`, or when a path of signatures leads from it,
 * through the intermediates it presents, to a trusted certificate. Names, validity and usages
 * are other rules' questions. Both sides must come from one load, where signatures were linked.
 */
export function verifyChain(trusted: readonly CertificateFacts[], presented: readonly CertificateFacts[]): ChainVerdict {
  const leaf = presented[0];
  if (!leaf) return { verified: true };
  const anchors = new Set(trusted.map((c) => c.fingerprint));
  const intermediates = new Map(presented.slice(1).map((c) => [c.fingerprint, c]));
  const seen = new Set<string>();
  let frontier: CertificateFacts[] = [leaf];
  let top = leaf;
  // Breadth-first over signatures; a chain longer than the presented certificates cannot exist.
  while (frontier.length) {
    const next: CertificateFacts[] = [];
    for (const c of frontier) {
      if (anchors.has(c.fingerprint) || [...c.signedBy].some((f) => anchors.has(f))) return { verified: true };
      if (seen.has(c.fingerprint)) continue;
      seen.add(c.fingerprint);
      top = c;
      for (const f of c.signedBy) {
        const i = intermediates.get(f);
        if (i && !seen.has(f)) next.push(i);
      }
    }
    frontier = next;
  }
  if (top.selfSigned) return { verified: false, reason: top === leaf ? "selfSigned" : "untrustedRoot", issuer: top.issuer };
  return { verified: false, reason: trusted.some((c) => c.subject === top.issuer) ? "sameName" : "otherIssuer", issuer: top.issuer };
}

/**
 * Whether a chain ends in the render: its top certificate is self-signed or signed by a
 * certificate the render holds. Such a chain is private: no system root store verifies it.
 */
export function anchoredInRender(presented: readonly CertificateFacts[]): boolean {
  return presented.some((c) => c.selfSigned || c.signedBy.size > 0);
}

/** "2026-12-04". */
export function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function pathText(path: JsonPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
