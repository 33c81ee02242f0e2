import { testRule } from "../../test/support/rule-tester";
import rule from ".";

/** EKS AL2023 with Karpenter: a nodeadm NodeConfig part, then a shell part that installs the corporate root CA. */
const al2023 = (shellPart: string) => `
  apiVersion: karpenter.k8s.aws/v1
  kind: EC2NodeClass
  metadata:
    name: private-registry
  spec:
    amiSelectorTerms:
      - alias: al2023@v20240807
    role: KarpenterNodeRole-prod
    subnetSelectorTerms:
      - tags: {karpenter.sh/discovery: prod}
    securityGroupSelectorTerms:
      - tags: {karpenter.sh/discovery: prod}
    userData: |
      MIME-Version: 1.0
      Content-Type: multipart/mixed; boundary="//"

      --//
      Content-Type: application/node.eks.aws

      apiVersion: node.eks.aws/v1alpha1
      kind: NodeConfig
      spec:
        kubelet:
          config:
            maxPods: 110

      --//
      Content-Type: text/x-shellscript; charset="us-ascii"

      #!/bin/bash
      set -euo pipefail
      ${shellPart.trim().split("\n").map((l) => l.trim()).join("\n      ")}
      --//--
`;

/** The base64 user data of an ACK LaunchTemplate (AL2: curl the CA, update-ca-trust, bootstrap.sh). */
const AL2_BASE64 =
  "IyEvYmluL2Jhc2gKc2V0IC1lCmN1cmwgLWZzU0wgLW8gL2V0Yy9wa2kvY2EtdHJ1c3Qvc291cmNlL2FuY2hvcnMvY29ycC5jcnQgaHR0cHM6Ly9wa2kuY29ycC5leGFtcGxlL3Jvb3QuY3J0CnVwZGF0ZS1jYS10cnVzdCBleHRyYWN0Ci9ldGMvZWtzL2Jvb3RzdHJhcC5zaCBwcm9kCg==";

