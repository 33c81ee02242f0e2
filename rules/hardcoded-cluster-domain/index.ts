import { defineRule } from "../../src/engine/rule";
import type { RelatedInput, ReportInput } from "../../src/engine/rule";

const MESSAGES = {
  fixedDomain: '{{object}}: {{where}} names {{names}} with the fixed cluster domain "{{domains}}"; it works only on clusters whose DNS domain is {{quotedDomains}}.',
  fixedDomainMismatch:
    '{{object}}: {{where}} names {{names}} with the fixed cluster domain "{{domains}}"; this cluster\'s domain is "{{clusterDomain}}", so the name does not resolve and certificates issued for the real domain do not match.',
  // Only on a chart whose template builds the domain from a value (ReportInput.literal).
  computedDomainMismatch: '{{object}}: {{where}} names {{names}}, built from {{value}}, which renders the domain "{{domains}}"; this cluster\'s domain is "{{clusterDomain}}".',
} as const;
import { describeObject, isCertificate } from "../../src/model/graph";
import type { DomainLiteral } from "../../src/model/graph/dns";
import { domainLiteralsIn, normaliseName, parseServiceHost } from "../../src/model/graph/dns";
import type { Model } from "../../src/model/model";
import type { JsonPath, K8sObject } from "../../src/model/types";
import { asArray, asRecord, asString, stringMap } from "../../src/model/values";
import type { Workload } from "../../src/model/workload";

/** A string in the render, where it is, and how messages name it. */
interface Occurrence {
  readonly object: K8sObject;
  readonly path: JsonPath;
  readonly where: string;
  readonly field: "env" | "arg" | "data" | "dnsNames" | "externalName";
  readonly text: string;
}

export default defineRule({
  meta: {
    id: "hardcoded-cluster-domain",
    shortDescription: "A Service name is written with a fixed cluster domain (.svc.cluster.local) instead of the portable <svc>.<ns>.svc.",
    fullDescription:
      "Names like goldmane.calico-system.svc.cluster.local in env values, args, ConfigMap data, Certificate dnsNames or ExternalName Services only resolve on clusters whose DNS domain is cluster.local, and serving certificates minted for the real domain do not match (incident 5). <svc>.<ns>.svc resolves on every cluster domain. With --cluster-domain (or clusterDomain: in .trustlint.yaml) a differing literal domain is an error; without it, info. In a chart, the template walk tells where the domain came from: a name built from a value (.Values.clusterDomain) is not reported, or is info naming the value to set when it renders another domain than the configured one; a literal in a template, named template or values file is reported on its line. Arguments and variables named for a Secret or ConfigMap (kyverno's --caSecretName) are not host names.",
    remediation: "Write <svc>.<ns>.svc (it resolves on any cluster domain), or template the domain from a value (e.g. .Values.clusterDomain).",
    severity: "error",
    incident: 5,
    tags: ["security", "tls", "dns", "cluster-domain"],
    precision: "high",
    securitySeverity: 5.0,
    messages: MESSAGES,
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: { allowedDomains: { type: "array", items: { type: "string", minLength: 1 }, description: "Domains of other clusters that names may legitimately point at (multi-cluster DNS)." } },
    },
    defaultOptions: { allowedDomains: [] },
  },
  check({ model, options, settings, report }) {
    const clusterDomain = settings.clusterDomain ? normaliseName(settings.clusterDomain) : undefined;
    const allowed = new Set(options.allowedDomains.map(normaliseName));
    for (const occ of occurrences(model.objects, model.workloads)) {
      const literals = domainLiteralsIn(occ.text).filter((l) => !allowed.has(l.domain) && l.domain !== clusterDomain);
      if (literals.length === 0) continue;
      // A certificate that also lists the portable name only carries an extra, harmless SAN.
      if (occ.field === "dnsNames" && literals.every((l) => certificateHasPortable(occ.object, l))) continue;
      report({ ...finding(occ, literals, clusterDomain), related: namedServices(model, literals) });
    }
  },
});

