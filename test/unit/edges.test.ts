import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { loadStreams } from "../../src/load/loader";
import { effectiveMtls, injectionOf, servicesForHost } from "../../src/model/edges";
import { Model } from "../../src/model/model";
import { dedent } from "../support/dedent";

function model(yaml: string): Model {
  return new Model(loadStreams([{ text: dedent(yaml), origin: { via: "file", file: "/x.yaml" } }], "default").objects);
}

describe("edge model", () => {
  it("reads Ingress TLS, joins backends to Services and pods, and reads ingress-nginx backend TLS annotations", () => {
    const m = model(`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        namespace: shop
        annotations:
          nginx.ingress.kubernetes.io/backend-protocol: " HTTPS"
          nginx.ingress.kubernetes.io/proxy-ssl-secret: shop/backend-ca
      spec:
        tls:
          - hosts: [shop.example.com]
            secretName: shop-tls
        rules:
          - http:
              paths:
                - path: /
                  pathType: Prefix
                  backend: {service: {name: api, port: {number: 8443}}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: api, namespace: shop}
      spec: {selector: {app: api}, ports: [{port: 8443}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: shop}
      spec:
        template:
          metadata: {labels: {app: api}}
          spec: {containers: [{name: api, image: api:1}]}
    `);
    const [ing] = m.edges().ingresses;
    deepStrictEqual(ing!.tls.map((t) => [t.secretName?.value, t.hosts.map((h) => h.value), t.secretName?.path]), [["shop-tls", ["shop.example.com"], ["spec", "tls", 0, "secretName"]]]);
    deepStrictEqual(ing!.backends.map((b) => [b.namespace, b.name, b.port, b.service?.name, b.pods.map((p) => p.object.name)]), [["shop", "api", 8443, "api", ["api"]]]);
    strictEqual(ing!.nginx.protocol?.value, "HTTPS");
    strictEqual(ing!.nginx.secret?.value, "shop/backend-ca");
    strictEqual(ing!.nginx.verify, undefined);
  });

  it("reads Gateway and ListenerSet listeners and answers which ReferenceGrant allows a certificate reference", () => {
    const m = model(`
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: edge, namespace: infra}
      spec:
        gatewayClassName: envoy
        listeners:
          - name: https
            hostname: "*.example.com"
            port: 443
            protocol: HTTPS
            tls:
              certificateRefs:
                - {name: wildcard, namespace: certs}
      ---
      apiVersion: gateway.networking.x-k8s.io/v1alpha1
      kind: XListenerSet
      metadata: {name: team, namespace: team}
      spec:
        parentRef: {name: edge, namespace: infra}
        listeners:
          - {name: team, hostname: team.example.com, port: 443, protocol: HTTPS, tls: {certificateRefs: [{kind: Secret, name: team-tls}]}}
      ---
      apiVersion: gateway.networking.k8s.io/v1beta1
      kind: ReferenceGrant
      metadata: {name: allow-infra, namespace: certs}
      spec:
        from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
        to: [{group: "", kind: Secret, name: wildcard}]
    `);
    const e = m.edges();
    deepStrictEqual(
      e.listeners.map((l) => [l.owner.kind, l.gateway?.name, l.name, l.hostname?.value, l.certificateRefs.map((r) => `${r.namespace}/${r.name}:${r.explicitNamespace}`)]),
      [
        ["Gateway", "edge", "https", "*.example.com", ["certs/wildcard:true"]],
        ["XListenerSet", "edge", "team", "team.example.com", ["team/team-tls:false"]],
      ],
    );
    const from = { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "infra" };
    strictEqual(e.grantFor(from, { group: "", kind: "Secret", name: "wildcard", namespace: "certs" })?.object.name, "allow-infra");
    strictEqual(e.grantFor(from, { group: "", kind: "Secret", name: "other", namespace: "certs" }), undefined, "the grant names one Secret");
    strictEqual(e.grantFor({ ...from, namespace: "team" }, { group: "", kind: "Secret", name: "wildcard", namespace: "certs" }), undefined, "the grant names one namespace");
  });

  it("reads BackendTLSPolicy v1 and v1alpha3 with their target Services", () => {
    const m = model(`
      apiVersion: gateway.networking.k8s.io/v1
      kind: BackendTLSPolicy
      metadata: {name: a, namespace: app}
      spec:
        targetRefs: [{group: "", kind: Service, name: api, sectionName: https}]
        validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: api-ca}], hostname: api.app.svc}
      ---
      apiVersion: gateway.networking.k8s.io/v1alpha3
      kind: BackendTLSPolicy
      metadata: {name: b, namespace: app}
      spec:
        targetRefs: [{group: "", kind: Service, name: db}]
        validation: {wellKnownCACertificates: System, hostname: db.example.com}
    `);
    deepStrictEqual(
      m.edges().backendTlsPolicies.map((p) => [p.object.name, p.targets.map((t) => `${t.name}:${t.sectionName}`), p.caCertificateRefs.map((r) => `${r.kind}/${r.namespace}/${r.name}`), p.hostname?.value, p.wellKnownCACertificates]),
      [
        ["a", ["api:https"], ["ConfigMap/app/api-ca"], "api.app.svc", undefined],
        ["b", ["db:undefined"], [], "db.example.com", "System"],
      ],
    );
  });

  it("resolves Istio gateway pods, DestinationRule TLS, mTLS modes by precedence, and sidecar injection", () => {
    const m = model(`
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {istio-injection: enabled}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: batch}
      ---
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata: {name: public, namespace: shop}
      spec:
        selector: {istio: ingressgateway}
        servers:
          - port: {number: 443, name: https, protocol: HTTPS}
            hosts: [shop.example.com]
            tls: {mode: SIMPLE, credentialName: shop-cert}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: istio-ingressgateway, namespace: istio-system}
      spec:
        template:
          metadata: {labels: {istio: ingressgateway}}
          spec: {containers: [{name: istio-proxy, image: istio/proxyv2:1.24.0}]}
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: api, namespace: shop}
      spec:
        host: api
        trafficPolicy:
          portLevelSettings:
            - port: {number: 8443}
              tls: {mode: SIMPLE, insecureSkipVerify: true}
        subsets:
          - name: v2
            trafficPolicy: {tls: {mode: DISABLE}}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: shop, namespace: shop}
      spec:
        hosts: [shop.example.com]
        gateways: [shop/public, mesh]
        http:
          - route:
              - destination: {host: api.shop.svc.cluster.local, port: {number: 8443}}
      ---
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: default, namespace: istio-system}
      spec: {mtls: {mode: STRICT}}
      ---
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: api, namespace: shop}
      spec:
        selector: {matchLabels: {app: api}}
        mtls: {mode: UNSET}
        portLevelMtls: {"9090": {mode: PERMISSIVE}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: api, namespace: shop}
      spec: {selector: {app: api}, ports: [{port: 8443}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: shop}
      spec:
        template:
          metadata: {labels: {app: api}}
          spec: {containers: [{name: api, image: api:1}]}
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {name: report, namespace: batch}
      spec:
        template:
          spec: {containers: [{name: report, image: report:1}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: legacy, namespace: shop}
      spec:
        template:
          metadata: {annotations: {sidecar.istio.io/inject: "false"}}
          spec: {containers: [{name: legacy, image: legacy:1}]}
    `);
    const e = m.edges();
    const [gw] = e.istioGateways;
    deepStrictEqual([gw!.pods.map((p) => `${p.object.namespace}/${p.object.name}`), gw!.servers.map((s) => [s.tlsMode, s.credentialName?.value, s.hosts.map((h) => h.value)])], [["istio-system/istio-ingressgateway"], [["SIMPLE", "shop-cert", ["shop.example.com"]]]]);
    deepStrictEqual(e.clientTls.map((t) => [t.port, t.subset, t.mode?.value, t.insecureSkipVerify?.path]), [
      [8443, undefined, "SIMPLE", ["spec", "trafficPolicy", "portLevelSettings", 0, "tls", "insecureSkipVerify"]],
      [undefined, "v2", "DISABLE", undefined],
    ]);
    deepStrictEqual(e.virtualServices.map((v) => [v.hosts.map((h) => h.value), v.gateways.map((g) => g.value), v.destinations.map((d) => [d.value, d.path.join(".")])]), [
      [["shop.example.com"], ["shop/public", "mesh"], [["api.shop.svc.cluster.local", "spec.http.0.route.0.destination.host"]]],
    ]);
    deepStrictEqual(servicesForHost(m, "api", "shop").map((s) => s.name), ["api"]);
    deepStrictEqual(servicesForHost(m, "*.shop.svc.cluster.local", "istio-system").map((s) => s.name), ["api"]);
    deepStrictEqual(servicesForHost(m, "*.local", "istio-system").map((s) => s.name), ["api"]);
    deepStrictEqual(servicesForHost(m, "api.example.com", "shop"), []);
    const api = m.workloads.find((w) => w.object.name === "api")!;
    const strict = effectiveMtls(e.peerAuthentications, e.istioRootNamespace, api, 8443);
    deepStrictEqual([strict.mode, strict.scope, strict.from?.object.name], ["STRICT", "mesh", "default"], "UNSET inherits from the mesh");
    const port = effectiveMtls(e.peerAuthentications, e.istioRootNamespace, api, 9090);
    deepStrictEqual([port.mode, port.scope], ["PERMISSIVE", "port"]);
    const dataplane = (name: string) => injectionOf(m, m.workloads.find((w) => w.object.name === name)!).dataplane;
    deepStrictEqual([dataplane("api"), dataplane("report"), dataplane("legacy"), dataplane("istio-ingressgateway")], ["sidecar", "none", "none", "sidecar"]);
  });

  it("reads Traefik IngressRoute TLS and ServersTransports", () => {
    const m = model(`
      apiVersion: traefik.io/v1alpha1
      kind: IngressRoute
      metadata: {name: web, namespace: web}
      spec:
        routes: [{match: Host(\`web.example.com\`), kind: Rule, services: [{name: web, port: 443}]}]
        tls: {secretName: web-tls, domains: [{main: web.example.com, sans: [www.example.com]}]}
      ---
      apiVersion: traefik.io/v1alpha1
      kind: ServersTransport
      metadata: {name: skip, namespace: web}
      spec: {insecureSkipVerify: true, serverName: web.internal}
    `);
    const e = m.edges();
    deepStrictEqual(e.traefikTls.map((t) => [t.secretName.value, t.domains.map((d) => d.value)]), [["web-tls", ["web.example.com", "www.example.com"]]]);
    deepStrictEqual(e.serversTransports.map((s) => [s.insecureSkipVerify, s.serverName?.value]), [[["spec", "insecureSkipVerify"], "web.internal"]]);
  });
});
