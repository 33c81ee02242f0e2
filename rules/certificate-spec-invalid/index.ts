import { defineRule } from "../../src/engine/rule";
import type { ReportInput } from "../../src/engine/rule";
import { describeObject, isCertificate } from "../../src/model/graph";
import type { Model } from "../../src/model/model";
import type { K8sObject } from "../../src/model/types";
import { asArray, asRecord, asString } from "../../src/model/values";

/**
 * cert-manager's own limits (cert-manager/cert-manager internal/apis/certmanager/validation
 * certificate.go and pkg/apis/certmanager/v1 types): duration ≥ 1h, renewBefore ≥ 5m and below
 * duration, commonName ≤ 64 bytes (RFC 5280 ub-common-name), default duration 90 days; since
 * v1.18 privateKey.rotationPolicy defaults to Always.
 */
const MINIMUM_DURATION = 3_600_000;
const MINIMUM_RENEW_BEFORE = 300_000;
const DEFAULT_DURATION = 2160 * 3_600_000;
const MAX_COMMON_NAME_BYTES = 64;
const ROTATION_DEFAULT_ALWAYS_SINCE = [1, 18] as const;

export default defineRule({
  meta: {
    id: "certificate-spec-invalid",
    shortDescription: "A cert-manager Certificate that cert-manager will refuse, or that renews in a loop or rotates its CA key.",
    fullDescription:
      "cert-manager validates Certificates: duration below 1h, renewBefore below 5m or not below duration (cert-manager#1506, #4423), and a commonName over 64 bytes (cert-manager#1462; the X.509 limit, also refused by ACME CAs) are rejected, so the Secret is never written and everything that mounts it waits. A Go duration cert-manager cannot parse is rejected the same way. isCA: true with server auth or client auth usages makes a CA whose extended key usage constrains every certificate under it (Go verifies EKU nesting). And a CA Certificate backing a CA Issuer without privateKey.rotationPolicy rotates its key at every renewal on cert-manager 1.18 and later (the default became Always): certificates it issued stop chaining to the new CA until they are reissued (info).",
    remediation: "Keep renewBefore between 5m and duration (for example duration: 2160h, renewBefore: 360h), duration at least 1h, commonName at most 64 bytes (put long names in dnsNames), no server/client auth usages on a CA, and set privateKey.rotationPolicy explicitly on CA Certificates.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "certificate", "cert-manager"],
    precision: "very-high",
    securitySeverity: 5.0,
    messages: {
      commonNameTooLong: `{{object}} has a commonName of {{bytes}} bytes; X.509 allows ${MAX_COMMON_NAME_BYTES}, so cert-manager refuses the Certificate and ACME CAs refuse the order.`,
      caWithLeafUsages:
        "{{object}} is a CA (isCA: true) with {{usages}} in its usages: the CA certificate carries that extended key usage, and clients that verify usage along the chain (Go does) reject every certificate it issues for other purposes.",
      caKeyRotates:
        "{{object}} backs the CA {{issuer}} and leaves privateKey.rotationPolicy unset: {{why}}, the CA key rotates at every renewal, and the certificates it issued stop chaining to the new CA until each is reissued (trust bundles holding only the new CA reject them).",
      notADuration: "{{object}} has {{field}}: {{value}}, which is not a Go duration (such as 2160h or 90m): the API server refuses the Certificate.",
      durationTooShort: '{{object}} asks for a duration of {{duration}}; cert-manager refuses anything below 1h ("certificate duration must be greater than 1h0m0s").',
      renewBeforeTooShort: "{{object}} has renewBefore: {{renewBefore}}; cert-manager refuses anything below 5m.",
      renewBeforeNotBelowDuration:
        "{{object}} has renewBefore: {{renewBefore}}, not below its duration ({{duration}}): cert-manager refuses it (a certificate would be due for renewal the moment it is issued, and renew in a loop).",
    },
  },
  check({ model, report }) {
    const rotationAlways = rotationDefaultsToAlways(model);
    const caSecrets = caIssuerSecrets(model);
    for (const cert of model.byKind("Certificate")) {
      if (!isCertificate(cert)) continue;
      const spec = asRecord(cert.raw.spec);
      if (!spec) continue;
      durations(cert, spec, report);
      const cn = asString(spec.commonName);
      if (cn && Buffer.byteLength(cn, "utf8") > MAX_COMMON_NAME_BYTES) {
        report({
          object: cert,
          path: ["spec", "commonName"],
          messageId: "commonNameTooLong",
          data: { object: describeObject(cert), bytes: Buffer.byteLength(cn, "utf8") },
          fix: "Shorten commonName to 64 bytes or less, or drop it and list the name in dnsNames (TLS clients read only the SANs).",
          rootCause: "certificate-spec:commonName",
        });
      }
      const usages = asArray(spec.usages).map((u) => asString(u) ?? "");
      const leafUsages = usages.filter((u) => u === "server auth" || u === "client auth");
      if (spec.isCA === true && leafUsages.length) {
        report({
          object: cert,
          path: ["spec", "usages"],
          messageId: "caWithLeafUsages",
          data: { object: describeObject(cert), usages: leafUsages.join(" and ") },
          fix: 'Give the CA only CA usages (usages: ["cert sign", "crl sign", "digital signature"]), and put server auth / client auth on the certificates it issues.',
          severity: "warning",
          rootCause: "certificate-spec:usages",
        });
      }
      const secretName = asString(spec.secretName);
      const issuer = secretName ? caSecrets.get(`${cert.namespace ?? ""}/${secretName}`) : undefined;
      const policy = asString(asRecord(spec.privateKey)?.rotationPolicy);
      if (spec.isCA === true && issuer && policy === undefined && rotationAlways.applies) {
        report({
          object: cert,
          path: asRecord(spec.privateKey) ? ["spec", "privateKey"] : ["spec", "isCA"],
          messageId: "caKeyRotates",
          data: { object: describeObject(cert), issuer: describeObject(issuer), why: rotationAlways.why },
          fix: "Set spec.privateKey.rotationPolicy: Never to keep the CA key (the usual choice for a CA), or Always, and distribute old and new CA together during a rotation.",
          severity: "info",
          related: [{ object: issuer, path: ["spec", "ca", "secretName"], message: "the CA Issuer signing with this Certificate's Secret" }],
          rootCause: "certificate-spec:rotation",
        });
      }
    }
  },
});

