import { defineRule } from "../../src/engine/rule";
import type { MessageData, ReportInput } from "../../src/engine/rule";
import { REGISTRY_CA_DIRS, TRUST_SOURCE_DIRS } from "../../src/knowledge/node-trust";
import { hostMounts } from "../../src/model/scripts";
import type { HostEffect, NodeScript, ScriptStep } from "../../src/model/scripts";
import type { Model } from "../../src/model/model";
import type { K8sObject } from "../../src/model/types";

type TrustChange = Extract<HostEffect, { type: "trust-update" | "trust-write" }>;

const POD_RESTART =
  'but nothing restarts containerd on the node afterwards and no registry CA is written to /etc/containerd/certs.d: the running containerd keeps the CA pool it loaded at start, so image pulls that need this CA keep failing with "x509: certificate signed by unknown authority".';

export default defineRule({
  meta: {
    id: "node-ca-not-reloaded",
    shortDescription: "A node script adds a CA to the host trust store but never restarts the container runtime, which keeps its old CA pool.",
    fullDescription:
      "Node user data (Karpenter EC2NodeClass, launch templates, MIME parts, cloud-config), Cluster API bootstrap commands, or a DaemonSet/Job writing through hostPath adds a CA to the node's trust store (update-ca-trust, update-ca-certificates, trust anchor, a copy into the anchors directories) and nothing restarts containerd (or CRI-O, Docker) afterwards, and no per-registry CA is written under /etc/containerd/certs.d. containerd is a Go daemon: it loads the system CA pool once, and on current EKS AMIs it is already running when user data runs, so image pulls from the private registry fail with 'x509: certificate signed by unknown authority'.",
    remediation:
      "Restart the runtime after the trust store changes (systemctl restart containerd after update-ca-trust), or, needing no restart, give containerd the registry's CA in /etc/containerd/certs.d/<registry>/ with a hosts.toml.",
    severity: "error",
    incident: 3,
    tags: ["security", "tls", "trust-store", "node", "containerd"],
    precision: "high",
    securitySeverity: 6.5,
    messages: {
      podWritesHostCa: `{{what}} writes a CA into the host's {{directory}} through a hostPath volume, ${POD_RESTART}`,
      podRebuildsHostTrust: `{{what}} rebuilds the host trust store through a hostPath volume, ${POD_RESTART}`,
      bootstrapAddsCa:
        '{{what}} adds a CA to the node trust store, but nothing in {{where}} restarts containerd afterwards and no registry CA is written to /etc/containerd/certs.d: containerd is already running when {{when}} and keeps the CA pool it loaded at start, so pulls from a registry signed by this CA fail with "x509: certificate signed by unknown authority".',
      opaqueInstaller:
        'Container "{{container}}" mounts the host\'s {{hostPath}} writable and runs its image\'s entrypoint: a CA it installs there reaches the node trust store, but nothing visible restarts containerd and no registry CA is written to /etc/containerd/certs.d, so the running containerd keeps its old CA pool.',
    },
  },
  check({ model, report }) {
    const scriptsByObject = new Map<K8sObject, NodeScript>();
    for (const script of model.nodeScripts) {
      scriptsByObject.set(script.object, script);
      const change = unreloadedChange(script);
      if (!change) continue;
      const step = change.step;
      report({
        object: script.object,
        path: step.at.path,
        ...(step.at.line === undefined ? {} : { valueLine: step.at.line }),
        ...message(script, change),
        fix: fix(script, change),
      });
    }
    reportOpaqueInstallers(model, scriptsByObject, report);
  },
});

/**
 * The last trust-store change that no runtime restart follows, or undefined when the runtime
 * reloads it or a per-registry CA directory is written (which containerd reads at every pull).
 */
function unreloadedChange(script: NodeScript): TrustChange | undefined {
  if (script.effects.some((e) => e.type === "registry-ca-write")) return undefined;
  let pending: TrustChange | undefined;
  let stopped = false;
  for (const e of script.effects) {
    switch (e.type) {
      case "trust-update":
      case "trust-write":
        pending = e;
        break;
      case "runtime-restart":
        pending = undefined;
        stopped = false;
        break;
      case "runtime-stop":
        stopped = true;
        break;
      case "runtime-start":
        // Starting a stopped runtime loads the new pool; starting a running one does nothing.
        if (stopped) pending = undefined;
        stopped = false;
        break;
      case "registry-ca-write":
        break;
    }
  }
  return pending;
}

