/**
 * The places where the API server dials a Service over TLS: admission webhooks, CRD conversion
 * webhooks and aggregated APIServices. For a service reference the API server dials
 * `<name>.<namespace>.svc:<port, default 443>` with that ServerName and verifies the answer against
 * `caBundle`, or against its own system roots when the bundle is empty (k8s.io/apiserver
 * pkg/util/webhook/client.go; trust-facts.md §1g).
 */
import type { IWebhookClientConfig } from "kubernetes-models/admissionregistration.k8s.io/v1/WebhookClientConfig";
import type { IValidatingWebhook } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhook";
import type { IValidatingWebhookConfiguration } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration";
import type { ICustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";
import type { ICustomResourceConversion as IV1beta1Conversion } from "kubernetes-models/apiextensions.k8s.io/v1beta1/CustomResourceConversion";
import type { IAPIService } from "kubernetes-models/apiregistration.k8s.io/v1/APIService";
import type { JsonPath, K8sObject } from "../types";
import { asString, itemsAs, mapping, viewAs } from "../values";
import type { UntrustedView } from "../values";

export type CallSiteKind = "admission" | "conversion" | "apiservice";

export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
  /** Path of the `service` mapping from the object root. */
  readonly path: JsonPath;
}

export interface CallSite {
  readonly object: K8sObject;
  readonly kind: CallSiteKind;
  /** How messages name it: 'webhook "validate.x.io"', 'the conversion webhook', 'the APIService'. */
  readonly label: string;
  /** Path of `clientConfig` (webhooks, CRDs) or `spec` (APIService). */
  readonly configPath: JsonPath;
  readonly service: ServiceRef | undefined;
  readonly url: string | undefined;
  /** The caBundle when it is non-empty. */
  readonly caBundle: string | undefined;
  readonly caBundlePath: JsonPath;
  /** Admission webhooks: Fail (the v1 default) or Ignore. */
  readonly failurePolicy: "Fail" | "Ignore" | undefined;
  /** APIService: spec.insecureSkipTLSVerify. */
  readonly insecureSkipTLSVerify: boolean;
}

/** The name the API server puts into SNI and verifies: `<name>.<namespace>.svc`. */
export function dialledName(service: ServiceRef): string {
  return `${service.name}.${service.namespace}.svc`;
}

export function callSitesOf(o: K8sObject): CallSite[] {
  switch (o.kind) {
    case "ValidatingWebhookConfiguration":
    case "MutatingWebhookConfiguration":
      return admissionSites(o);
    case "CustomResourceDefinition":
      return conversionSites(o);
    case "APIService":
      return apiServiceSites(o);
    default:
      return [];
  }
}

function admissionSites(o: K8sObject): CallSite[] {
  // Mutating and validating webhooks share every field read here.
  return itemsAs<IValidatingWebhook>(viewAs<IValidatingWebhookConfiguration>(o.raw).webhooks).flatMap((hook, i) => {
    const config = mapping(hook?.clientConfig);
    if (!hook || !config) return [];
    const configPath: JsonPath = ["webhooks", i, "clientConfig"];
    const policy = asString(hook.failurePolicy);
    const name = asString(hook.name);
    return [
      {
        ...clientConfig(config, configPath, 443),
        object: o,
        kind: "admission" as const,
        label: name ? `webhook "${name}"` : `webhooks[${i}]`,
        failurePolicy: policy === "Ignore" ? ("Ignore" as const) : ("Fail" as const),
        insecureSkipTLSVerify: false,
      },
    ];
  });
}

function conversionSites(o: K8sObject): CallSite[] {
  const conversion = viewAs<ICustomResourceDefinition>(o.raw).spec?.conversion;
  if (asString(conversion?.strategy) !== "Webhook") return [];
  // apiextensions.k8s.io/v1 nests clientConfig under webhook; v1beta1 used webhookClientConfig.
  const v1 = mapping(conversion?.webhook?.clientConfig);
  const beta = mapping(viewAs<IV1beta1Conversion>(conversion).webhookClientConfig);
  const config = v1 ?? beta;
  if (!config) return [];
  const configPath: JsonPath = v1 ? ["spec", "conversion", "webhook", "clientConfig"] : ["spec", "conversion", "webhookClientConfig"];
  return [{ ...clientConfig(config, configPath, 443), object: o, kind: "conversion", label: "the conversion webhook", failurePolicy: undefined, insecureSkipTLSVerify: false }];
}

function apiServiceSites(o: K8sObject): CallSite[] {
  const spec = mapping(viewAs<IAPIService>(o.raw).spec);
  if (!spec) return [];
  const svc = mapping(spec.service);
  const name = asString(svc?.name);
  const service: ServiceRef | undefined = svc && name ? { name, namespace: asString(svc.namespace) ?? "", port: portOf(svc.port, 443), path: ["spec", "service"] } : undefined;
  const caBundle = nonEmpty(asString(spec.caBundle));
  return [
    {
      object: o,
      kind: "apiservice",
      label: "the APIService",
      configPath: ["spec"],
      service,
      url: undefined,
      caBundle,
      caBundlePath: ["spec", "caBundle"],
      failurePolicy: undefined,
      insecureSkipTLSVerify: spec.insecureSkipTLSVerify === true || asString(spec.insecureSkipTLSVerify) === "true",
    },
  ];
}

/** A webhook's clientConfig (admission and conversion webhooks share its shape). */
function clientConfig(config: UntrustedView<IWebhookClientConfig>, configPath: JsonPath, defaultPort: number): Pick<CallSite, "configPath" | "service" | "url" | "caBundle" | "caBundlePath"> {
  const svc = mapping(config.service);
  const name = asString(svc?.name);
  return {
    configPath,
    service: svc && name ? { name, namespace: asString(svc.namespace) ?? "", port: portOf(svc.port, defaultPort), path: [...configPath, "service"] } : undefined,
    url: asString(config.url),
    caBundle: nonEmpty(asString(config.caBundle)),
    caBundlePath: [...configPath, "caBundle"],
  };
}

function portOf(v: unknown, fallback: number): number {
  const n = typeof v === "number" ? v : Number(asString(v));
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s && s.trim() ? s.trim() : undefined;
}
