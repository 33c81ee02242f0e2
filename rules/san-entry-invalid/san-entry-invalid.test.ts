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
        { object: "Certificate/edge/api", messageId: "invalidEntry", line: 9, column: 7, endLine: 9, endColumn: 19, message: 'spec.dnsNames entry "203.0.113.10" is an IP address in a DNS-name list', fix: 'Move "203.0.113.10" to spec.ipAddresses.' },
        { object: "Certificate/edge/api", messageId: "invalidEntry", line: 10, column: 7, endLine: 10, endColumn: 30, message: 'spec.dnsNames entry "https://api.example.com" is a URL', fix: 'Write the host only: "api.example.com".' },
        { object: "Certificate/edge/api", messageId: "invalidEntry", line: 11, column: 7, endLine: 11, endColumn: 26, message: "carries a port (:443)", fix: 'Drop the port: "api.example.com".' },
        { object: "Certificate/edge/api", messageId: "invalidEntry", line: 12, column: 7, endLine: 12, endColumn: 10, message: "is a bare *", fix: "List the names clients dial, or a one-level wildcard such as" },
        { object: "Certificate/edge/api", messageId: "invalidEntry", line: 13, column: 7, endLine: 13, endColumn: 26, message: "uses * other than as the whole left-most label", fix: "A wildcard covers exactly one whole left-most label" },
        { object: "Certificate/edge/api", messageId: "invalidEntry", line: 15, column: 7, endLine: 15, endColumn: 22, message: 'spec.ipAddresses entry "api.example.com" is not an IP address: cert-manager\'s webhook rejects the Certificate', fix: 'Move "api.example.com" to spec.dnsNames (or write the IP address it' },
        { object: "Certificate/edge/api", messageId: "invalidEntry", line: 17, column: 7, endLine: 17, endColumn: 35, message: "has no URI scheme", fix: "Write the full URI, for example" },
        { object: "Certificate/edge/api", messageId: "invalidEntry", line: 19, column: 7, endLine: 19, endColumn: 33, message: "is not a bare e-mail address", fix: "Write the bare address, for example ops@example.com." },
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
        { object: "ClusterConfiguration/", messageId: "invalidEntry", line: 7, column: 7, endLine: 7, endColumn: 21, message: 'apiServer.certSANs entry "192.168.2.0/24" is a CIDR range; a SAN matches one exact address, never a range: kubeadm refuses the configuration', fix: "List each address clients dial (for example the load balancer's and" },
        { object: "ClusterConfiguration/", messageId: "invalidEntry", line: 8, column: 7, endLine: 8, endColumn: 34, message: "is a URL", fix: 'Write the host only: "k8s-api.lab.example".' },
        { object: "ClusterConfiguration/", messageId: "invalidEntry", line: 9, column: 7, endLine: 9, endColumn: 25, message: "carries a port (:6443)", fix: 'Drop the port: "192.168.2.100".' },
        { object: "ClusterConfiguration/", messageId: "invalidEntry", line: 10, column: 7, endLine: 10, endColumn: 18, message: "contains spaces", fix: 'Write one entry per list item: "cp-1", "cp-2".' },
        { object: "ClusterConfiguration/", messageId: "invalidEntry", line: 11, column: 7, endLine: 11, endColumn: 26, message: "has upper-case letters", fix: 'Write it in lower case: "k8s-api.lab.example".' },
        { object: "ClusterConfiguration/", messageId: "invalidEntry", line: 14, column: 20, endLine: 14, endColumn: 32, message: "etcd peer certificate", fix: "List each address clients dial (for example the load balancer's and" },
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
      findings: [{ object: "KubeadmControlPlane/capi/cp", messageId: "invalidEntry", line: 8, column: 20, endLine: 8, endColumn: 34, message: 'ClusterConfiguration apiServer.certSANs entry "10.20.0.0/16" is a CIDR range', fix: "List each address clients dial (for example the load balancer's and" }],
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
        { object: "ClusterConfig/default/k0s", messageId: "invalidEntry", line: 7, column: 5, endLine: 7, endColumn: 46, message: 'spec.api.externalAddress entry "k8s-api.lab.example:6443" carries a port', fix: 'Drop the port: "k8s-api.lab.example".' },
        { object: "ClusterConfig/default/k0s", messageId: "invalidEntry", line: 9, column: 9, endLine: 9, endColumn: 23, message: "k0s rejects it when it validates the configuration", fix: "List each address clients dial (for example the load balancer's and" },
        { object: "ClusterConfig/default/k0s", messageId: "invalidEntry", line: 10, column: 9, endLine: 10, endColumn: 24, message: "is a wildcard, which k0s does not accept", fix: "List each name explicitly; k0s takes only IP addresses and DNS names." },
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
      findings: [{ object: "Cluster/default/lab", messageId: "invalidEntry", line: 12, column: 18, endLine: 12, endColumn: 45, message: 'ClusterConfig spec.api.sans entry "https://k8s-api.lab.example" is a URL', fix: 'Write the host only: "k8s-api.lab.example".' }],
    },
  ],
});