function quote(step: ScriptStep): string {
  switch (step.kind) {
    case "command":
      return `\`${step.text}\``;
    case "file":
      return `a file written to ${step.path}`;
    case "ca-certs":
      return "the ca_certs module";
  }
}

function message(script: NodeScript, change: TrustChange): { messageId: "podWritesHostCa" | "podRebuildsHostTrust" | "bootstrapAddsCa"; data: MessageData } {
  const step = change.step;
  const what = `${quote(step)} (${step.source})`;
  if (script.runsOn === "pod") {
    return change.type === "trust-write" ? { messageId: "podWritesHostCa", data: { what, directory: dirOf(change.hostPath) } } : { messageId: "podRebuildsHostTrust", data: { what } };
  }
  const [where, when] = script.label === "bootstrap commands" ? ["the bootstrap commands", "the bootstrap commands run"] : ["the user data", "the user data runs"];
  return { messageId: "bootstrapAddsCa", data: { what, where, when } };
}

function fix(script: NodeScript, change: TrustChange): string {
  const hostsToml = `write the CA to /etc/containerd/certs.d/<registry>/ca.crt and a hosts.toml beside it (server = "https://<registry>", then [host."https://<registry>"] with ca = "/etc/containerd/certs.d/<registry>/ca.crt")`;
  if (script.runsOn === "pod") {
    return `Either restart the runtime on the node once the CA is in place, e.g. \`nsenter --target 1 --mount -- sh -c 'update-ca-trust extract && systemctl restart containerd'\` (hostPID: true, privileged), or, needing no restart, mount the host's /etc/containerd/certs.d and ${hostsToml}; containerd reads certs.d at every pull.`;
  }
  const after = change.step.kind === "command" ? `right after ${quote(change.step)}` : `after ${quote(change.step)}`;
  return `Either add \`systemctl restart containerd\` ${after} (in ${change.step.source}), or, needing no restart, ${hostsToml}; containerd reads certs.d at every pull (EKS AMIs set config_path to /etc/containerd/certs.d).`;
}

function dirOf(hostPath: string): string {
  return TRUST_SOURCE_DIRS.find((d) => hostPath === d || hostPath.startsWith(`${d}/`)) ?? hostPath.replace(/\/[^/]*\.(crt|pem|cer)$/, "");
}

/**
 * A DaemonSet, Job or CronJob whose container mounts a host anchors directory writable and
 * runs its image's own entrypoint: it installs CAs in a way the render does not show, and
 * nothing visible restarts containerd or uses certs.d. A warning: the image may restart it.
 */
function reportOpaqueInstallers(model: Model, scripts: ReadonlyMap<K8sObject, NodeScript>, report: (input: ReportInput<"opaqueInstaller">) => void): void {
  for (const w of model.workloads) {
    if (!["DaemonSet", "Job", "CronJob"].includes(w.object.kind)) continue;
    const visible = scripts.get(w.object);
    if (visible && visible.effects.some((e) => e.type !== "registry-ca-write")) continue;
    const mounts = w.containers.flatMap((c) => hostMounts(c).map((m) => ({ c, m })));
    if (mounts.some(({ m }) => m.writable && REGISTRY_CA_DIRS.some((d) => d === m.hostPath || d.startsWith(`${m.hostPath}/`) || m.hostPath.startsWith(`${d}/`)))) continue;
    const opaque = mounts.find(({ c, m }) => !c.hasCommand && m.writable && TRUST_SOURCE_DIRS.some((d) => m.hostPath === d || m.hostPath.startsWith(`${d}/`)));
    if (!opaque) continue;
    const { c, m } = opaque;
    report({
      object: w.object,
      path: [...m.mount.path, "mountPath"],
      severity: "warning",
      messageId: "opaqueInstaller",
      data: { container: c.name, hostPath: m.hostPath },
      fix: `Restart the runtime on the node after installing the CA (\`nsenter --target 1 --mount -- systemctl restart containerd\`, hostPID: true), or, needing no restart, mount the host's /etc/containerd/certs.d and write the CA to /etc/containerd/certs.d/<registry>/ca.crt with a hosts.toml; suppress this finding if the image already does one of these.`,
    });
  }
}