testRule(rule, {
  accept: [
    {
      name: "AL2023 user data restarts containerd after update-ca-trust",
      yaml: al2023(`
        CA_DIR=/etc/pki/ca-trust/source/anchors
        aws s3 cp s3://corp-pki/root-ca.crt "$CA_DIR/corp-root-ca.crt"
        update-ca-trust extract
        systemctl restart containerd
      `),
    },
    {
      name: "the registry CA goes to /etc/containerd/certs.d/<registry>/hosts.toml (no restart needed)",
      yaml: al2023(`
        mkdir -p /etc/containerd/certs.d/registry.corp.example
        aws s3 cp s3://corp-pki/root-ca.crt /etc/pki/ca-trust/source/anchors/corp-root-ca.crt
        update-ca-trust extract
        cp /etc/pki/ca-trust/source/anchors/corp-root-ca.crt /etc/containerd/certs.d/registry.corp.example/ca.crt
        cat > /etc/containerd/certs.d/registry.corp.example/hosts.toml <<'EOF'
        server = "https://registry.corp.example"
        [host."https://registry.corp.example"]
          ca = "/etc/containerd/certs.d/registry.corp.example/ca.crt"
        EOF
      `),
    },
    {
      name: "containerd is stopped before the trust store changes and started after",
      yaml: al2023(`
        systemctl stop containerd
        cp /tmp/corp.crt /etc/pki/ca-trust/source/anchors/ && update-ca-trust
        systemctl start containerd.service
      `),
    },
    {
      name: "Bottlerocket user data is TOML settings, not a script",
      yaml: `
        apiVersion: karpenter.k8s.aws/v1
        kind: EC2NodeClass
        metadata: {name: bottlerocket}
        spec:
          amiSelectorTerms:
            - alias: bottlerocket@latest
          role: KarpenterNodeRole-prod
          userData: |
            [settings.pki.corp-root]
            data = "LS0tLS1CRUdJTi..."
            trusted = true
      `,
    },
    {
      name: "a Job that trusts a CA inside its own container (no host trust directory mounted)",
      yaml: `
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate, namespace: app}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: debian:12
                  command: [sh, -c]
                  args:
                    - |
                      cp /ca/corp.crt /usr/local/share/ca-certificates/
                      update-ca-certificates
                      exec /app/migrate
                  volumeMounts:
                    - {name: ca, mountPath: /ca}
                    - {name: logs, mountPath: /var/log/app}
              volumes:
                - {name: ca, configMap: {name: corp-ca}}
                - {name: logs, hostPath: {path: /var/log/app}}
      `,
    },
    {
      name: "a log shipper reading the host trust store read-only",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: fluent-bit, namespace: logging}
        spec:
          template:
            spec:
              containers:
                - name: fluent-bit
                  image: fluent/fluent-bit:3.1
                  volumeMounts:
                    - {name: certs, mountPath: /etc/ssl/certs, readOnly: true}
              volumes:
                - {name: certs, hostPath: {path: /etc/ssl/certs}}
      `,
    },
    {
      name: "a DaemonSet that installs the registry CA into the host's certs.d",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: registry-ca, namespace: kube-system}
        spec:
          template:
            spec:
              initContainers:
                - name: install
                  image: busybox:1.36
                  command:
                    - sh
                    - -c
                    - |
                      mkdir -p /host-certs.d/registry.corp.example
                      cp /ca/ca.crt /host-certs.d/registry.corp.example/ca.crt
                      printf 'server = "https://registry.corp.example"\\n' > /host-certs.d/registry.corp.example/hosts.toml
                  volumeMounts:
                    - {name: ca, mountPath: /ca}
                    - {name: certsd, mountPath: /host-certs.d}
              containers:
                - {name: pause, image: registry.k8s.io/pause:3.10}
              volumes:
                - {name: ca, secret: {secretName: registry-ca}}
                - {name: certsd, hostPath: {path: /etc/containerd/certs.d, type: DirectoryOrCreate}}
      `,
    },
    {
      name: "update-ca-trust check only reports the configuration",
      yaml: al2023(`
        update-ca-trust check
      `),
    },
  ],
  reject: [
    {
      name: "EKS AL2023 EC2NodeClass with MIME user data: update-ca-trust and no restart (incident 3)",
      yaml: al2023(`
        CA_DIR=/etc/pki/ca-trust/source/anchors
        aws s3 cp s3://corp-pki/root-ca.crt "$CA_DIR/corp-root-ca.crt"
        update-ca-trust extract
      `),
      findings: [
        {
          object: "EC2NodeClass/private-registry",
          messageId: "bootstrapAddsCa",
          line: 34,
          column: 5,
          endLine: 34,
          endColumn: 28,
          message: "`update-ca-trust extract` (MIME part 2 (text/x-shellscript)) adds a CA to the node trust store, but nothing in the user data restarts containerd",
          fix: "Either add `systemctl restart containerd` right after",
        },
      ],
    },
    {
      name: "the restart comes before the CA is installed",
      yaml: al2023(`
        systemctl restart containerd
        aws s3 cp s3://corp-pki/root-ca.crt /etc/pki/ca-trust/source/anchors/corp.crt
        update-ca-trust extract
      `),
      findings: [{ object: "EC2NodeClass/private-registry", messageId: "bootstrapAddsCa", line: 34, column: 5, endLine: 34, endColumn: 28, message: "`update-ca-trust extract`", fix: "Either add `systemctl restart containerd` right after" }],
    },
    {
      name: "AL2 bash user data (v1beta1 amiFamily) with a heredoc CA and bootstrap.sh",
      yaml: `
        apiVersion: karpenter.k8s.aws/v1beta1
        kind: EC2NodeClass
        metadata:
          name: al2-private
        spec:
          amiFamily: AL2
          role: KarpenterNodeRole-prod
          userData: |
            #!/bin/bash -xe
            cat <<'EOF' > /etc/pki/ca-trust/source/anchors/corp-root.crt
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUW0cN
            -----END CERTIFICATE-----
            EOF
            update-ca-trust extract
            /etc/eks/bootstrap.sh prod --container-runtime containerd
      `,
      findings: [{ object: "EC2NodeClass/al2-private", messageId: "bootstrapAddsCa", line: 15, column: 5, endLine: 15, endColumn: 28, message: "`update-ca-trust extract` (user data)", fix: "Either add `systemctl restart containerd` right after" }],
    },
    {
      name: "base64 user data of a launch template: the finding points at the field and quotes the command",
      yaml: `
        apiVersion: ec2.services.k8s.aws/v1alpha1
        kind: LaunchTemplate
        metadata: {name: workers, namespace: infra}
        spec:
          name: workers
          data:
            imageID: ami-0123456789abcdef0
            userData: ${AL2_BASE64}
      `,
      findings: [{ object: "LaunchTemplate/infra/workers", messageId: "bootstrapAddsCa", line: 8, column: 5, endLine: 8, endColumn: 231, message: "`update-ca-trust extract` (base64 user data) adds a CA", fix: "Either add `systemctl restart containerd` right after" }],
    },
    {
      name: "cloud-config ca_certs with no restart in runcmd",
      yaml: `
        apiVersion: ec2.aws.upbound.io/v1beta1
        kind: LaunchTemplate
        metadata: {name: gpu-nodes}
        spec:
          forProvider:
            region: eu-west-1
            userData: |
              #cloud-config
              ca_certs:
                trusted:
                  - |
                    -----BEGIN CERTIFICATE-----
                    MIIBszCCAVmgAwIBAgIUW0cN
                    -----END CERTIFICATE-----
              runcmd:
                - /etc/eks/bootstrap.sh gpu
      `,
      findings: [{ object: "LaunchTemplate/default/gpu-nodes", messageId: "bootstrapAddsCa", line: 9, column: 7, endLine: 9, endColumn: 16, message: "the ca_certs module (cloud-config ca_certs)", fix: "Either add `systemctl restart containerd` after the ca_certs module" }],
    },
    {
      name: "Cluster API KubeadmConfigTemplate: files into the anchors, update-ca-certificates before kubeadm join",
      yaml: `
        apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
        kind: KubeadmConfigTemplate
        metadata: {name: md-0, namespace: capi-prod}
        spec:
          template:
            spec:
              files:
                - path: /usr/local/share/ca-certificates/corp-root.crt
                  owner: root:root
                  permissions: "0644"
                  contentFrom:
                    secret: {name: corp-root-ca, key: ca.crt}
              preKubeadmCommands:
                - hostnamectl set-hostname "{{ ds.meta_data.local_hostname }}"
                - update-ca-certificates
              joinConfiguration:
                nodeRegistration:
                  kubeletExtraArgs: {cloud-provider: external}
      `,
      findings: [{ object: "KubeadmConfigTemplate/capi-prod/md-0", messageId: "bootstrapAddsCa", line: 15, column: 11, endLine: 15, endColumn: 33, message: "`update-ca-certificates` (preKubeadmCommands[1]) adds a CA to the node trust store, but nothing in the bootstrap commands restarts containerd", fix: "Either add `systemctl restart containerd` right after" }],
    },
    {
      name: "a script written by files and run from preKubeadmCommands is followed",
      yaml: `
        apiVersion: controlplane.cluster.x-k8s.io/v1beta1
        kind: KubeadmControlPlane
        metadata: {name: cp, namespace: capi-prod}
        spec:
          kubeadmConfigSpec:
            files:
              - path: /opt/install-ca.sh
                permissions: "0755"
                content: |
                  #!/bin/sh
                  set -e
                  cp /etc/corp/root.crt /etc/pki/ca-trust/source/anchors/
                  update-ca-trust
            preKubeadmCommands:
              - /opt/install-ca.sh
      `,
      findings: [{ object: "KubeadmControlPlane/capi-prod/cp", messageId: "bootstrapAddsCa", line: 13, column: 11, endLine: 13, endColumn: 26, message: "`update-ca-trust` (files[0])", fix: "Either add `systemctl restart containerd` right after" }],
    },
    {
      name: "a host-prep DaemonSet copies the CA through hostPath and runs update-ca-trust in the host with chroot",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: node-ca-installer, namespace: kube-system}
        spec:
          selector: {matchLabels: {app: node-ca-installer}}
          template:
            metadata: {labels: {app: node-ca-installer}}
            spec:
              initContainers:
                - name: install-ca
                  image: registry.access.redhat.com/ubi9/ubi-minimal:9.4
                  securityContext: {privileged: true}
                  command: ["/bin/bash", "-c"]
                  args:
                    - |
                      set -euo pipefail
                      cp /certs/corp-root.crt /host/etc/pki/ca-trust/source/anchors/corp-root.crt
                      chroot /host update-ca-trust extract
                  volumeMounts:
                    - {name: corp-ca, mountPath: /certs}
                    - {name: host-root, mountPath: /host}
              containers:
                - {name: pause, image: registry.k8s.io/pause:3.10}
              volumes:
                - {name: corp-ca, configMap: {name: corp-root-ca}}
                - {name: host-root, hostPath: {path: /}}
      `,
      findings: [{ object: "DaemonSet/kube-system/node-ca-installer", messageId: "podRebuildsHostTrust", line: 18, column: 15, endLine: 18, endColumn: 51, message: "`chroot /host update-ca-trust extract` (init container \"install-ca\") rebuilds the host trust store through a hostPath volume", fix: "Either restart the runtime on the node once the CA is in place, e.g." }],
    },
    {
      name: "a DaemonSet copying the CA into the host's CA source directory through hostPath, and nothing more",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: ca-copier, namespace: kube-system}
        spec:
          selector: {matchLabels: {app: ca-copier}}
          template:
            metadata: {labels: {app: ca-copier}}
            spec:
              containers:
                - name: copy
                  image: busybox:1.36
                  command: ["sh", "-c", "cp /certs/corp-root.crt /host-ca/corp-root.crt && sleep infinity"]
                  volumeMounts:
                    - {name: corp-ca, mountPath: /certs}
                    - {name: host-ca, mountPath: /host-ca}
              volumes:
                - {name: corp-ca, configMap: {name: corp-root-ca}}
                - {name: host-ca, hostPath: {path: /usr/local/share/ca-certificates}}
      `,
      findings: [{ object: "DaemonSet/kube-system/ca-copier", messageId: "podWritesHostCa", line: 12, column: 33, endLine: 12, endColumn: 99, message: "writes a CA into the host's /usr/local/share/ca-certificates through a hostPath volume", fix: "Either restart the runtime on the node once the CA is in place" }],
    },
    {
      name: "a DaemonSet writing into the host's anchors with its image's own entrypoint (warning)",
      yaml: `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: ca-distributor, namespace: security}
        spec:
          template:
            spec:
              containers:
                - name: distributor
                  image: corp/ca-distributor:2.3
                  volumeMounts:
                    - {name: anchors, mountPath: /host/anchors}
              volumes:
                - {name: anchors, hostPath: {path: /etc/pki/ca-trust/source/anchors}}
      `,
      findings: [{ object: "DaemonSet/security/ca-distributor", messageId: "opaqueInstaller", line: 11, column: 31, endLine: 11, endColumn: 55, message: "mounts the host's /etc/pki/ca-trust/source/anchors writable", fix: "Restart the runtime on the node after installing the CA (`nsenter", severity: "warning" }],
    },
  ],
});
