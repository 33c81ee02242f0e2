import { defineRule } from "../../src/engine/rule";
import type { RelatedInput } from "../../src/engine/rule";
import type { CertificateGraph, VolumeUse } from "../../src/model/graph";
import { describeObject, servingSecretAnnotation } from "../../src/model/graph";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";
import type { Workload } from "../../src/model/workload";

export default defineRule({
  meta: {
    id: "serving-cert-not-mounted",
    shortDescription: "A Service asks service-ca for a serving certificate that its pods never mount where the server reads it.",
    fullDescription:
      "service.beta.openshift.io/serving-cert-secret-name (or the alpha key) makes OpenShift's service-ca write a certificate for the Service into a Secret. It only helps if the pods behind the Service mount that Secret where the server reads its certificate (--cert-dir, --tls-cert-file, --tls-private-key-file, ...). When no selected pod mounts it, or the server's settings point at another volume, the pods keep serving a certificate the injected service CA did not sign, and clients fail with 'x509: certificate signed by unknown authority'.",
    remediation: "Mount the Secret into the server container at the directory its certificate settings name (or point those settings at the mount).",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "service-ca", "cross-object"],
    precision: "high",
    securitySeverity: 6.5,
    messages: {
      secretNotMounted: "{{service}} asks service-ca for a serving certificate in Secret {{secret}}, but no pod it selects ({{workloads}}) mounts that Secret: the certificate is issued and never served.",
      servedFromElsewhere:
        'Secret {{secret}} (service-ca\'s certificate for {{service}}) is mounted at {{mountPath}} in container "{{container}}" of {{workload}}, but the server reads its certificate from {{setting}}: it keeps serving another certificate, which the injected service CA did not sign.',
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const service of model.byKind("Service")) {
      const ann = servingSecretAnnotation(service);
      if (!ann) continue;
      const ns = service.namespace ?? "";
      const workloads = model.podsSelectedBy(service);
      if (workloads.length === 0) continue; // The pods are not in the render: nothing to judge.
      const uses = graph.usesOf("Secret", ns, ann.value).filter((u) => model.selects(service, u.workload));
      const path = ["metadata", "annotations", ann.key];
      if (uses.length === 0) {
        const dir = serverDir(graph, workloads);
        report({
          object: service,
          path,
          messageId: "secretNotMounted",
          data: { service: describeObject(service), secret: ann.value, workloads: workloads.map((w) => describeObject(w.object)).join(", ") },
          fix: `Mount Secret ${ann.value} into the server container${dir ? ` at ${dir}` : ""}: volumes: [{name: serving-cert, secret: {secretName: ${ann.value}}}] and volumeMounts: [{name: serving-cert, mountPath: ${dir ?? "<the directory the server reads>"}, readOnly: true}].`,
          related: workloads.map((w) => ({ object: w.object, path: [...w.podSpecPath, "volumes"], message: "selected by the Service; does not mount the serving-cert Secret" })),
        });
        continue;
      }
      const misplaced = misplacedUses(graph, uses, ann.value);
      if (misplaced.length === 0) continue;
      const { use, setting } = misplaced[0]!;
      report({
        object: service,
        path,
        messageId: "servedFromElsewhere",
        data: { secret: ann.value, service: describeObject(service), mountPath: use.mount.mountPath, container: use.container.name, workload: describeObject(use.workload.object), setting: setting.text },
        fix: `Mount Secret ${ann.value} where the server looks (${setting.text}), or point the setting at ${use.mount.mountPath}.`,
        related: misplaced.flatMap(({ use: u, setting: s }): RelatedInput[] => [
          { object: u.workload.object, path: u.mount.path, message: `mounts Secret ${ann.value} at ${u.mount.mountPath}` },
          { object: u.workload.object, path: s.path, message: `the server reads ${s.text}` },
        ]),
      });
    }
  },
});

/** Mounts of the Secret in pods whose server reads its certificate from somewhere else. */
function misplacedUses(graph: CertificateGraph, uses: readonly VolumeUse[], secret: string): { use: VolumeUse; setting: { text: string; path: readonly (string | number)[] } }[] {
  const out: { use: VolumeUse; setting: { text: string; path: readonly (string | number)[] } }[] = [];
  const byWorkload = new Map<Workload, VolumeUse[]>();
  for (const u of uses) byWorkload.set(u.workload, [...(byWorkload.get(u.workload) ?? []), u]);
  for (const [workload, wUses] of byWorkload) {
    let firstSetting: { text: string; path: readonly (string | number)[] } | undefined;
    let served = false;
    for (const container of workload.containers) {
      for (const f of graph.serverFactsOf(workload, container).files) {
        firstSetting ??= { text: f.setting, path: f.path };
        const src = graph.resolveFile(workload, container, f.file);
        if (src?.backing?.kind === "Secret" && src.backing.name === secret) served = true;
      }
    }
    // No server settings in the pod: where it reads its certificate is unknown, so nothing is claimed.
    if (served || !firstSetting) continue;
    out.push({ use: wUses[0]!, setting: firstSetting });
  }
  return out;
}

/** The certificate directory a selected pod's server reads, for the fix. */
function serverDir(graph: CertificateGraph, workloads: readonly Workload[]): string | undefined {
  for (const w of workloads) {
    for (const c of w.containers) {
      const f = graph.serverFactsOf(w, c).files.find((x) => x.dir);
      if (f) return f.dir;
    }
  }
  return undefined;
}
