/**
 * What the edge controllers read: API groups of Gateway API, Istio and Traefik resources,
 * ingress-nginx annotations and Istio's sidecar-injection switches. Sources: Gateway API spec
 * (gateway.networking.k8s.io v1 Gateway/HTTPRoute/GRPCRoute/ReferenceGrant, v1alpha2 TLSRoute,
 * v1 and v1alpha3 BackendTLSPolicy, GEP-1713 ListenerSet), Istio networking/security API
 * reference and sidecar-injection docs ("Controlling the injection policy"), Traefik CRD
 * reference (traefik.io, formerly traefik.containo.us), ingress-nginx annotations docs
 * (backend-protocol, proxy-ssl-*). Issue references are in rules/<id>/README.md.
 */

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
/** ListenerSet lived in the experimental group as XListenerSet before it reached the standard one. */
export const GATEWAY_API_GROUPS: readonly string[] = [GATEWAY_API_GROUP, "gateway.networking.x-k8s.io"];
export const LISTENER_SET_KINDS: readonly string[] = ["ListenerSet", "XListenerSet"];
/** Route kinds whose backendRefs name Services. */
export const ROUTE_KINDS: readonly string[] = ["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute"];

export const ISTIO_NETWORKING_GROUP = "networking.istio.io";
export const ISTIO_SECURITY_GROUP = "security.istio.io";
/** The namespace whose selector-less PeerAuthentication applies mesh-wide (meshConfig.rootNamespace). */
export const ISTIO_DEFAULT_ROOT_NAMESPACE = "istio-system";

/** Istio's injection switches, in the order the injector reads them. */
export const ISTIO_INJECTION = {
  /** Namespace label: `enabled` injects, `disabled` does not. */
  namespaceLabel: "istio-injection",
  /** Namespace (or pod) label selecting a revision: injects. */
  revisionLabel: "istio.io/rev",
  /** Pod label (or legacy annotation): "true" / "false" override the namespace. */
  podSwitch: "sidecar.istio.io/inject",
  /** Namespace label that puts pods in the ambient mesh (ztunnel handles mTLS, no sidecar). */
  ambientLabel: "istio.io/dataplane-mode",
} as const;

export const TRAEFIK_GROUPS: readonly string[] = ["traefik.io", "traefik.containo.us"];

/** ingress-nginx annotations (default prefix; the controller's --annotations-prefix can change it). */
export const NGINX_ANNOTATION_PREFIX = "nginx.ingress.kubernetes.io/";
export const NGINX = {
  backendProtocol: `${NGINX_ANNOTATION_PREFIX}backend-protocol`,
  proxySslVerify: `${NGINX_ANNOTATION_PREFIX}proxy-ssl-verify`,
  proxySslSecret: `${NGINX_ANNOTATION_PREFIX}proxy-ssl-secret`,
  proxySslName: `${NGINX_ANNOTATION_PREFIX}proxy-ssl-name`,
  proxySslServerName: `${NGINX_ANNOTATION_PREFIX}proxy-ssl-server-name`,
} as const;
/** backend-protocol values that make nginx speak TLS to the backend. */
export const NGINX_TLS_BACKEND_PROTOCOLS: ReadonlySet<string> = new Set(["HTTPS", "GRPCS"]);
/** The key ingress-nginx reads the backend CA from in the proxy-ssl-secret. */
export const NGINX_PROXY_SSL_CA_KEY = "ca.crt";

/** Istio ClientTLSSettings modes that originate TLS from the sidecar or gateway. */
export const ISTIO_ORIGINATING_MODES: ReadonlySet<string> = new Set(["SIMPLE", "MUTUAL"]);
