/**
 * The X.509 material of a render as facts (made at load time, src/load/pem.ts): where each PEM
 * value sits, what it holds, and whether something will replace it before anyone reads it.
 */
import type { Model } from "./model";
import type { CertificateFacts, JsonPath, K8sObject, PemSite } from "./types";
import { CA_BUNDLE_KINDS } from "../knowledge/ca-injection";
import { describeObject } from "./graph/meta";
import type { TrustGraph } from "./graph";

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
export function isRewritten(graph: TrustGraph, place: PemPlace): boolean {
  const { object } = place;
  if (object.kind === "Secret") return graph.secretWriters(object.namespace ?? "", object.name).some((w) => w.type !== "rendered");
  if (object.kind === "ConfigMap") return graph.configMapInjections(object.namespace ?? "", object.name).length > 0;
  if (isCallSiteBundle(place)) return graph.caWritersOf(object).some((w) => w.type !== "literal");
  return false;
}

/** "2026-12-04". */
export function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function pathText(path: JsonPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
