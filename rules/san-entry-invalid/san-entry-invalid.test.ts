import { testRule } from "../../test/support/rule-tester";
import rule from ".";

testRule(rule, {
  accept: [
    {
      name: "a cert-manager Certificate with names, a wildcard, IPs, a SPIFFE URI and an e-mail",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: gateway, namespace: edge}
        spec:
          secretName: gateway-tls
          issuerRef: {name: corp-ca, kind: ClusterIssuer}
          dnsNames:
            - gateway.edge.svc
            - "*.apps.example.com"
            - Gateway.Example.COM
          ipAddresses: [10.0.0.15, "fd00::15"]
          uris: [spiffe://cluster.local/ns/edge/sa/gateway]
          emailAddresses: [pki@example.com]
      `,
    },
    {
      name: "an IP listed in dnsNames as well as in ipAddresses does no harm",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: legacy, namespace: edge}
        spec:
          secretName: legacy-tls
          issuerRef: {name: corp-ca, kind: ClusterIssuer}
          dnsNames: [legacy.example.com, 10.0.0.16]
          ipAddresses: [10.0.0.16]
      `,
    },
    {
      name: "kubeadm certSANs take IPs, lower-case names and wildcards",
      yaml: `
        apiVersion: kubeadm.k8s.io/v1beta4
        kind: ClusterConfiguration
        controlPlaneEndpoint: cp.lab.internal:6443
        apiServer:
          certSANs: [192.168.2.100, "fd00::100", k8s-api.lab.example, "*.api.lab.example"]
        etcd:
          local:
            serverCertSANs: [etcd-0.lab.internal]
      `,
    },
    {
      name: "k0s sans and externalAddress take IPs and names (upper case and underscores included)",
      yaml: `
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata: {name: k0s}
        spec:
          api:
            address: 192.168.2.10
            externalAddress: k8s-api.lab.example
            sans: [192.168.2.10, K0S-1.lab.example, k0s_1.lab.example]
      `,
    },
  ],
  reject: [
    {
      name: "cert-manager: an IP in dnsNames, a name in ipAddresses, a URL, a port, a bare * and a bad wildcard",
      yaml: `
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: api, namespace: edge}
        spec:
          secretName: api-tls
          issuerRef: {name: letsencrypt, kind: ClusterIssuer}
          dnsNames:
            - api.example.com
            - 203.0.113.10
            - https://api.example.com
            - api.example.com:443
            - "*"
            - "api.*.example.com"
          ipAddresses:
            - api.example.com
          uris:
            - cluster.local/ns/edge/sa/api
          emailAddresses:
            - PKI Team <pki@example.com>
      `,
      findings: [
        { object: "Certificate/edge/api", line: 9, column: 7, message: 'spec.dnsNames entry "203.0.113.10" is an IP address in a DNS-name list' },
        { object: "Certificate/edge/api", line: 10, column: 7, message: 'spec.dnsNames entry "https://api.example.com" is a URL' },
        { object: "Certificate/edge/api", line: 11, column: 7, message: "carries a port (:443)" },
        { object: "Certificate/edge/api", line: 12, column: 7, message: "is a bare *" },
        { object: "Certificate/edge/api", line: 13, column: 7, message: "uses * other than as the whole left-most label" },
        { object: "Certificate/edge/api", line: 15, column: 7, message: 'spec.ipAddresses entry "api.example.com" is not an IP address: cert-manager\'s webhook rejects the Certificate' },
        { object: "Certificate/edge/api", line: 17, column: 7, message: "has no URI scheme" },
        { object: "Certificate/edge/api", line: 19, column: 7, message: "is not a bare e-mail address" },
      ],
    },
    {
      name: "kubeadm certSANs with a CIDR, a URL, a port, spaces and upper case",
      yaml: `
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: ClusterConfiguration
        kubernetesVersion: v1.30.6
        controlPlaneEndpoint: k8s-api.lab.example:6443
        apiServer:
          certSANs:
            - 192.168.2.0/24
            - https://k8s-api.lab.example
            - 192.168.2.100:6443
            - "cp-1 cp-2"
            - K8S-API.lab.example
        etcd:
          local:
            peerCertSANs: ["10.0.0.0/8"]
      `,
      findings: [
        { object: "ClusterConfiguration/", line: 7, column: 7, message: 'apiServer.certSANs entry "192.168.2.0/24" is a CIDR range; a SAN matches one exact address, never a range: kubeadm refuses the configuration' },
        { object: "ClusterConfiguration/", line: 8, column: 7, message: "is a URL" },
        { object: "ClusterConfiguration/", line: 9, column: 7, message: "carries a port (:6443)" },
        { object: "ClusterConfiguration/", line: 10, column: 7, message: "contains spaces" },
        { object: "ClusterConfiguration/", line: 11, column: 7, message: "has upper-case letters" },
        { object: "ClusterConfiguration/", line: 14, column: 20, message: "etcd peer certificate" },
      ],
    },
    {
      name: "Cluster API KubeadmControlPlane certSANs are checked the same way",
      yaml: `
        apiVersion: controlplane.cluster.x-k8s.io/v1beta1
        kind: KubeadmControlPlane
        metadata: {name: cp, namespace: capi}
        spec:
          kubeadmConfigSpec:
            clusterConfiguration:
              apiServer:
                certSANs: ["10.20.0.0/16"]
      `,
      findings: [{ object: "KubeadmControlPlane/capi/cp", line: 8, column: 20, message: 'ClusterConfiguration apiServer.certSANs entry "10.20.0.0/16" is a CIDR range' }],
    },
    {
      name: "k0s sans with a CIDR and a wildcard, and an externalAddress with a port",
      yaml: `
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata: {name: k0s}
        spec:
          api:
            address: 192.168.2.10
            externalAddress: k8s-api.lab.example:6443
            sans:
              - 192.168.2.0/24
              - "*.lab.example"
      `,
      findings: [
        { object: "ClusterConfig/default/k0s", line: 7, column: 5, message: 'spec.api.externalAddress entry "k8s-api.lab.example:6443" carries a port' },
        { object: "ClusterConfig/default/k0s", line: 9, column: 9, message: "k0s rejects it when it validates the configuration" },
        { object: "ClusterConfig/default/k0s", line: 10, column: 9, message: "is a wildcard, which k0s does not accept" },
      ],
    },
    {
      name: "k0sctl: the embedded ClusterConfig's sans",
      yaml: `
        apiVersion: k0sctl.k0sproject.io/v1beta1
        kind: Cluster
        metadata: {name: lab}
        spec:
          hosts:
            - role: controller
              ssh: {address: 192.168.2.10}
          k0s:
            config:
              spec:
                api:
                  sans: [https://k8s-api.lab.example]
      `,
      findings: [{ object: "Cluster/default/lab", line: 12, column: 18, message: 'ClusterConfig spec.api.sans entry "https://k8s-api.lab.example" is a URL' }],
    },
  ],
});
