/**
 * The one answer to "what will this Secret or ConfigMap hold, and who puts it there": its keys,
 * the writer of each key, the DNS names a certificate key will carry and what a key holds as
 * trust (a full bundle or private CAs). Rules, the per-container trust stores and the certificate graph
 * all ask here (through `Model.secretFacts`, `Model.configMapFacts`, `Model.resolveFile`), so they
 * cannot disagree. Built once per model; each object's facts are computed on first use, so a
 * question is a map lookup however many writers an object has.
 */
import { BUNDLE_KEY_NAMES, FULL_BUNDLE_MIN_CERTIFICATES, KUBE_ROOT_CA_CONFIGMAP, PRIVATE_ONLY_MAX_CERTIFICATES, SINGLE_CA_KEY_NAMES } from "../../knowledge/trust-sources";
import type { ControllerInstance } from "../graph/controllers";
import type { Model } from "../model";
import type { TrustContent } from "../trust/content";
import { countedContent, namedContent, producedContent } from "../trust/content";
import type { K8sObject } from "../types";
import { asRecord, asString } from "../values";
import { selectsNamespace } from "./namespace-selector";
import type { BundleTarget, KeyWriter, SourceKind } from "./writers";
import { KUBE_ROOT_CA, bundleTargets, kubeRootCaWriter, namespacedWriters } from "./writers";

/** Everything known about one Secret or ConfigMap of the render (rendered or only written). */
export interface SourceFacts {
  readonly kind: SourceKind;
  readonly namespace: string;
  readonly name: string;
  /** The object as rendered, if the render has it. */
  readonly rendered: K8sObject | undefined;
  /** Everyone who writes it, the render first. */
  readonly writers: readonly KeyWriter[];
  /**
   * The keys it will hold once its writers ran: for a Secret the union of what every writer
   * writes; for a ConfigMap an injector's keys replace the data, else the rendered keys.
   * Undefined when nothing in the render says (no writer at all).
   */
  readonly keys: ReadonlySet<string> | undefined;
  /** Writers that issue a certificate with known names (Certificates, service-ca, controllers). */
  readonly issuers: readonly KeyWriter[];
  /** The cert-manager Certificates writing this Secret. */
  readonly certificates: readonly K8sObject[];
  /**
   * What rewrites it when certificates rotate, as messages name it ("cert-manager Certificate x",
   * "trust-manager Bundle y", "the kube-controller-manager (cluster root CA)"); undefined when nothing does.
   */
  readonly rotation: string | undefined;
  /** Writers that write this key. */
  writersOf(key: string): readonly KeyWriter[];
  /**
   * The writer that leaves this key out though writers of its type write it (a Certificate from an
   * ACME issuer: no ca.crt), when no other writer writes it; undefined otherwise.
   */
  withholderOf(key: string): KeyWriter | undefined;
  /** What the key holds as trust: its producer decides first, then the PEM count the render shows, then the key's name. */
  contentOf(key: string): TrustContent;
}

export class SourceIndex {
  private readonly fixed = new Map<string, KeyWriter[]>();
  /** "kind\0name" → writers of that name in any namespace. */
  private readonly byName = new Map<string, KeyWriter[]>();
  private readonly bundles: Map<string, BundleTarget[]>;
  private readonly cache = new Map<string, SourceFacts | null>();

  constructor(private readonly model: Model, controllers: readonly ControllerInstance[]) {
    for (const w of namespacedWriters(model, controllers)) {
      const key = keyOf(w.kind, w.namespace, w.name);
      const list = this.fixed.get(key);
      if (list) list.push(w);
      else this.fixed.set(key, [w]);
      const named = this.byName.get(`${w.kind}\u0000${w.name}`);
      if (named) named.push(w);
      else this.byName.set(`${w.kind}\u0000${w.name}`, [w]);
    }
    this.bundles = bundleTargets(model);
  }

  /** The facts of a Secret or ConfigMap; undefined when nothing in the render writes or renders it. */
  facts(kind: SourceKind, namespace: string | undefined, name: string): SourceFacts | undefined {
    const ns = namespace ?? "";
    const key = keyOf(kind, ns, name);
    let f = this.cache.get(key);
    if (f === undefined) this.cache.set(key, (f = this.build(kind, ns, name) ?? null));
    return f ?? undefined;
  }

  /** What a key of a Secret or ConfigMap holds as trust, also for objects the render neither renders nor writes (judged by the key's name). */
  contentOf(kind: SourceKind, namespace: string | undefined, name: string, key: string): TrustContent {
    return this.facts(kind, namespace, name)?.contentOf(key) ?? renderedContent(this.model, kind, namespace ?? "", name, key);
  }

