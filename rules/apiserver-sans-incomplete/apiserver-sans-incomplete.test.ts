import { testRule } from "../../test/support/rule-tester";
import rule from ".";

/** A kubeadm config file: init on cp-1, a load balancer name for controlPlaneEndpoint, and a worker join configuration. */
const kubeadm = (joinEndpoint: string, extra = "") => `
  apiVersion: kubeadm.k8s.io/v1beta4
  kind: InitConfiguration
  localAPIEndpoint:
    advertiseAddress: 192.168.2.11
    bindPort: 6443
  nodeRegistration:
    name: cp-1
    criSocket: unix:///run/containerd/containerd.sock
  ---
  apiVersion: kubeadm.k8s.io/v1beta4
  kind: ClusterConfiguration
  kubernetesVersion: v1.31.2
  controlPlaneEndpoint: cp.lab.internal:6443
  networking:
    serviceSubnet: 10.96.0.0/12
    podSubnet: 10.244.0.0/16
  apiServer:
    certSANs:
      - 192.168.2.100
      - "*.api.lab.internal"${extra}
  ---
  apiVersion: kubeadm.k8s.io/v1beta4
  kind: JoinConfiguration
  discovery:
    bootstrapToken:
      apiServerEndpoint: ${joinEndpoint}
      token: abcdef.0123456789abcdef
      caCertHashes:
        - sha256:1a2b3c4d5e6f
`;

testRule(rule, {
  accept: [
    {
      name: "k0s with the controller's address set",
      yaml: `
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata: {name: k0s}
        spec:
          api:
            address: 192.168.2.10
            externalAddress: k8s-api.lab.example
            sans: [k8s-api.lab.example]
      `,
    },
    {
      name: "k0s with an empty address but the node IP pinned in sans",
      yaml: `
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata: {name: k0s}
        spec:
          api:
            sans: [192.168.2.10, k0s-1.lab.example]
      `,
    },
    {
      name: "a k0sctl Cluster: k0sctl writes every controller's address into sans",
      yaml: `
        apiVersion: k0sctl.k0sproject.io/v1beta1
        kind: Cluster
        metadata: {name: lab}
        spec:
          hosts:
            - role: controller
              ssh: {address: 192.168.2.10, user: root}
          k0s:
            version: v1.31.2+k0s.0
            config:
              spec:
                api:
                  externalAddress: k8s-api.lab.example
      `,
    },
    {
      name: "k0s control-plane load balancing with the virtual server on a VRRP virtual IP",
      yaml: `
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata: {name: k0s}
        spec:
          api: {address: 192.168.2.10}
          network:
            controlPlaneLoadBalancing:
              enabled: true
              type: Keepalived
              keepalived:
                vrrpInstances:
                  - virtualIPs: [192.168.2.200/24]
                    authPass: s3cret
                virtualServers:
                  - ipAddress: 192.168.2.200
      `,
    },
    {
      name: "kubeadm adds controlPlaneEndpoint's host itself: it need not be in certSANs",
      yaml: kubeadm("cp.lab.internal:6443"),
    },
    { name: "kubeadm join through a wildcard certSAN", yaml: kubeadm("k8s.api.lab.internal:6443") },
    { name: "kubeadm join through the advertise address", yaml: kubeadm("192.168.2.11:6443") },
    { name: "kubeadm join through the node name", yaml: kubeadm("cp-1:6443") },
    {
      name: "kubeadm join by IP while the advertise address is auto-detected (not knowable)",
      yaml: `
        apiVersion: kubeadm.k8s.io/v1beta4
        kind: ClusterConfiguration
        controlPlaneEndpoint: cp.lab.internal:6443
        ---
        apiVersion: kubeadm.k8s.io/v1beta4
        kind: JoinConfiguration
        discovery:
          bootstrapToken:
            apiServerEndpoint: 192.168.2.11:6443
            token: abcdef.0123456789abcdef
            unsafeSkipCAVerification: true
      `,
    },
    {
      name: "Cluster API fills the endpoint and discovery itself",
      yaml: `
        apiVersion: controlplane.cluster.x-k8s.io/v1beta1
        kind: KubeadmControlPlane
        metadata: {name: cp, namespace: capi}
        spec:
          kubeadmConfigSpec:
            clusterConfiguration:
              apiServer:
                certSANs: [api.capi.example]
            joinConfiguration:
              discovery:
                bootstrapToken:
                  apiServerEndpoint: lb.capi.example:6443
                  token: abcdef.0123456789abcdef
      `,
    },
  ],
  reject: [
    {
      name: "k0s.yaml shaped like incident 4: a load balancer setup with the controller's address (192.168.2.10) missing",
      yaml: `
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata:
          name: k0s
          namespace: kube-system
        spec:
          api:
            externalAddress: k8s-api.lab.example
            k0sApiPort: 9443
            port: 6443
            sans:
              - k8s-api.lab.example
          network:
            provider: kuberouter
            podCIDR: 10.244.0.0/16
            serviceCIDR: 10.96.0.0/12
          storage:
            type: etcd
      `,
      findings: [
        {
          object: "ClusterConfig/kube-system/k0s",
          messageId: "k0sAddressAutoDetected",
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 6,
          message: "spec.api.address is empty and spec.api.sans holds no IP address, so k0s auto-detects the node's address at every start",
          fix: "Set the controller's address and list every address and name clients",
        },
      ],
    },
    {
      name: "k0s with an explicitly empty address and no sans",
      yaml: `
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata: {name: k0s}
        spec:
          api:
            address: ""
            sans: [127.0.0.1]
      `,
      findings: [{ object: "ClusterConfig/default/k0s", messageId: "k0sAddressAutoDetected", line: 6, column: 5, endLine: 6, endColumn: 16, message: "Only localhost, 127.0.0.1 and the service IP are certain to be in it", fix: "Set the controller's address and list every address and name clients" }],
    },
    {
      name: "k0s control-plane load balancing serves the API on an address that is not a VRRP virtual IP",
      yaml: `
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata: {name: k0s}
        spec:
          api: {address: 192.168.2.10}
          network:
            controlPlaneLoadBalancing:
              enabled: true
              keepalived:
                vrrpInstances:
                  - virtualIPs: [192.168.2.200/24]
                    authPass: s3cret
                virtualServers:
                  - ipAddress: 192.168.2.100
      `,
      findings: [{ object: "ClusterConfig/default/k0s", messageId: "k0sLoadBalancerIp", line: 14, column: 13, endLine: 14, endColumn: 37, message: "serves the API on 192.168.2.100, but k0s adds only the VRRP virtual IPs (192.168.2.200)", fix: "Add 192.168.2.100 to spec.api.sans, or serve the virtual server on" }],
    },
    {
      name: "a kubeadm config whose workers join through a name the API server certificate lacks",
      yaml: kubeadm("k8s-api.lab.example:6443"),
      findings: [
        {
          object: "JoinConfiguration/",
          messageId: "kubeadmJoinEndpoint",
          line: 26,
          column: 5,
          endLine: 26,
          endColumn: 48,
          message: "Nodes join through k8s-api.lab.example:6443, but the API server certificate kubeadm generates will not hold k8s-api.lab.example",
          fix: "Add k8s-api.lab.example to apiServer.certSANs of the",
          related: ["ClusterConfiguration/"],
        },
      ],
    },
  ],
});
