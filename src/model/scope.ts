/**
 * Kinds that live outside namespaces. An object of any other kind without a namespace gets the
 * namespace `kubectl apply -n` (or `helm install -n`) would give it.
 */
const CLUSTER_SCOPED = new Set([
  "Namespace", "Node", "PersistentVolume", "StorageClass", "PriorityClass", "RuntimeClass", "IngressClass",
  "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService",
  "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
  "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
  "CSIDriver", "CSINode", "VolumeAttachment", "CertificateSigningRequest", "ClusterIssuer",
  "ClusterSecretStore", "ClusterExternalSecret", "ClusterTrustBundle", "Bundle", "ClusterBundle",
  "EC2NodeClass", "NodePool", "NodeClaim", "GatewayClass",
  // Configuration files that are not API objects but are linted like them.
  "ClusterConfiguration", "InitConfiguration", "JoinConfiguration", "KubeletConfiguration", "KubeProxyConfiguration",
  "NodeConfig",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}
