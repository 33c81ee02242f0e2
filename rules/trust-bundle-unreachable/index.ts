import { defineRule } from "../../src/engine/rule";
import type { RelatedInput, ReportInput } from "../../src/engine/rule";
import { describeObject } from "../../src/model/graph";
import type { KeyWriter, CertificateGraph, VolumeUse } from "../../src/model/graph";
import type { Model } from "../../src/model/model";
import { bundleSources, trustNamespace } from "../../src/model/sources/bundles";
import { selectsNamespace } from "../../src/model/sources/namespace-selector";
import { trustManagerBundles } from "../../src/model/sources/writers";
import type { JsonPath, K8sObject } from "../../src/model/types";
import { asRecord, asString } from "../../src/model/values";

type MessageId = "sourceOutsideTrustNamespace" | "targetMissesConsumers" | "keyNotWritten";
type Report = (r: ReportInput<MessageId>) => void;

export default defineRule({
  meta: {
    id: "trust-bundle-unreachable",
    shortDescription: "A trust-manager Bundle cannot reach its consumers: a source outside the trust namespace, a target not written where its consumers run, or a key it does not write.",
    fullDescription:
      "trust-manager reads the ConfigMaps and Secrets a Bundle (trust.cert-manager.io/v1alpha1) or ClusterBundle (trust-manager.io/v1alpha2) names as sources only from its trust namespace (--trust-namespace, cert-manager by default): a source rendered in another namespace is 'not found' and the Bundle never syncs. It writes each target (a ConfigMap or Secret named after the Bundle) only into the namespaces its namespaceSelector selects: pods in a namespace it excludes mount a ConfigMap that never appears and stay in ContainerCreating. And a target holds only the keys the Bundle names (target.configMap.key, target.secret.key, additionalFormats.jks.key and pkcs12.key, or ClusterBundle target data keys): a volume item or a CA setting that reads any other key finds nothing. Namespaces are judged by their rendered labels (and kubernetes.io/metadata.name, which every namespace has); a selector the render cannot answer is not judged.",
    remediation:
      "Render the Bundle's sources in trust-manager's trust namespace (or set --trust-namespace / app.trust.namespace to where they are), label the consumers' namespaces so the target's namespaceSelector selects them, and read only the keys the Bundle writes (add additionalFormats.jks or pkcs12 when a Java or .NET consumer needs a keystore).",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "trust-store", "trust-manager", "cross-object"],
    precision: "high",
    securitySeverity: 6.0,
    supersedes: ["ca-bundle-path-not-mounted"],
    messages: {
      sourceOutsideTrustNamespace:
        '{{bundle}} names {{kind}} "{{name}}" as a source, but trust-manager reads sources only from its trust namespace {{trustNamespace}} ({{basis}}), and the render has {{kind}} {{name}} only in {{found}}: the Bundle fails with "{{kind}} not found" and its targets are never written.',
      targetMissesConsumers:
        '{{bundle}} writes its {{kind}} target "{{name}}" only into namespaces its namespaceSelector selects, and it does not select {{namespaces}}, where {{consumers}}: {{kind}} {{name}} never exists there, so those pods stay in ContainerCreating ({{kindLower}} "{{name}}" not found) or start without the CA.',
      keyNotWritten:
        '{{consumer}} reads key "{{key}}" of {{kind}} {{namespace}}/{{name}}, but {{bundle}} writes only {{keys}} there: {{effect}}.',
    },
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    sourcesOutsideTrustNamespace(model, report);
    targetsMissingConsumers(model, graph, report);
    keysNotWritten(model, graph, report);
  },
});