  /**
   * The namespaces where the render renders or writes a Secret or ConfigMap of this name (writers
   * whose namespace the render fixes; trust-manager targets are not among them), sorted.
   */
  namespacesOf(kind: SourceKind, name: string): readonly string[] {
    return [...new Set((this.byName.get(`${kind}\u0000${name}`) ?? []).map((w) => w.namespace))].sort();
  }

  /** The trust-manager targets written under this name (the Bundle's name), in every namespace their selector picks. */
  bundleTargetsNamed(name: string): readonly BundleTarget[] {
    return this.bundles.get(name) ?? [];
  }

  /**
   * Secrets with writers whose namespace the render fixes, as "ns/name" → writers (trust-manager
   * targets, written wherever a selector points, are not among them).
   */
  *secretsWithWriters(): Iterable<readonly [string, readonly KeyWriter[]]> {
    for (const list of this.fixed.values()) {
      const first = list[0]!;
      if (first.kind === "Secret") yield [`${first.namespace}/${first.name}`, list];
    }
  }

  private build(kind: SourceKind, ns: string, name: string): SourceFacts | undefined {
    const writers = [...(this.fixed.get(keyOf(kind, ns, name)) ?? [])];
    for (const t of this.bundles.get(name) ?? []) {
      if (t.writer.kind === kind && selectsNamespace(this.model, t.namespaceSelector, ns) !== "no") writers.push({ ...t.writer, namespace: ns });
    }
    const rendered = writers.find((w) => w.type === "rendered")?.object;
    // The kube-controller-manager publishes kube-root-ca.crt in every namespace: known even when not rendered.
    const rootCa = kind === "ConfigMap" && name === KUBE_ROOT_CA_CONFIGMAP;
    if (rootCa && rendered) writers.push(kubeRootCaWriter(rendered));
    if (writers.length === 0 && !rootCa) return undefined;
    const replacing = writers.filter((w) => w.replacesData);
    const keys = rootCa ? new Set(KUBE_ROOT_CA.keys) : new Set((kind === "ConfigMap" && replacing.length ? replacing : writers).flatMap((w) => w.keys));
    const model = this.model;
    // trust-manager's own keys first: it decides what its target holds; then the owning writers.
    const producers = [...writers.filter((w) => w.type === "trust-manager"), ...writers.filter((w) => w.type !== "trust-manager")].filter((w) => w.content);
    const rotating = writers.filter((w) => w.rotation !== undefined);
    const rotation = rootCa ? KUBE_ROOT_CA.rotation : (rotating.find((w) => w.type !== "trust-manager") ?? rotating[0])?.rotation;
    return {
      kind,
      namespace: ns,
      name,
      rendered,
      writers,
      keys,
      issuers: writers.filter((w) => w.dnsNames !== undefined),
      certificates: writers.filter((w) => w.type === "certificate").map((w) => w.object),
      rotation,
      writersOf: (key) => writers.filter((w) => w.keys.includes(key)),
      withholderOf: (key) => (keys.has(key) ? undefined : writers.find((w) => w.withheld?.keys.includes(key))),
      contentOf(key) {
        const producer = producers.find((w) => w.content!.scope === "all" || w.keys.includes(key));
        if (producer) return producedContent(producer.content!.kind, { type: producer.type, description: producer.description }, producer.content!.basis(key));
        if (rootCa) return producedContent(KUBE_ROOT_CA.content.kind, { type: "injector", description: KUBE_ROOT_CA.rotation }, KUBE_ROOT_CA.content.basis());
        return renderedContent(model, kind, ns, name, key);
      },
    };
  }
}

/** What a key holds by what the render shows (its PEM count), else by its name. */
export function renderedContent(model: Model, kind: SourceKind, namespace: string, name: string, key: string): TrustContent {
  const source = { kind, name, key };
  const count = pemCount(model, kind, namespace, name, key);
  if (count !== undefined && count > 0) return countedContent(count >= FULL_BUNDLE_MIN_CERTIFICATES ? "bundle" : count <= PRIVATE_ONLY_MAX_CERTIFICATES ? "private" : "unknown", source, count);
  const base = key.toLowerCase();
  return namedContent(BUNDLE_KEY_NAMES.has(base) ? "bundle" : SINGLE_CA_KEY_NAMES.has(base) ? "private" : "unknown", source);
}

function pemCount(model: Model, kind: SourceKind, namespace: string, name: string, key: string): number | undefined {
  if (kind === "Secret") return model.get("Secret", namespace, name)?.secretKeys?.get(key)?.pemCertificates;
  const value = asString(asRecord(model.get("ConfigMap", namespace, name)?.raw.data)?.[key]);
  return value === undefined ? undefined : (value.match(/-----BEGIN (?:TRUSTED )?CERTIFICATE-----/g) ?? []).length;
}

function keyOf(kind: SourceKind, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}