function durations(cert: K8sObject, spec: Record<string, unknown>, report: (r: ReportInput<"notADuration" | "durationTooShort" | "renewBeforeTooShort" | "renewBeforeNotBelowDuration">) => void): void {
  const durationText = asString(spec.duration);
  const renewText = asString(spec.renewBefore);
  const duration = durationText === undefined ? DEFAULT_DURATION : parseGoDuration(durationText);
  const renew = renewText === undefined ? undefined : parseGoDuration(renewText);
  for (const [field, text, value] of [["duration", durationText, duration], ["renewBefore", renewText, renew]] as const) {
    if (text !== undefined && value === undefined) {
      report({
        object: cert,
        path: ["spec", field],
        messageId: "notADuration",
        data: { object: describeObject(cert), field, value: JSON.stringify(text) },
        fix: `Write ${field} in hours, minutes or seconds: 2160h for 90 days, 360h for 15 days.`,
        rootCause: `certificate-spec:${field}`,
      });
    }
  }
  if (duration !== undefined && durationText !== undefined && duration < MINIMUM_DURATION) {
    report({
      object: cert,
      path: ["spec", "duration"],
      messageId: "durationTooShort",
      data: { object: describeObject(cert), duration: durationText },
      fix: "Set duration to 1h or more (cert-manager's default is 2160h, 90 days).",
      rootCause: "certificate-spec:duration",
    });
    return;
  }
  if (renew === undefined || duration === undefined) return;
  if (renew < MINIMUM_RENEW_BEFORE) {
    report({
      object: cert,
      path: ["spec", "renewBefore"],
      messageId: "renewBeforeTooShort",
      data: { object: describeObject(cert), renewBefore: renewText! },
      fix: "Set renewBefore to 5m or more (a third of duration is cert-manager's default).",
      rootCause: "certificate-spec:renewBefore",
    });
  } else if (renew >= duration) {
    report({
      object: cert,
      path: ["spec", "renewBefore"],
      messageId: "renewBeforeNotBelowDuration",
      data: { object: describeObject(cert), renewBefore: renewText!, duration: durationText ?? "2160h, the default" },
      fix: `Make renewBefore shorter than duration (for duration ${durationText ?? "2160h"}, a third of it is cert-manager's default), or drop renewBefore.`,
      rootCause: "certificate-spec:renewBefore",
    });
  }
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration ("2160h", "1h30m", "90.5m"), in ms; undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!m) return undefined;
  let total = 0;
  for (const part of text.slice(m[1]!.length).matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * UNIT_MS[part[2]!]!;
  return m[1] === "-" ? -total : total;
}

/** CA Issuers and ClusterIssuers by the Secret they sign with ("namespace/name"; ClusterIssuers in the cluster resource namespace). */
function caIssuerSecrets(model: Model): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  const clusterNs = clusterResourceNamespace(model);
  for (const issuer of model.byKind("Issuer", "ClusterIssuer")) {
    if (!issuer.apiVersion.startsWith("cert-manager.io/")) continue;
    const secret = asString(asRecord(asRecord(issuer.raw.spec)?.ca)?.secretName);
    if (!secret) continue;
    const ns = issuer.kind === "Issuer" ? issuer.namespace : clusterNs;
    if (ns !== undefined) out.set(`${ns}/${secret}`, issuer);
  }
  return out;
}

/** cert-manager controller containers in the render (by image). */
function controllerContainers(model: Model) {
  return model.workloads.flatMap((w) => w.containers.filter((c) => /(^|\/)cert-manager-controller(:|@|$)/.test(c.image)).map((c) => ({ workload: w, container: c })));
}

/** Where ClusterIssuers keep their Secrets: --cluster-resource-namespace of the controller, else its namespace, else cert-manager. */
export function clusterResourceNamespace(model: Model): string {
  for (const { workload, container } of controllerContainers(model)) {
    for (const a of container.argv) {
      const m = /^--cluster-resource-namespace=(.+)$/.exec(a.value);
      if (m) return m[1]!.replace("$(POD_NAMESPACE)", workload.object.namespace ?? "cert-manager");
    }
    return workload.object.namespace ?? "cert-manager";
  }
  return "cert-manager";
}

/** Whether rotationPolicy defaults to Always: cert-manager ≥ 1.18 in the render, or no cert-manager (then the message says so). */
function rotationDefaultsToAlways(model: Model): { applies: boolean; why: string } {
  for (const { container } of controllerContainers(model)) {
    const tag = /:v?(\d+)\.(\d+)/.exec(container.image ?? "");
    if (!tag) break;
    const [major, minor] = [Number(tag[1]), Number(tag[2])];
    const always = major > ROTATION_DEFAULT_ALWAYS_SINCE[0] || (major === ROTATION_DEFAULT_ALWAYS_SINCE[0] && minor >= ROTATION_DEFAULT_ALWAYS_SINCE[1]);
    return { applies: always, why: `the cert-manager in this render (${major}.${minor}) defaults it to Always` };
  }
  return { applies: true, why: "cert-manager 1.18 and later default it to Always" };
}