/** Sources named by a Bundle that the render has only outside the trust namespace. */
function sourcesOutsideTrustNamespace(model: Model, report: Report): void {
  const trust = trustNamespace(model);
  const sources = model.sources();
  for (const bundle of trustManagerBundles(model)) {
    for (const ref of bundleSources(bundle)) {
      if (sources.facts(ref.kind, trust.namespace, ref.name)) continue;
      const found = sources.namespacesOf(ref.kind, ref.name);
      // Not in the render at all: created outside it, nothing to judge. Written without a
      // namespace: `kubectl apply -n` or `helm install -n` decides, maybe the trust namespace.
      if (found.length === 0 || found.some((ns) => sources.facts(ref.kind, ns, ref.name)?.writers.some((w) => !namespaceWritten(w.object)))) continue;
      const related: RelatedInput[] = found.flatMap((ns) => sources.facts(ref.kind, ns, ref.name)?.writers.slice(0, 1) ?? []).map((w) => ({ object: w.object, path: w.path, message: `${ref.kind} ${ref.name} is ${w.type === "rendered" ? "rendered" : `written by ${w.description}`} in namespace ${w.namespace}` }));
      report({
        object: bundle,
        path: ref.path,
        messageId: "sourceOutsideTrustNamespace",
        data: { bundle: describeObject(bundle), kind: ref.kind, name: ref.name, trustNamespace: trust.namespace, basis: trust.basis, found: `namespace ${found.join(", ")}` },
        fix: `Render ${ref.kind} ${ref.name} in namespace ${trust.namespace} (trust-manager's trust namespace), or install trust-manager with --trust-namespace=${found[0]!} (Helm: app.trust.namespace=${found[0]!}).`,
        related,
        // Without trust-manager in the render the trust namespace is its default, which an install may change.
        ...(trust.fromRender ? {} : { severity: "warning" as const }),
      });
    }
  }
}

/** Targets whose namespaceSelector excludes a namespace where pods mount them. */
function targetsMissingConsumers(model: Model, graph: CertificateGraph, report: Report): void {
  const sources = model.sources();
  const seen = new Set<string>();
  for (const bundle of trustManagerBundles(model)) {
    for (const target of sources.bundleTargetsNamed(bundle.name)) {
      const w = target.writer;
      if (w.object !== bundle || seen.has(`${bundle.seq}:${w.kind}`)) continue;
      seen.add(`${bundle.seq}:${w.kind}`);
      const missed = new Map<string, VolumeUse[]>();
      for (const use of graph.usesNamed(w.kind, w.name)) {
        const ns = use.workload.object.namespace ?? "";
        // A workload without a namespace runs wherever it is applied: the namespace is not known.
        if (!namespaceWritten(use.workload.object) || selectsNamespace(model, target.namespaceSelector, ns) !== "no") continue;
        // Something else renders or writes an object of that name there: it is not this target's consumer.
        if (sources.facts(w.kind, ns, w.name)) continue;
        missed.set(ns, [...(missed.get(ns) ?? []), use]);
      }
      if (missed.size === 0) continue;
      const uses = [...missed.values()].flat();
      const consumers = [...new Set(uses.map((u) => describeObject(u.workload.object)))];
      report({
        object: bundle,
        path: asRecord(asRecord(asRecord(bundle.raw.spec)?.target))?.namespaceSelector !== undefined ? ["spec", "target", "namespaceSelector"] : ["spec", "target"],
        messageId: "targetMissesConsumers",
        data: {
          bundle: describeObject(bundle),
          kind: w.kind,
          kindLower: w.kind.toLowerCase(),
          name: w.name,
          namespaces: [...missed.keys()].map((ns) => `namespace ${ns}`).join(", "),
          consumers: `${consumers.join(", ")} ${consumers.length === 1 ? "mounts" : "mount"} it`,
        },
        fix: `Label namespace ${[...missed.keys()].join(", ")} so that spec.target.namespaceSelector of ${describeObject(bundle)} selects it (or widen the selector).`,
        related: dedupe(uses.map((u) => ({ object: u.workload.object, path: u.mount.volume?.path ?? u.mount.path, message: `container "${u.container.name}" mounts ${w.kind} ${w.name} in namespace ${u.workload.object.namespace ?? ""}` }))),
        rootCause: `trust-bundle-target:${w.kind}:${w.name}`,
      });
    }
  }
}

