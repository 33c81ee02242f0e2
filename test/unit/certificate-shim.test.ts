import { deepStrictEqual } from "node:assert/strict";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { shimCertificates } from "../../src/model/sources/shim";
import { dedent } from "../support/dedent";

function model(yaml: string): Model {
  return new Model(loadStreams([{ text: dedent(yaml), origin: { via: "file", file: "/x.yaml" } }], "default").objects);
}

/** What each shim Certificate is, as one line: shim, owner, namespace/secret, issuer kind/name, hosts. */
function certificates(yaml: string): string[] {
  return shimCertificates(model(yaml)).map((c) => `${c.shim} ${c.owner.kind}/${c.owner.name} ${c.namespace}/${c.secretName} ${c.issuer.kind}/${c.issuer.name} [${c.hosts.map((h) => h.name).join(" ")}] at ${c.secretPath.join(".")}`);
}

describe("cert-manager's certificate-shim: the Certificates an annotated Ingress or Gateway gets", () => {
  it("ingress-shim: one per TLS entry with hosts and a secretName; issuer-kind overrides the kind; entries without hosts are skipped", () => {
    deepStrictEqual(
      certificates(`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop
          namespace: shop
          annotations: {cert-manager.io/issuer: internal, cert-manager.io/issuer-kind: ClusterIssuer}
        spec:
          tls:
            - {hosts: [shop.example.com, shop.example.com, 10.0.0.1], secretName: shop-tls}
            - {secretName: nohosts-tls}
            - {hosts: [api.example.com], secretName: other/api-tls}
            - {hosts: [www.example.com], secretName: www-tls}
      `),
      ["ingress-shim Ingress/shop shop/shop-tls ClusterIssuer/internal [shop.example.com 10.0.0.1] at spec.tls.0.secretName", "ingress-shim Ingress/shop shop/www-tls ClusterIssuer/internal [www.example.com] at spec.tls.3.secretName"],
    );
  });

  it("ingress-shim creates nothing for annotations cert-manager refuses, a secretName in two entries, or a Certificate of that name already rendered", () => {
    deepStrictEqual(
      certificates(`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: both
          namespace: shop
          annotations: {cert-manager.io/issuer: a, cert-manager.io/cluster-issuer: b}
        spec:
          tls: [{hosts: [a.example.com], secretName: a-tls}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: twice
          namespace: shop
          annotations: {cert-manager.io/cluster-issuer: le}
        spec:
          tls: [{hosts: [b.example.com], secretName: b-tls}, {hosts: [c.example.com], secretName: b-tls}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: owned
          namespace: shop
          annotations: {cert-manager.io/cluster-issuer: le, cert-manager.io/issuer-kind: ClusterIssuer}
        spec:
          tls: [{hosts: [d.example.com], secretName: d-tls}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: existing
          namespace: shop
          annotations: {cert-manager.io/cluster-issuer: le}
        spec:
          tls: [{hosts: [e.example.com], secretName: e-tls}]
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: e-tls, namespace: shop}
        spec: {secretName: e-tls, dnsNames: [e.example.com], issuerRef: {name: le, kind: ClusterIssuer}}
      `),
      [],
    );
  });

  it("ingress-shim: kubernetes.io/tls-acme asks the controller's default issuer (--default-issuer-name/-kind), and nothing without a controller that names one", () => {
    const ingress = `
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: blog
          namespace: web
          annotations: {kubernetes.io/tls-acme: "true"}
        spec:
          tls: [{hosts: [blog.example.com], secretName: blog-tls}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: off
          namespace: web
          annotations: {kubernetes.io/tls-acme: "false"}
        spec:
          tls: [{hosts: [off.example.com], secretName: off-tls}]
    `;
    const controller = (args: string) => `
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cert-manager, namespace: cert-manager}
        spec:
          selector: {matchLabels: {app: cert-manager}}
          template:
            metadata: {labels: {app: cert-manager}}
            spec:
              containers:
                - name: cert-manager-controller
                  image: quay.io/jetstack/cert-manager-controller:v1.18.2
                  args: [${args}]
    `;
    deepStrictEqual(certificates(ingress + controller("--v=2, --default-issuer-name=letsencrypt, --default-issuer-kind=ClusterIssuer")), ["ingress-shim Ingress/blog web/blog-tls ClusterIssuer/letsencrypt [blog.example.com] at spec.tls.0.secretName"]);
    deepStrictEqual(certificates(ingress + controller("--v=2")), [], "no default issuer name: cert-manager cannot tell the issuer");
    deepStrictEqual(certificates(ingress), [], "no controller in the render: its defaults are unknown");
  });

  it("gateway-shim: HTTPS and TLS listeners in Terminate mode with a hostname and local Secret refs; hosts of one Secret merged", () => {
    deepStrictEqual(
      certificates(`
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: edge
          namespace: infra
          annotations: {cert-manager.io/cluster-issuer: le, cert-manager.io/ignore-tls-listeners: "skipped"}
        spec:
          gatewayClassName: envoy
          listeners:
            - {name: shop, port: 443, protocol: HTTPS, hostname: shop.example.com, tls: {certificateRefs: [{name: edge-tls}]}}
            - {name: www, port: 443, protocol: HTTPS, hostname: www.example.com, tls: {mode: Terminate, certificateRefs: [{kind: Secret, group: "", name: edge-tls}]}}
            - {name: http, port: 80, protocol: HTTP, hostname: shop.example.com}
            - {name: pass, port: 8443, protocol: TLS, hostname: db.example.com, tls: {mode: Passthrough, certificateRefs: [{name: db-tls}]}}
            - {name: skipped, port: 443, protocol: HTTPS, hostname: old.example.com, tls: {certificateRefs: [{name: old-tls}]}}
            - {name: nohost, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: any-tls}]}}
            - {name: remote, port: 443, protocol: HTTPS, hostname: api.example.com, tls: {certificateRefs: [{name: api-tls, namespace: certs}]}}
      `),
      ["gateway-shim Gateway/edge infra/edge-tls ClusterIssuer/le [shop.example.com www.example.com] at spec.listeners.0.tls.certificateRefs.0"],
    );
  });
});
