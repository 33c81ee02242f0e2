import { defineRule } from "../../src/engine/rule";
import type { RelatedInput } from "../../src/engine/rule";
import { describeGenerated } from "../../src/model/generated-certs";
import type { GeneratedCertificate, GeneratedFeed } from "../../src/model/generated-certs";
import { describeObject } from "../../src/model/graph";

export default defineRule({
  meta: {
    id: "generated-cert-not-stable",
    shortDescription: "A Helm template generates a CA, certificate or key for a Secret or caBundle, so it changes on every upgrade or sync.",
    fullDescription:
      "Sprig's genCA, genSelfSignedCert, genSignedCert and genPrivateKey (and their WithKey forms) return new material each time Helm renders the template. When a chart writes it into a Secret or a webhook, APIService or CRD caBundle, every helm upgrade replaces the CA and the serving certificate: pods that loaded the old pair keep serving it while the API server trusts the new CA (webhook calls fail with 'x509: certificate signed by unknown authority' until the pods restart), and GitOps tools show the objects out of sync forever (aws/eks-charts#555, dapr#2743, opentelemetry-helm-charts#2172). Charts that read the old Secret back with lookup keep it across helm upgrade, but lookup returns nothing under helm template, --dry-run and GitOps tools that render without a cluster (Argo CD), so there it still changes on every render: info. Needs the chart's templates, so it applies to chart targets; the finding points at the template line of the gen* call.",
    remediation:
      "Let cert-manager issue the certificate (a Certificate plus cert-manager.io/inject-ca-from for the caBundle), or take it from values or an existing Secret; at least reuse the one in the cluster with lookup and generate only when it is absent.",
    severity: "warning",
    incident: "k",
    tags: ["security", "tls", "certificate", "helm", "gitops", "webhook"],
    precision: "high",
    securitySeverity: 4.0,
    messages: {
      regenerated:
        "{{call}} in {{template}} makes a new {{what}} on every render, and the chart writes it into {{feeds}}: each helm upgrade replaces it, so pods still serving the old one fail TLS with the new CA until they restart, and GitOps tools never see the objects in sync.",
      regeneratedWithoutCluster:
        "{{call}} in {{template}} makes a new {{what}} for {{feeds}}; the chart reuses the one in the cluster through lookup on helm install and upgrade, but lookup returns nothing under helm template, --dry-run and GitOps tools that render without a cluster (Argo CD), so there it changes on every render and sync.",
    },
  },
  check({ model, report }) {
    for (const g of model.generatedCertificates()) {
      const primary = primaryFeed(g);
      const what = describeGenerated(g.call);
      const data = { call: g.call, template: g.template, what, feeds: describeFeeds(g.feeds) };
      const related: RelatedInput[] = [];
      for (const f of g.feeds) {
        if (f.object === primary.object || related.some((r) => r.object === f.object)) continue;
        related.push({ object: f.object, path: f.path, message: `also written with the generated ${what} (${placeOf(f)})` });
      }
      const common = { object: primary.object, path: primary.path, related, templateSite: g.at, rootCause: `generated:${g.at.file}:${g.at.line}:${g.at.column}` };
      if (g.reuse === "lookup") report({ ...common, messageId: "regeneratedWithoutCluster", data, severity: "info", fix: withoutClusterFix(g) });
      else report({ ...common, messageId: "regenerated", data, fix: regeneratedFix(g, primary) });
    }
  },
});

/**
 * The value a finding is about: a Secret key before a caBundle, and the key that holds what the
 * call makes (ca.crt for genCA, tls.crt for a serving certificate) when a named template hands
 * the whole set over in one dict, so two calls feeding one Secret stay two findings.
 */
function primaryFeed(g: GeneratedCertificate): GeneratedFeed {
  const isCa = g.call.startsWith("genCA");
  const keyOf = (f: GeneratedFeed) => String(f.path[1] ?? f.path[0]);
  const secrets = g.feeds.filter((f) => f.object.kind === "Secret");
  const matching = secrets.find((f) => /^ca\b|^ca[._-]|ca\.crt$/i.test(keyOf(f)) === isCa);
  return matching ?? secrets[0] ?? g.feeds[0]!;
}

/** "Secret web/web-tls (tls.crt, tls.key) and the caBundle of MutatingWebhookConfiguration web" */
function describeFeeds(feeds: readonly GeneratedFeed[]): string {
  const byObject = new Map<GeneratedFeed["object"], GeneratedFeed[]>();
  for (const f of feeds) byObject.set(f.object, [...(byObject.get(f.object) ?? []), f]);
  const parts = [...byObject].map(([o, fs]) => {
    if (o.kind === "Secret") {
      const keys = [...new Set(fs.map((f) => String(f.path[1] ?? f.path[0])))];
      return `${describeObject(o)} (${keys.join(", ")})`;
    }
    return fs.some((f) => f.path.includes("caBundle")) ? `the caBundle of ${describeObject(o)}` : describeObject(o);
  });
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]!}`;
}

function placeOf(f: GeneratedFeed): string {
  return f.object.kind === "Secret" ? `key ${String(f.path[1] ?? f.path[0])}` : "caBundle";
}

function regeneratedFix(g: GeneratedCertificate, primary: GeneratedFeed): string {
  const secret = primary.object.kind === "Secret" ? primary.object.name : "<the Secret>";
  return `Let cert-manager issue the certificate (a Certificate writing Secret ${secret}, and cert-manager.io/inject-ca-from on the webhook or APIService for its caBundle), or take it from values or an existing Secret. At least reuse what the cluster holds and call ${g.call} only when it is absent: {{- $secret := lookup "v1" "Secret" .Release.Namespace "${secret}" }}{{- if $secret }}...reuse $secret.data...{{- else }}...${g.call}...{{- end }}.`;
}

function withoutClusterFix(g: GeneratedCertificate): string {
  return `Where the chart is rendered without a cluster (Argo CD, helm template in CI), let cert-manager issue the certificate and inject the caBundle (cert-manager.io/inject-ca-from), or pass the certificate in through values or an existing Secret instead of ${g.call}; ignoreDifferences on the Secret data and caBundle only hides the change from the diff.`;
}
