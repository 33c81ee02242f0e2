/**
 * The edges of the cluster, read once per lint and joined to Services, pods and the Secrets the
 * certificate graph knows: Ingress, Gateway API, Istio and Traefik. Rules reach it through
 * `model.edges()`; every question is a lookup or a walk over the edges of one kind.
 */
import { pushTo } from "../graph/meta";
import type { KeyWriter } from "../sources/writers";
import type { Model } from "../model";
import type { K8sObject } from "../types";
import type { BackendTlsPolicy, Listener, ReferenceGrant, Route } from "./gateway-api";
import { grantAllows, readBackendTlsPolicies, readListeners, readReferenceGrants, readRoutes } from "./gateway-api";
import type { IngressEdge } from "./ingress";
import { readIngresses } from "./ingress";
import type { ClientTls, IstioGateway, PeerAuthentication, VirtualService } from "./istio";
import { istioRootNamespace, readClientTls, readIstioGateways, readPeerAuthentications, readVirtualServices } from "./istio";
import type { ServersTransport, TraefikRouteTls } from "./traefik";
import { readServersTransports, readTraefikTls } from "./traefik";

export type { Backend, Host, Located, ObjectRef } from "./types";
export type { BackendTlsPolicy, GrantPeer, Listener, ReferenceGrant, Route } from "./gateway-api";
export type { IngressEdge, IngressTls, NginxBackendTls } from "./ingress";
export type { ClientTls, EffectiveMtls, Injection, IstioGateway, IstioGatewayServer, PeerAuthentication, VirtualService } from "./istio";
export type { ServersTransport, TraefikRouteTls } from "./traefik";
export { effectiveMtls, injectionOf, servicesForHost } from "./istio";
export type { ServiceDial } from "./clients";
export { dialsTls, serviceDials } from "./clients";

export class EdgeModel {
  readonly ingresses: readonly IngressEdge[];
  readonly listeners: readonly Listener[];
  readonly routes: readonly Route[];
  readonly backendTlsPolicies: readonly BackendTlsPolicy[];
  readonly istioGateways: readonly IstioGateway[];
  readonly virtualServices: readonly VirtualService[];
  readonly clientTls: readonly ClientTls[];
  readonly peerAuthentications: readonly PeerAuthentication[];
  readonly istioRootNamespace: string;
  readonly traefikTls: readonly TraefikRouteTls[];
  readonly serversTransports: readonly ServersTransport[];
  private readonly grants: Map<string, ReferenceGrant[]>;
  /** Secret name → namespaces where the render writes a Secret of that name (rendered, or by a writer). */
  private readonly secretNamespaces = new Map<string, Set<string>>();
  private readonly configMapNamespaces = new Map<string, K8sObject[]>();

  constructor(private readonly model: Model) {
    this.ingresses = readIngresses(model);
    this.listeners = readListeners(model);
    this.routes = readRoutes(model);
    this.backendTlsPolicies = readBackendTlsPolicies(model);
    this.istioGateways = readIstioGateways(model);
    this.virtualServices = readVirtualServices(model);
    this.clientTls = readClientTls(model);
    this.peerAuthentications = readPeerAuthentications(model);
    this.istioRootNamespace = istioRootNamespace(model);
    this.traefikTls = readTraefikTls(model);
    this.serversTransports = readServersTransports(model);
    this.grants = readReferenceGrants(model);
    // trust-manager targets, written wherever a namespace selector points, are not among these.
    for (const [, writers] of model.sources().secretsWithWriters()) {
      for (const w of writers) {
        let set = this.secretNamespaces.get(w.name);
        if (!set) this.secretNamespaces.set(w.name, (set = new Set()));
        set.add(w.namespace);
      }
    }
    for (const cm of model.byKind("ConfigMap")) pushTo(this.configMapNamespaces, cm.name, cm);
  }

  /** ReferenceGrants in a namespace. */
  referenceGrantsIn(namespace: string): readonly ReferenceGrant[] {
    return this.grants.get(namespace) ?? [];
  }

  /** The grant in the target's namespace that allows the reference, if any. */
  grantFor(from: { group: string; kind: string; namespace: string }, to: { group: string; kind: string; name: string; namespace: string }): ReferenceGrant | undefined {
    return this.referenceGrantsIn(to.namespace).find((g) => grantAllows(g, from, to));
  }

  /** Namespaces where the render writes a Secret of this name (a rendered Secret, a Certificate, a controller). */
  namespacesWithSecret(name: string): ReadonlySet<string> {
    return this.secretNamespaces.get(name) ?? new Set();
  }

  /** Whether anything in the render writes this Secret. */
  secretWritten(namespace: string, name: string): boolean {
    return this.namespacesWithSecret(name).has(namespace) || this.model.certificateGraph().secretWriters(namespace, name).length > 0;
  }

  /** The writers of a Secret, as the certificate graph knows them. */
  secretWriters(namespace: string, name: string): readonly KeyWriter[] {
    return this.model.certificateGraph().secretWriters(namespace, name);
  }

  namespacesWithConfigMap(name: string): ReadonlySet<string> {
    return new Set((this.configMapNamespaces.get(name) ?? []).map((c) => c.namespace ?? ""));
  }
}