/** Volume items and CA settings that read a key of a trust-manager target that the Bundle does not write. */
function keysNotWritten(model: Model, graph: CertificateGraph, report: Report): void {
  const sources = model.sources();
  const done = new Set<string>();
  const bundleWriter = (kind: "ConfigMap" | "Secret", ns: string, name: string): { writer: KeyWriter; keys: readonly string[] } | undefined => {
    const facts = sources.facts(kind, ns, name);
    const writer = facts?.writers.find((w) => w.type === "trust-manager");
    return writer && facts?.keys ? { writer, keys: [...facts.keys] } : undefined;
  };
  const emit = (object: K8sObject, path: JsonPath, consumer: string, kind: "ConfigMap" | "Secret", ns: string, name: string, key: string, found: { writer: KeyWriter; keys: readonly string[] }, rootCause: string | undefined) => {
    const id = `${object.seq}:${path.join(".")}:${key}`;
    if (done.has(id)) return;
    done.add(id);
    const w = found.writer;
    report({
      object,
      path,
      messageId: "keyNotWritten",
      data: { consumer, key, kind, namespace: ns, name, bundle: describeObject(w.object), keys: found.keys.map((k) => `"${k}"`).join(", "), effect: effectOf(key, rootCause !== undefined) },
      fix: fixFor(key, found.keys, w),
      related: [{ object: w.object, path: w.path, message: `the ${kind} target's keys are written here` }],
      ...(rootCause ? { rootCause } : {}),
    });
  };
  for (const bundle of trustManagerBundles(model)) {
    for (const kind of ["ConfigMap", "Secret"] as const) {
      for (const use of graph.usesNamed(kind, bundle.name)) {
        const ns = use.workload.object.namespace ?? "";
        const found = bundleWriter(kind, ns, use.name);
        if (!found || !use.items || !use.mount.volume) continue;
        for (const item of use.items) {
          if (found.keys.includes(item.key)) continue;
          emit(use.workload.object, [...use.mount.volume.path, ...item.keyAt], `container "${use.container.name}" of ${describeObject(use.workload.object)} (volume "${use.mount.volume.name}")`, kind, ns, use.name, item.key, found, undefined);
        }
      }
    }
  }
  // CA settings that name a file of a whole mounted target: the file is the key.
  for (const ct of model.trustStores().containers) {
    for (const s of ct.settings) {
      if (!s.reportPath) continue;
      for (const p of s.paths) {
        const key = p.source.key;
        const source = p.source.mount?.volume?.source;
        if (!key || key.exists !== false || !source || (source.type !== "configMap" && source.type !== "secret") || source.items) continue;
        const ns = ct.workload.object.namespace ?? "";
        const found = bundleWriter(key.kind, ns, key.name);
        if (found) emit(ct.workload.object, s.reportPath, `${s.label} in container "${ct.container.name}" of ${describeObject(ct.workload.object)}`, key.kind, ns, key.name, key.key, found, s.rootCause);
      }
    }
  }
}

/** What a missing key does: a volume item naming it keeps the pod from starting; a setting naming the file finds nothing. */
function effectOf(key: string, viaSetting: boolean): string {
  if (/\.(jks|p12|pfx|keystore|truststore)$/i.test(key)) return "the keystore file never appears, so the JVM or .NET runtime reading it fails to start or trusts nothing of the Bundle";
  return viaSetting ? "the setting names a file that never appears, so the CA the Bundle carries is not trusted" : "a volume item naming a missing key keeps the pod in ContainerCreating";
}

function fixFor(key: string, keys: readonly string[], w: KeyWriter): string {
  const jks = /\.(jks|keystore|truststore)$/i.test(key);
  const p12 = /\.(p12|pfx)$/i.test(key);
  const add = jks ? ` or add spec.target.additionalFormats.jks.key: ${key} to ${describeObject(w.object)}` : p12 ? ` or add spec.target.additionalFormats.pkcs12.key: ${key} to ${describeObject(w.object)}` : ` or make ${describeObject(w.object)} write "${key}"`;
  return `Read a key the Bundle writes (${keys.join(", ")})${add}.`;
}

/** Whether the manifest names the object's namespace (else the install's -n decides it). */
function namespaceWritten(o: K8sObject): boolean {
  return asString(asRecord(o.raw.metadata)?.namespace) !== undefined;
}

function dedupe(list: readonly RelatedInput[]): RelatedInput[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = `${r.object.seq}|${(r.path ?? []).join(".")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
