/**
 * Gateway API: Gateways and ListenerSets with their listeners, the Secrets each TLS listener
 * serves from, ReferenceGrants (which cross-namespace references the target namespace allows),
 * the Services routes send to, and BackendTLSPolicies (how a gateway verifies those Services).
 */
import { BACKEND_TLS_POLICY_FIELDS, GATEWAY_API_GROUPS, GATEWAY_API_REF_DEFAULTS, LISTENER_SET_KINDS, ROUTE_KINDS } from "../../knowledge/edges";
import { pushTo } from "../graph/meta";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString } from "../values";
import { backendOf } from "./join";
import type { Backend, Located, ObjectRef } from "./types";
import { pushAll } from "../../util/arrays";

export interface Listener {
  /** The Gateway or ListenerSet that declares the listener. */
  readonly owner: K8sObject;
  /** The Gateway the listener is served by (the owner, or a ListenerSet's parent when rendered). */
  readonly gateway: K8sObject | undefined;
  readonly name: string;
  readonly path: JsonPath;
  readonly protocol: string;
  readonly hostname: Located | undefined;
  /** tls.mode: Terminate (default) or Passthrough. */
  readonly tlsMode: string | undefined;
  readonly certificateRefs: readonly ObjectRef[];
}

/** One `from` or `to` entry of a ReferenceGrant. */
export interface GrantPeer {
  readonly group: string;
  readonly kind: string;
  /** `from`: the namespace allowed to refer; `to`: undefined. */
  readonly namespace: string | undefined;
  /** `to`: the one object allowed, undefined for all of that kind. */
  readonly name: string | undefined;
  readonly path: JsonPath;
}

export interface ReferenceGrant {
  readonly object: K8sObject;
  readonly from: readonly GrantPeer[];
  readonly to: readonly GrantPeer[];
}

export interface Route {
  readonly object: K8sObject;
  readonly backends: readonly Backend[];
}

export interface BackendTlsPolicy {
  readonly object: K8sObject;
  /** The Services the policy applies to (kind Service, same namespace). */
  readonly targets: readonly (Backend & { readonly sectionName: string | undefined })[];
  readonly caCertificateRefs: readonly ObjectRef[];
  readonly hostname: Located | undefined;
  readonly wellKnownCACertificates: string | undefined;
}

/** The reference as the referring object's namespace resolves it; core group is "". */
export function objectRefAt(r: Record<string, unknown>, defaults: { group: string; kind: string; namespace: string }, path: JsonPath): ObjectRef | undefined {
  const name = asString(r.name)?.trim();
  if (!name) return undefined;
  const ns = asString(r.namespace)?.trim();
  return { group: asString(r.group)?.trim() ?? defaults.group, kind: asString(r.kind)?.trim() || defaults.kind, namespace: ns || defaults.namespace, name, path, explicitNamespace: !!ns };
}

export function isGatewayApi(o: K8sObject): boolean {
  return GATEWAY_API_GROUPS.includes(o.apiVersion.split("/")[0] ?? "");
}

export function readListeners(model: Model): Listener[] {
  const out: Listener[] = [];
  for (const gw of model.byKind("Gateway").filter(isGatewayApi)) pushAll(out, listenersOf(gw, gw));
  for (const ls of model.byKind(...LISTENER_SET_KINDS).filter(isGatewayApi)) {
    const parent = asRecord(asRecord(ls.raw.spec)?.parentRef);
    const name = asString(parent?.name);
    const gateway = name ? model.get("Gateway", asString(parent?.namespace) || ls.namespace, name) : undefined;
    pushAll(out, listenersOf(ls, gateway));
  }
  return out;
}

function listenersOf(owner: K8sObject, gateway: K8sObject | undefined): Listener[] {
  const ns = owner.namespace ?? "";
  return asArray(asRecord(owner.raw.spec)?.listeners).flatMap((l, i): Listener[] => {
    const r = asRecord(l);
    if (!r) return [];
    const path = ["spec", "listeners", i];
    const tls = asRecord(r.tls);
    const hostname = asString(r.hostname)?.trim();
    const certificateRefs = asArray(tls?.certificateRefs).flatMap((c, j) => {
      const ref = asRecord(c) && objectRefAt(asRecord(c)!, { ...GATEWAY_API_REF_DEFAULTS.certificateRef, namespace: ns }, [...path, "tls", "certificateRefs", j]);
      return ref ? [ref] : [];
    });
    return [{ owner, gateway, name: asString(r.name) ?? "", path, protocol: (asString(r.protocol) ?? "").toUpperCase(), hostname: hostname ? { value: hostname, path: [...path, "hostname"] } : undefined, tlsMode: asString(tls?.mode), certificateRefs }];
  });
}

