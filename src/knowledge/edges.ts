/**
 * What the edge controllers read: API groups of Gateway API, Istio and Traefik resources,
 * ingress-nginx annotations and Istio's sidecar-injection switches. Sources: Gateway API spec
 * (gateway.networking.k8s.io v1 Gateway/HTTPRoute/GRPCRoute/ReferenceGrant, v1alpha2 TLSRoute,
 * v1 and v1alpha3 BackendTLSPolicy, GEP-1713 ListenerSet), Istio networking/security API
 * reference and sidecar-injection docs ("Controlling the injection policy"), Traefik CRD
 * reference (traefik.io, formerly traefik.containo.us), ingress-nginx annotations docs
 * (backend-protocol, proxy-ssl-*). Issue references are in rules/<id>/README.md.
 */

/** API groups of the Ingress kind: networking.k8s.io/v1, and extensions/v1beta1 before Kubernetes 1.22. */
export const INGRESS_API_GROUPS: readonly string[] = ["networking.k8s.io", "extensions"];

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
/** ListenerSet lived in the experimental group as XListenerSet before it reached the standard one. */
export const GATEWAY_API_GROUPS: readonly string[] = [GATEWAY_API_GROUP, "gateway.networking.x-k8s.io"];
export const LISTENER_SET_KINDS: readonly string[] = ["ListenerSet", "XListenerSet"];
/** Route kinds whose backendRefs name Services. */
export const ROUTE_KINDS: readonly string[] = ["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute"];

/**
 * What a Gateway API reference names when it leaves group and kind out (spec: a listener's
 * SecretObjectReference defaults to core Secret, a BackendObjectReference to core Service, a
 * BackendTLSPolicy CA reference is a LocalObjectReference to a ConfigMap).
 */
export const GATEWAY_API_REF_DEFAULTS = {
  certificateRef: { group: "", kind: "Secret" },
  backendRef: { group: "", kind: "Service" },
  caCertificateRef: { group: "", kind: "ConfigMap" },
} as const;

/**
 * Where BackendTLSPolicy keeps its verification settings: v1 and v1alpha3 (targetRefs) in
 * `validation.caCertificateRefs`, v1alpha2 (targetRef) in `tls.caCertRefs`.
 */
export const BACKEND_TLS_POLICY_FIELDS = {
  current: { validation: "validation", caRefs: "caCertificateRefs" },
  v1alpha2: { validation: "tls", caRefs: "caCertRefs" },
} as const;

export const ISTIO_NETWORKING_GROUP = "networking.istio.io";
export const ISTIO_SECURITY_GROUP = "security.istio.io";
/** The namespace whose selector-less PeerAuthentication applies mesh-wide (meshConfig.rootNamespace). */
export const ISTIO_DEFAULT_ROOT_NAMESPACE = "istio-system";

/** Istio's injection switches, in the order the injector reads them. */
export const ISTIO_INJECTION = {
  /** Namespace label: `enabled` injects, `disabled` does not. */
  namespaceLabel: "istio-injection",
  namespaceEnabled: "enabled",
  /** Namespace (or pod) label selecting a revision: injects. */
  revisionLabel: "istio.io/rev",
  /** Pod label (or legacy annotation): "true" / "false" override the namespace. */
  podSwitch: "sidecar.istio.io/inject",
  /** Namespace label that puts pods in the ambient mesh (ztunnel handles mTLS, no sidecar). */
  ambientLabel: "istio.io/dataplane-mode",
  ambientValue: "ambient",
  /** The container the injector adds: a pod that already has it is meshed. */
  proxyContainer: "istio-proxy",
} as const;

/**
 * istiod's mesh configuration: ConfigMap `istio` (or `istio-<revision>`), key `mesh`, whose
 * rootNamespace holds the mesh-wide PeerAuthentication (istio-control/istio-discovery configmap.yaml).
 */
export const ISTIO_MESH_CONFIG = { name: "istio", revisionPrefix: "istio-", key: "mesh" } as const;

/** PeerAuthentication modes: UNSET inherits from the next level; with nothing set the mesh is PERMISSIVE. */
export const ISTIO_MTLS = { inherit: "UNSET", default: "PERMISSIVE", strict: "STRICT" } as const;

/** DestinationRule ClientTLSSettings modes that a STRICT server rejects: plaintext, and TLS without the Istio client certificate. */
export const ISTIO_CLIENT_TLS = { disable: "DISABLE", simple: "SIMPLE" } as const;

/** Istio Gateway server TLS modes that serve no credentialName certificate (passed through, or the mesh's own). */
export const ISTIO_SERVER_MODES_WITHOUT_CREDENTIAL: ReadonlySet<string> = new Set(["PASSTHROUGH", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL"]);

export const TRAEFIK_GROUPS: readonly string[] = ["traefik.io", "traefik.containo.us"];
export const TRAEFIK_KINDS = {
  routes: ["IngressRoute", "IngressRouteTCP"],
  serversTransports: ["ServersTransport", "ServersTransportTCP"],
} as const;

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
/** The proxy-ssl-verify value that turns backend verification on (ingress-nginx compares it with "on"). */
export const NGINX_VERIFY_ON = "on";
/** The key ingress-nginx reads the backend CA from in the proxy-ssl-secret. */
export const NGINX_PROXY_SSL_CA_KEY = "ca.crt";

/** Istio ClientTLSSettings modes that originate TLS from the sidecar or gateway. */
export const ISTIO_ORIGINATING_MODES: ReadonlySet<string> = new Set(["SIMPLE", "MUTUAL"]);

/**
 * How an in-cluster dial says it is TLS: its URL scheme, or without one the HTTPS port or a Service
 * port whose name or appProtocol says TLS (Kubernetes convention: `https`, `grpcs`; webhooks serve TLS).
 */
export const TLS_DIAL = {
  schemes: new Set(["https", "wss", "grpcs", "tls", "ssl"]) as ReadonlySet<string>,
  defaultPort: 443,
  portName: /https|tls|grpcs|webhook/i,
} as const;
