import { defineRule } from "../../src/engine/rule";
import type { MessageData, RelatedInput } from "../../src/engine/rule";
import { SERVICE_CA, serviceCaEnabled } from "../../src/knowledge/ca-injection";
import type { CertFileUse, KeyWriter, ResolvedFile, CertificateGraph } from "../../src/model/graph";
import { annotationsOf } from "../../src/model/graph";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";
import type { Model } from "../../src/model/model";
import type { Container, Workload } from "../../src/model/workload";

/** The volume types that carry material someone else writes; others (emptyDir, ...) are filled by the program. */
const FED_BY = new Set(["secret", "configMap", "projected"]);

interface Missing {
  readonly file: string;
  /** Files missing for the same reason share it: "Secret x (written by ...)" or "nothing is mounted at /d". */
  readonly reason: string;
  /** The sentence for the files with this reason, given the names joined ("tls.crt and ca.crt"). */
  readonly say: (names: readonly string[]) => string;
  readonly related: readonly RelatedInput[];
}

export default defineRule({
  meta: {
    id: "cert-dir-incomplete",
    shortDescription: "A TLS server's certificate directory or files are fed by volumes that lack a key it reads.",
    fullDescription:
      "A server reads its serving certificate from files: a directory (--cert-dir) holding fixed names, or --tls-cert-file / --tls-private-key-file. When the Secret, ConfigMap or projected volume mounted there will not hold one of them, the server fails to start or serves nothing. The keys are judged by who writes each Secret, not only by what the render shows: a service-ca Secret has only tls.crt and tls.key (no ca.crt), an inject-cabundle ConfigMap has only service-ca.crt. external-secrets' webhook needs tls.crt, tls.key and ca.crt in its --cert-dir and exits without ca.crt (incident 2, OLM#3480).",
    remediation:
      "Feed the directory from a projected volume that combines the sources under the names the server reads, e.g. the service-ca Secret (tls.crt, tls.key) plus the inject-cabundle ConfigMap mapped as items: [{key: service-ca.crt, path: ca.crt}].",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "webhook", "cross-object"],
    precision: "high",
    securitySeverity: 6.0,
    messages: {
      serverFilesMissing: 'The {{server}} (container "{{container}}") reads {{files}} from {{setting}}, but {{why}}. Without {{them}}, it exits at start (or never serves TLS).',
      containerFilesMissing: 'Container "{{container}}" reads {{files}} from {{setting}}, but {{why}}. Without {{them}}, it cannot load its certificate.',
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    const caConfigMaps = serviceCaConfigMaps(model);
    for (const workload of model.workloads) {
      for (const container of workload.containers) {
        const groups = new Map<string, CertFileUse[]>();
        for (const use of graph.serverFactsOf(workload, container).files) groups.set(use.setting, [...(groups.get(use.setting) ?? []), use]);
        for (const uses of groups.values()) {
          const first = uses[0]!;
          // A known server's directory must be there; anything else counts only once a volume feeds it.
          const required = first.server !== undefined && first.dir !== undefined;
          let fed = false;
          const missing: Missing[] = [];
          for (const use of uses) {
            const src = graph.resolveFile(workload, container, use.file);
            if (!src) {
              const where = `nothing is mounted at ${use.dir ?? use.file}`;
              if (required) missing.push({ file: use.file, reason: where, say: (names) => `${list(names)}: ${where}`, related: [] });
              continue;
            }
            if (!src.volumeType || !FED_BY.has(src.volumeType)) continue;
            fed = true;
            if (src.backing?.exists === false) missing.push(explain(graph, workload, src, use.file));
          }
          if (missing.length === 0 || !(fed || required)) continue;
          report({
            object: workload.object,
            path: first.path,
            ...message(container, uses, missing),
            fix: fixFor(uses, missing, caConfigMaps.get(workload.object.namespace ?? "")),
            related: missing.flatMap((m) => m.related),
          });
        }
      }
    }
  },
});