export function readReferenceGrants(model: Model): Map<string, ReferenceGrant[]> {
  const byNamespace = new Map<string, ReferenceGrant[]>();
  for (const o of model.byKind("ReferenceGrant").filter(isGatewayApi)) {
    const spec = asRecord(o.raw.spec);
    const peers = (field: "from" | "to") =>
      asArray(spec?.[field]).flatMap((p, i): GrantPeer[] => {
        const r = asRecord(p);
        const kind = asString(r?.kind);
        if (!r || !kind) return [];
        return [{ group: asString(r.group) ?? "", kind, namespace: field === "from" ? asString(r.namespace) : undefined, name: field === "to" ? asString(r.name) || undefined : undefined, path: ["spec", field, i] }];
      });
    pushTo(byNamespace, o.namespace ?? "", { object: o, from: peers("from"), to: peers("to") });
  }
  return byNamespace;
}

/** Whether a grant lets `from` (an object of that group/kind in its namespace) refer to `to`. */
export function grantAllows(grant: ReferenceGrant, from: { group: string; kind: string; namespace: string }, to: { group: string; kind: string; name: string }): boolean {
  return (
    grant.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace) &&
    grant.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name))
  );
}

export function readRoutes(model: Model): Route[] {
  return model.byKind(...ROUTE_KINDS).filter(isGatewayApi).map((o) => {
    const ns = o.namespace ?? "";
    const backends: Backend[] = [];
    asArray(asRecord(o.raw.spec)?.rules).forEach((rule, i) => {
      asArray(asRecord(rule)?.backendRefs).forEach((b, j) => {
        const r = asRecord(b);
        const ref = r && objectRefAt(r, { ...GATEWAY_API_REF_DEFAULTS.backendRef, namespace: ns }, ["spec", "rules", i, "backendRefs", j]);
        if (ref && ref.kind === "Service" && ref.group === "") backends.push(backendOf(model, ref.namespace, ref.name, asString(r.port), ref.path));
      });
    });
    return { object: o, backends };
  });
}

export function readBackendTlsPolicies(model: Model): BackendTlsPolicy[] {
  return model.byKind("BackendTLSPolicy").filter(isGatewayApi).map((o) => {
    const ns = o.namespace ?? "";
    const spec = asRecord(o.raw.spec);
    const current = BACKEND_TLS_POLICY_FIELDS.current;
    const fields = asRecord(spec?.[current.validation]) !== undefined || Array.isArray(spec?.targetRefs) ? current : BACKEND_TLS_POLICY_FIELDS.v1alpha2;
    const validationField = fields.validation;
    const validation = asRecord(spec?.[validationField]);
    const targetsRaw: [unknown, JsonPath][] = Array.isArray(spec?.targetRefs) ? asArray(spec.targetRefs).map((t, i) => [t, ["spec", "targetRefs", i]]) : [[spec?.targetRef, ["spec", "targetRef"]]];
    const targets = targetsRaw.flatMap(([t, path]) => {
      const r = asRecord(t);
      const name = asString(r?.name);
      if (!r || !name || (asString(r.kind) ?? GATEWAY_API_REF_DEFAULTS.backendRef.kind) !== GATEWAY_API_REF_DEFAULTS.backendRef.kind) return [];
      return [{ ...backendOf(model, ns, name, undefined, path), sectionName: asString(r.sectionName) }];
    });
    const caField = fields.caRefs;
    const caCertificateRefs = asArray(validation?.[caField]).flatMap((c, i) => {
      const r = asRecord(c);
      const ref = r && objectRefAt(r, { ...GATEWAY_API_REF_DEFAULTS.caCertificateRef, namespace: ns }, ["spec", validationField, caField, i]);
      return ref ? [ref] : [];
    });
    const hostname = asString(validation?.hostname)?.trim();
    return {
      object: o,
      targets,
      caCertificateRefs,
      hostname: hostname ? { value: hostname, path: ["spec", validationField, "hostname"] } : undefined,
      wellKnownCACertificates: asString(validation?.wellKnownCACertificates ?? validation?.wellKnownCACerts),
    };
  });
}
