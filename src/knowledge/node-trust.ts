/**
 * How a node's trust store and container runtime work, for rules that read node bootstrap
 * scripts. Sources: ../shared/reference/trust-facts.md §1a (Go caches its system roots once per
 * process), §1b (distro layouts), §1i (EKS AMIs, nodeadm, containerd hosts.toml), update-ca-trust(8),
 * containerd docs/hosts.md, cloud-init cc_ca_certs and CRI-O containers-certs.d(5).
 */

/**
 * Host directories where a CA file becomes trusted (the anchors that update-ca-trust and
 * update-ca-certificates read, and the extracted or hashed stores that Go reads directly).
 */
export const TRUST_ANCHOR_DIRS: readonly string[] = [
  "/etc/pki/ca-trust/source/anchors",
  "/etc/pki/ca-trust/source",
  "/usr/share/pki/ca-trust-source/anchors",
  "/usr/local/share/ca-certificates",
  "/usr/share/ca-certificates",
  "/etc/pki/trust/anchors",
  "/usr/share/pki/trust/anchors",
  "/etc/pki/ca-trust/extracted",
  "/etc/pki/tls/certs",
  "/etc/ssl/certs",
];

/** Anchor directories that only CA installers write: a writable hostPath mount of one is a CA install. */
export const TRUST_SOURCE_DIRS: readonly string[] = [
  "/etc/pki/ca-trust/source/anchors",
  "/usr/local/share/ca-certificates",
  "/etc/pki/trust/anchors",
  "/usr/share/pki/trust/anchors",
];

/**
 * Commands that rebuild the host trust store, and the directory each writes its output to
 * (a container running one changes the host only when that directory is the host's).
 */
export const TRUST_UPDATE_TOOLS: ReadonlyMap<string, string> = new Map([
  ["update-ca-trust", "/etc/pki/ca-trust/extracted"],
  ["update-ca-certificates", "/etc/ssl/certs"],
  ["trust", "/etc/pki/ca-trust/extracted"],
]);

/** `trust` (p11-kit) subcommands that change the store; `trust list` only reads it. */
export const TRUST_SUBCOMMANDS: ReadonlySet<string> = new Set(["anchor", "extract-compat"]);

/**
 * systemd units whose restart reloads the CA pool image pulls use: the container runtimes,
 * and the distributions that embed containerd in their own service.
 */
export const RUNTIME_UNITS: ReadonlySet<string> = new Set([
  "containerd",
  "crio",
  "cri-o",
  "docker",
  "k3s",
  "k3s-agent",
  "rke2-server",
  "rke2-agent",
  "k0sworker",
  "k0scontroller",
]);

/**
 * Per-registry CA directories the runtimes read at every pull, so a CA written there needs no
 * restart: containerd's `config_path` (EKS sets `/etc/containerd/certs.d:/etc/docker/certs.d`),
 * Docker's own, and CRI-O/podman's. Files go in `<dir>/<registry[:port]>/`.
 */
export const REGISTRY_CA_DIRS: readonly string[] = ["/etc/containerd/certs.d", "/etc/docker/certs.d", "/etc/containers/certs.d"];

/** The systemctl verbs that stop and start a unit again. */
export const RESTART_VERBS: ReadonlySet<string> = new Set(["restart", "try-restart", "reload-or-restart", "try-reload-or-restart", "condrestart", "force-reload"]);