function message(container: Container, uses: readonly CertFileUse[], missing: readonly Missing[]): { messageId: "serverFilesMissing" | "containerFilesMissing"; data: MessageData } {
  const first = uses[0]!;
  const files = uses.map((u) => basename(u.file, u.dir));
  // One sentence per distinct reason: "tls.crt, tls.key and ca.crt: nothing is mounted at /certs".
  const byReason = new Map<string, { say: Missing["say"]; names: string[] }>();
  for (const m of missing) {
    const entry = byReason.get(m.reason) ?? { say: m.say, names: [] };
    entry.names.push(basename(m.file, first.dir));
    byReason.set(m.reason, entry);
  }
  const why = [...byReason.values()].map((e) => e.say(e.names)).join("; ");
  const data = { container: container.name, files: first.dir ? list(files) : "its certificate", setting: first.setting, why, them: missing.length > 1 ? "them" : "it" };
  return first.server ? { messageId: "serverFilesMissing", data: { ...data, server: first.server.description } } : { messageId: "containerFilesMissing", data };
}

function explain(graph: CertificateGraph, workload: Workload, src: ResolvedFile, file: string): Missing {
  const ns = workload.object.namespace ?? "";
  const b = src.backing!;
  const related: RelatedInput[] = [];
  const volumeItems = src.mount.volume?.source;
  const itemized = volumeItems && (volumeItems.type === "secret" || volumeItems.type === "configMap") && volumeItems.items !== undefined;
  if (b.kind === "Secret") {
    const writers = graph.secretWriters(ns, b.name);
    for (const w of writers) related.push({ object: w.object, path: w.path, message: `writes Secret ${b.name} with ${w.keys.length ? w.keys.join(", ") : "no keys"}` });
    // A writer that withholds a key says why (an ACME issuer returns no CA, so no ca.crt).
    const withheld = (w: KeyWriter) => (w.withheld ? `: ${w.withheld.why}, so no ${w.withheld.keys.join(", ")}` : "");
    const by = writers.length ? ` (written by ${writers.map((w) => `${w.description}, with ${w.keys.length ? w.keys.join(", ") : "no keys"}${withheld(w)}`).join("; ")})` : "";
    if (itemized) return { file, reason: `items:${b.name}`, say: (names) => `volume "${src.mount.name}" maps no key of Secret ${b.name} to ${list(names)}`, related };
    return { file, reason: `Secret:${b.name}`, say: (names) => `Secret ${b.name} will have ${names.length > 1 ? "none of" : "no"} ${list(names)}${by}`, related };
  }
  const injections = graph.configMapInjections(ns, b.name);
  for (const i of injections) related.push({ object: i.object, message: `${i.description} leaves only ${i.keys.join(", ")} in ConfigMap ${b.name}` });
  const by = injections.length ? ` (its data is replaced by ${injections[0]!.description}, which leaves only ${injections[0]!.keys.join(", ")})` : "";
  return { file, reason: `ConfigMap:${b.name}:${b.key}`, say: (names) => `ConfigMap ${b.name} will have no key "${b.key}" for ${list(names)}${by}`, related };
}

function fixFor(uses: readonly CertFileUse[], missing: readonly Missing[], caConfigMap: string | undefined): string {
  const first = uses[0]!;
  const names = missing.map((m) => basename(m.file, first.dir));
  if (first.dir && names.includes("ca.crt") && caConfigMap) {
    return (
      `Mount a projected volume at ${first.dir} that adds the service CA as ca.crt: ` +
      `projected: {sources: [{secret: {name: <the serving-cert Secret>}}, {configMap: {name: ${caConfigMap}, items: [{key: ${SERVICE_CA.configMapKey}, path: ca.crt}]}}]} (a directory mount, not subPath, so renewals reach the pod).`
    );
  }
  const where = first.dir ?? first.file;
  return `Make the volume at ${where} provide ${list(names)}: have its Secret's writer produce ${missing.length > 1 ? "them" : "it"}, or mount a projected volume combining the sources, with items: [{key: <key>, path: ${names[0]}}].`;
}

/** The first ConfigMap per namespace that service-ca fills with its CA, for fixes. */
function serviceCaConfigMaps(model: Model): Map<string, string> {
  const out = new Map<string, string>();
  for (const cm of model.byKind("ConfigMap")) {
    const a = annotationsOf(cm);
    const ns = cm.namespace ?? "";
    if (!out.has(ns) && (serviceCaEnabled(a[SERVICE_CA.injectBeta]) || serviceCaEnabled(a[SERVICE_CA.injectAlpha]))) out.set(ns, cm.name);
  }
  return out;
}

function basename(file: string, dir: string | undefined): string {
  return dir && file.startsWith(dir + "/") ? file.slice(dir.length + 1) : file;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

