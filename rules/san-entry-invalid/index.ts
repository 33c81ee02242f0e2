import { defineRule } from "../../src/engine/rule";
import type { ReportInput } from "../../src/engine/rule";
import { CERT_MANAGER_SAN_FIELDS, K0S_SAN_FIELDS, KUBEADM_SAN_FIELDS } from "../../src/knowledge/san-fields";
import type { SanField } from "../../src/knowledge/san-fields";
import { at, k0sClusterConfigs, kubeadmConfigSets } from "../../src/model/control-plane";
import type { EmbeddedConfig } from "../../src/model/control-plane";
import { sanProblem } from "../../src/model/san";
import type { SanProblem } from "../../src/model/san";
import { asArray, asString } from "../../src/model/values";

export default defineRule({
  meta: {
    id: "san-entry-invalid",
    shortDescription: "A subject-alternative-name entry cannot match any client: a CIDR, a URL, a port, spaces, a bare *, or an IP where names go (or a name where IPs go).",
    fullDescription:
      "SAN lists name exact hosts. A CIDR (10.0.0.0/24), a URL (https://api.example.com), a host with a port (api.example.com:6443), an entry with spaces, a bare * or a wildcard that is not a whole left-most label match no client: TLS clients compare the dialled name or IP with each entry literally. An IP in cert-manager dnsNames never matches a client dialling that IP (IPs match IP SANs only); a name in ipAddresses is rejected. kubeadm certSANs and k0s sans take both IPs and names, but both validate them and refuse the configuration (k0s also refuses wildcards, kubeadm upper-case names). Checked: cert-manager Certificate dnsNames, ipAddresses, uris and emailAddresses; kubeadm apiServer.certSANs and etcd server/peer SANs (also inside Cluster API objects); k0s spec.api.sans and externalAddress (also inside k0sctl).",
    remediation: "List each exact host name or IP address clients dial, in the field that takes it: names in dnsNames, IPs in ipAddresses; no scheme, port, path, range or spaces.",
    severity: "error",
    incident: 4,
    tags: ["security", "tls", "certificate", "san", "control-plane"],
    precision: "very-high",
    securitySeverity: 5.5,
    messages: {
      invalidEntry: "{{where}} entry {{entry}} {{problem}}: {{consequence}}.",
    },
  },
  check({ model, report }) {
    for (const o of model.byKind("Certificate")) {
      if (!o.apiVersion.startsWith("cert-manager.io/")) continue;
      const ips = new Set(asArray(at(o.raw, "spec", "ipAddresses")).map((v) => asString(v) ?? ""));
      checkFields({ object: o, base: [], config: o.raw }, CERT_MANAGER_SAN_FIELDS, "Certificate", report, (value, problem) => problem.kind === "ip-in-dns" && ips.has(value));
    }
    for (const set of kubeadmConfigSets(model)) checkFields(set.cluster, KUBEADM_SAN_FIELDS, "ClusterConfiguration", report);
    for (const k0s of k0sClusterConfigs(model)) checkFields(k0s, K0S_SAN_FIELDS, "ClusterConfig", report);
  },
});

function checkFields(doc: EmbeddedConfig, fields: readonly SanField[], docKind: string, report: (input: ReportInput<"invalidEntry">) => void, harmless?: (value: string, problem: SanProblem) => boolean): void {
  for (const field of fields) {
    const value = at(doc.config, ...field.path);
    const entries = field.single ? (value === undefined || value === "" ? [] : [{ value, path: [...doc.base, ...field.path] }]) : asArray(value).map((v, i) => ({ value: v, path: [...doc.base, ...field.path, i] }));
    for (const entry of entries) {
      const text = asString(entry.value);
      if (text === undefined) continue;
      const problem = sanProblem(text, field.kind, field.grammar);
      if (!problem || harmless?.(text, problem)) continue;
      const name = field.path.join(".");
      const where = doc.base.length ? `${docKind} ${name}` : name;
      report({
        object: doc.object,
        path: entry.path,
        messageId: "invalidEntry",
        data: { where, entry: JSON.stringify(text), problem: describe(problem, field), consequence: field.consequence },
        fix: fixFor(text, problem, field),
      });
    }
  }
}

function describe(problem: SanProblem, field: SanField): string {
  switch (problem.kind) {
    case "empty":
      return "is empty";
    case "space":
      return "contains spaces (several entries written as one?)";
    case "url":
      return "is a URL, not a host name";
    case "cidr":
      return "is a CIDR range; a SAN matches one exact address, never a range";
    case "port":
      return `carries a port (:${problem.port}); a SAN names a host, not an endpoint`;
    case "path":
      return "contains a path";
    case "ip-in-dns":
      return "is an IP address in a DNS-name list; TLS clients match an IP only against IP SANs, so a client dialling it fails with x509";
    case "name-in-ip":
      return "is not an IP address";
    case "bare-wildcard":
      return "is a bare *, which matches no host name";
    case "bad-wildcard":
      return "uses * other than as the whole left-most label";
    case "wildcard-not-allowed":
      return "is a wildcard, which k0s does not accept";
    case "upper-case":
      return "has upper-case letters, which the RFC 1123 check rejects";
    case "not-a-name":
      return field.kind === "dns-or-ip" ? "is neither an IP address nor a valid DNS name" : "is not a valid DNS name";
    case "not-a-uri":
      return "has no URI scheme";
    case "not-an-email":
      return "is not a bare e-mail address";
  }
}

function fixFor(value: string, problem: SanProblem, field: SanField): string {
  const list = field.path.join(".");
  switch (problem.kind) {
    case "empty":
      return `Remove the empty entry from ${list}.`;
    case "space":
      return `Write one entry per list item: ${problem.parts.map((p) => JSON.stringify(p)).join(", ")}.`;
    case "url":
      return `Write the host only: ${JSON.stringify(problem.host)}.`;
    case "cidr":
      return `List each address clients dial (for example the load balancer's and each controller's IP) instead of ${value}.`;
    case "port":
      return `Drop the port: ${JSON.stringify(problem.host)}.`;
    case "path":
    case "not-a-name":
      return "Write the exact host name or IP address clients dial.";
    case "ip-in-dns":
      return `Move ${JSON.stringify(value)} to spec.ipAddresses.`;
    case "name-in-ip":
      return `Move ${JSON.stringify(value)} to spec.dnsNames (or write the IP address it stands for).`;
    case "bare-wildcard":
      return "List the names clients dial, or a one-level wildcard such as *.apps.example.com.";
    case "bad-wildcard":
      return "A wildcard covers exactly one whole left-most label (*.apps.example.com); list other names explicitly.";
    case "wildcard-not-allowed":
      return "List each name explicitly; k0s takes only IP addresses and DNS names.";
    case "upper-case":
      return `Write it in lower case: ${JSON.stringify(value.toLowerCase())}.`;
    case "not-a-uri":
      return "Write the full URI, for example spiffe://cluster.local/ns/<namespace>/sa/<service-account>.";
    case "not-an-email":
      return "Write the bare address, for example ops@example.com.";
  }
}
