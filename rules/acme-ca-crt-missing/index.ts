import { defineRule } from "../../src/engine/rule";
import type { RelatedInput } from "../../src/engine/rule";
import { describeObject } from "../../src/model/graph";
import type { KeyWriter } from "../../src/model/graph";
import { acmeOf } from "../../src/model/issuers";
import { bundleSources, sourceKeyMatches, trustNamespace } from "../../src/model/sources/bundles";

/** The key cert-manager writes only when the issuer returns a CA. */
const CA = "ca.crt";

const NEVER = "{{writer}} writes it, and {{why}}: cert-manager never writes ca.crt into that Secret (cert-manager#1571, #2111)";

export default defineRule({
  meta: {
    id: "acme-ca-crt-missing",
    shortDescription: "A consumer reads ca.crt from a Secret issued by an ACME issuer, which never writes it.",
    fullDescription:
      "cert-manager writes ca.crt (and the JKS/PKCS#12 trust stores) into a Certificate's Secret only when the issuer returns a CA. The ACME issuer (Let's Encrypt, ZeroSSL, ...) returns only the chain the ACME server sent, so the Secret holds tls.crt and tls.key and never ca.crt (cert-manager#1571, #2111). Whatever reads ca.crt from such a Secret gets nothing: a volume item for ca.crt leaves the pod stuck in ContainerCreating, a CA flag or env var points at a missing file or an unset value, a cert-manager.io/inject-ca-from (or inject-ca-from-secret) annotation injects nothing, so the caBundle stays empty, and a trust-manager Bundle source fails. The Certificate's issuerRef is followed to the Issuer or ClusterIssuer in the render; when the issuer is not in the render nothing is reported.",
    remediation:
      "Trust the ACME CA's public root instead (the system trust store, or a trust-manager Bundle with useDefaultCAs), or issue certificates whose CA clients must trust from a CA or self-signed issuer, whose Secrets carry ca.crt.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "certificate", "cert-manager", "acme", "cross-object"],
    precision: "very-high",
    securitySeverity: 5.0,
    supersedes: ["ca-bundle-path-not-mounted", "webhook-ca-missing"],
    messages: {
      caSettingReads: `{{setting}} in container "{{container}}" reads ca.crt of Secret {{secret}}, but ${NEVER}. The file is never there, so the CA the setting names is never trusted.`,
      envReads: `Env {{env}} in container "{{container}}" takes key ca.crt of Secret {{secret}}, but ${NEVER}. The pod fails to start (CreateContainerConfigError: couldn't find key ca.crt).`,
      mountItemReads: `Volume "{{volume}}" maps key ca.crt of Secret {{secret}}, but ${NEVER}. A volume item for a missing key keeps the pod in ContainerCreating.`,
      injectCaFromReads: `{{annotation}} makes cert-manager's cainjector copy ca.crt of Secret {{secret}} into the caBundle of {{object}}, but ${NEVER}. The caBundle stays empty, and the API server cannot verify the webhook's serving certificate.`,
      bundleSourceReads: `{{bundle}} takes key ca.crt of Secret {{secret}} as a source, but ${NEVER}. trust-manager fails to build the bundle, and its targets are never written.`,
    },
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    const withholder = (namespace: string | undefined, name: string) => model.secretFacts(namespace, name)?.withholderOf(CA);
    const common = (w: KeyWriter, namespace: string | undefined, secret: string) => ({ secret: `${namespace ?? ""}/${secret}`, writer: w.description, why: w.withheld!.why });
    const fix = (w: KeyWriter) =>
      `Do not read ca.crt from this Secret: ${describeObject(w.withheld!.issuer)} issues from ${acmeServer(w)}, whose root is in the system trust store (or a trust-manager Bundle with useDefaultCAs); or ${w.shim ? `point the cert-manager issuer annotation of ${describeObject(w.object)} at` : `issue ${describeObject(w.object)} from`} a CA or self-signed issuer, whose Secrets carry ca.crt.`;
    // Volumes a CA setting already reads ca.crt through: the setting is the finding, not the item too.
    const readBySetting = new Set<string>();

    for (const ct of model.trustStores().containers) {
      const ns = ct.workload.object.namespace;
      for (const s of ct.settings) {
        if (!s.reportPath) continue;
        for (const p of s.paths) {
          const key = p.source.key;
          if (key?.kind !== "Secret" || key.key !== CA) continue;
          const w = withholder(ns, key.name);
          if (!w) continue;
          if (p.source.mount?.volume) readBySetting.add(`${ct.workload.object.seq}/${p.source.mount.volume.name}`);
          report({
            object: ct.workload.object,
            path: s.reportPath,
            messageId: "caSettingReads",
            data: { ...common(w, ns, key.name), setting: s.label, container: ct.container.name },
            fix: fix(w),
            related: chain(w),
            rootCause: s.rootCause,
          });
        }
      }
    }

    for (const workload of model.workloads) {
      const ns = workload.object.namespace;
      for (const container of workload.containers) {
        for (const env of container.env.values()) {
          // Only env entries (secretKeyRef); envFrom imports the keys the Secret has.
          if (env.source.kind !== "secret" || env.source.key !== CA || env.path[env.path.length - 2] !== "env") continue;
          const w = withholder(ns, env.source.name);
          if (!w) continue;
          report({ object: workload.object, path: [...env.path, "valueFrom", "secretKeyRef", "key"], messageId: "envReads", data: { ...common(w, ns, env.source.name), env: env.name, container: container.name }, fix: fix(w), related: chain(w) });
        }
      }
      for (const volume of workload.volumes.values()) {
        if (readBySetting.has(`${workload.object.seq}/${volume.name}`)) continue;
        const s = volume.source;
        const secrets = s.type === "secret" ? [s] : s.type === "projected" ? s.sources.flatMap((p) => (p.type === "secret" ? [p] : [])) : [];
        for (const secret of secrets) {
          const item = secret.items?.find((i) => i.key === CA);
          const w = item ? withholder(ns, secret.name) : undefined;
          if (!item || !w) continue;
          report({ object: workload.object, path: [...volume.path, ...item.keyAt], messageId: "mountItemReads", data: { ...common(w, ns, secret.name), volume: volume.name }, fix: fix(w), related: chain(w) });
        }
      }
    }

    for (const object of graph.callSiteObjects) {
      for (const a of graph.injectorAnnotations(object)) {
        if (!a.effective) continue;
        const secret = graph.injectedCaSecret(a);
        const w = secret ? withholder(secret.namespace, secret.name) : undefined;
        if (!secret || !w) continue;
        report({
          object,
          path: a.path,
          messageId: "injectCaFromReads",
          data: { ...common(w, secret.namespace, secret.name), annotation: `${a.key}: ${a.value}`, object: describeObject(object) },
          fix: fix(w),
          related: chain(w),
          // The same empty caBundle webhook-ca-missing reports: this finding says why.
          rootCause: "cabundle-unfilled",
        });
      }
    }

    const trust = trustNamespace(model);
    for (const bundle of model.byKind("Bundle", "ClusterBundle")) {
      for (const ref of bundleSources(bundle)) {
        if (ref.kind !== "Secret" || !ref.key || !sourceKeyMatches(ref.key, CA)) continue;
        const w = withholder(trust.namespace, ref.name);
        // A ClusterBundle pattern that also selects a key the Secret does hold (`*`, `*.crt`) reads that key instead.
        if (!w || w.keys.some((k) => sourceKeyMatches(ref.key!, k))) continue;
        report({ object: bundle, path: ref.key.path, messageId: "bundleSourceReads", data: { ...common(w, trust.namespace, ref.name), bundle: describeObject(bundle) }, fix: fix(w), related: chain(w) });
      }
    }
  },
});

/** The Certificate that writes the Secret and the issuer that returns no CA. */
function chain(w: KeyWriter): RelatedInput[] {
  return [
    // A shim's Certificate exists only at run time: point at where its owner names the Secret.
    { object: w.object, path: w.shim ? w.path : ["spec", "issuerRef", "name"], message: `writes the Secret with ${w.keys.join(", ")}` },
    { object: w.withheld!.issuer, path: ["spec", "acme"], message: "returns no CA, so no ca.crt" },
  ];
}

/** "the ACME server https://acme-v02.api.letsencrypt.org/directory". */
function acmeServer(w: KeyWriter): string {
  const server = acmeOf(w.withheld!.issuer)?.server;
  return typeof server === "string" && server ? `the ACME server ${server}` : "an ACME server";
}