function* occurrences(objects: readonly K8sObject[], workloads: readonly Workload[]): Generator<Occurrence> {
  for (const w of workloads) {
    for (const c of w.containers) {
      for (const env of c.env.values()) {
        // Values from ConfigMaps are reported on the ConfigMap itself; a variable naming a Secret or ConfigMap holds no host name.
        if (env.source.kind === "literal" && env.value && !NAMES_AN_OBJECT.test(env.name)) yield { object: w.object, path: [...env.path, "value"], where: `env ${env.name} in container "${c.name}"`, field: "env", text: env.value };
      }
      for (let i = 0; i < c.argv.length; i++) {
        const arg = c.argv[i]!;
        const { flag, value } = flagOf(arg.value, c.argv[i - 1]?.value);
        // kyverno's --caSecretName=<svc>.<ns>.svc.kyverno-tls-ca is a Secret name, not a DNS name.
        if (flag && NAMES_AN_OBJECT.test(flag)) continue;
        yield { object: w.object, path: arg.path, where: `an argument of container "${c.name}"`, field: "arg", text: value };
      }
    }
  }
  for (const o of objects) {
    if (o.kind === "ConfigMap") {
      for (const [key, value] of Object.entries(stringMap(o.raw.data))) yield { object: o, path: ["data", key], where: `key "${key}"`, field: "data", text: value };
    } else if (isCertificate(o)) {
      const names = asArray(asRecord(o.raw.spec)?.dnsNames);
      for (let i = 0; i < names.length; i++) {
        const n = asString(names[i]);
        if (n) yield { object: o, path: ["spec", "dnsNames", i], where: "a dnsNames entry", field: "dnsNames", text: n };
      }
    } else if (o.kind === "Service") {
      const spec = asRecord(o.raw.spec);
      const ext = asString(spec?.externalName);
      if (asString(spec?.type) === "ExternalName" && ext) yield { object: o, path: ["spec", "externalName"], where: "externalName", field: "externalName", text: ext };
    }
  }
}

/** A flag or variable whose name says it holds the name of a Secret or ConfigMap (caSecretName, TLS_SECRET_NAME, --config-map). */
const NAMES_AN_OBJECT = /secret|config-?map/i;

/** The flag an argument belongs to (`--f=v`, or the `--f` word before it) and the text that is its value. */
function flagOf(word: string, previous: string | undefined): { flag: string | undefined; value: string } {
  if (word.startsWith("-")) {
    const eq = word.indexOf("=");
    return eq > 0 ? { flag: word.slice(0, eq), value: word.slice(eq + 1) } : { flag: word, value: "" };
  }
  return { flag: previous?.startsWith("-") && !previous.includes("=") ? previous : undefined, value: word };
}

/** The rendered Services the names point at: the other end of the hard-coded name. */
function namedServices(model: Model, literals: readonly DomainLiteral[]): RelatedInput[] {
  const out: RelatedInput[] = [];
  for (const l of literals) {
    const host = parseServiceHost(l.portable.replace(/^\*\./, ""));
    const svc = host?.namespace ? model.get("Service", host.namespace, host.service) : undefined;
    if (svc && !out.some((r) => r.object === svc)) out.push({ object: svc, path: ["metadata", "name"], message: `the Service ${l.name} names` });
  }
  return out;
}

function certificateHasPortable(cert: K8sObject, l: DomainLiteral): boolean {
  const names = asArray(asRecord(cert.raw.spec)?.dnsNames).map((n) => normaliseName(asString(n) ?? ""));
  return names.includes(normaliseName(l.portable));
}

function finding(occ: Occurrence, literals: readonly DomainLiteral[], clusterDomain: string | undefined): ReportInput<keyof typeof MESSAGES> {
  const first = literals[0]!;
  const names = [...new Set(literals.map((l) => l.name))];
  const domains = [...new Set(literals.map((l) => l.domain))];
  const said = { object: describeObject(occ.object), where: occ.where, names: names.join(", "), domains: domains.join(", ") };
  const rewritten = literals.reduce((text, l) => text.split(l.name).join(l.portable), occ.text);
  const fix =
    occ.field === "dnsNames"
      ? `Add ${first.portable} to spec.dnsNames (clients should dial it), and list the real domain's name only through a templated value.`
      : occ.field === "externalName"
        ? `Template the domain from a value (externalName: ${first.portable}.{{ .Values.clusterDomain }}): an ExternalName is a CNAME target, which must be fully qualified because the pod's search path does not apply to it.`
        : `Use the portable name ${first.portable}${rewritten !== first.portable ? ` (${rewritten})` : ""}: it resolves through the pod's DNS search path on any cluster domain. Or template the domain from a value.`;
  return {
    object: occ.object,
    path: occ.path,
    ...(clusterDomain
      ? { messageId: "fixedDomainMismatch", data: { ...said, clusterDomain } }
      : { messageId: "fixedDomain", data: { ...said, quotedDomains: domains.map((d) => `"${d}"`).join(" or ") } }),
    fix,
    severity: clusterDomain ? undefined : "info",
    // In a chart, a domain the template builds from a value is what this rule recommends: judged after rendering.
    literal: {
      text: `svc.${first.domain}`,
      whenComputed: (value) =>
        clusterDomain
          ? {
            severity: "info",
            messageId: "computedDomainMismatch",
            data: { ...said, value: value ?? "a chart value", clusterDomain },
            fix: `Set ${value ?? "the chart's cluster-domain value"} to ${clusterDomain} for this cluster (e.g. --set ${(value ?? ".Values.clusterDomain").replace(/^\.Values\./, "")}=${clusterDomain}).`,
          }
          : undefined,
    },
  };
}
