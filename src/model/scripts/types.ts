import type { JsonPath, K8sObject } from "../types";
import type { Container, VolumeMount, Workload } from "../workload";

/**
 * Where a piece of script text sits in its object: the field whose string holds it, and the
 * 0-based line inside that string. `line` is undefined when the text was decoded (base64,
 * gzip, a base64 MIME part): the file then shows only the encoded field, which is where a
 * finding points, quoting the command instead.
 */
export interface TextSpot {
  readonly path: JsonPath;
  readonly line: number | undefined;
}

/** A host directory a container sees, through a hostPath volume. */
export interface HostMount {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly writable: boolean;
  readonly mount: VolumeMount;
}

/**
 * Whose filesystem a command sees: the node's own (user data, bootstrap commands, or a
 * container that entered the host with `chroot`/`nsenter`), or a container's, where only
 * hostPath mounts reach the host.
 */
export type ExecContext =
  | { readonly kind: "host" }
  | { readonly kind: "container"; readonly container: Container; readonly mounts: readonly HostMount[] };

export interface CommandStep {
  readonly kind: "command";
  /** Words after variable expansion (unknown variables stay as `$NAME`). */
  readonly argv: readonly string[];
  /** Absolute paths (in the command's context) written through `>`, `>>`, `&>` or `>|`. */
  readonly redirectWrites: readonly string[];
  /** Absolute working directory, for relative paths among the arguments. */
  readonly cwd: string;
  /** The command as written, for messages. */
  readonly text: string;
  readonly at: TextSpot;
  /** Which part of the object's scripts it is in: "MIME part 2 (text/x-shellscript)", "runcmd[3]", … */
  readonly source: string;
  readonly context: ExecContext;
}

/** A file written by declaration: cloud-init `write_files`, Cluster API `files`. */
export interface FileStep {
  readonly kind: "file";
  readonly path: string;
  readonly at: TextSpot;
  readonly source: string;
  readonly context: ExecContext;
}

/** cloud-init's `ca_certs` module: adds `trusted` certificates and rebuilds the trust store. */
export interface CaCertsStep {
  readonly kind: "ca-certs";
  readonly at: TextSpot;
  readonly source: string;
  readonly context: ExecContext;
}

export type ScriptStep = CommandStep | FileStep | CaCertsStep;

/** What a step does to the node, as far as trust and the container runtime go. */
export type HostEffect =
  /** The host trust store is rebuilt (`update-ca-trust`, `update-ca-certificates`, `trust anchor`, cloud-init ca_certs). */
  | { readonly type: "trust-update"; readonly tool: string; readonly step: ScriptStep }
  /** A file is written into a host trust directory. */
  | { readonly type: "trust-write"; readonly hostPath: string; readonly step: ScriptStep }
  /** A container runtime is restarted, stopped or started. */
  | { readonly type: "runtime-restart" | "runtime-stop" | "runtime-start"; readonly unit: string; readonly step: ScriptStep }
  /** A file is written into a per-registry CA directory (`/etc/containerd/certs.d/<registry>/…`). */
  | { readonly type: "registry-ca-write"; readonly hostPath: string; readonly registry: string; readonly step: ScriptStep };

/**
 * Everything one object makes a node run, in execution order: user data (all its MIME parts
 * and cloud-config modules), Cluster API bootstrap commands and files, or the containers of a
 * DaemonSet, Job or CronJob that mounts host paths.
 */
export interface NodeScript {
  readonly object: K8sObject;
  /** How messages name it: "user data", "bootstrap commands", "containers". */
  readonly label: string;
  /** "node" for scripts the host runs at boot; "pod" for containers reaching the host through hostPath. */
  readonly runsOn: "node" | "pod";
  readonly steps: readonly ScriptStep[];
  /** Host effects of the steps, in order. */
  readonly effects: readonly HostEffect[];
  /** The workload, for "pod" scripts. */
  readonly workload: Workload | undefined;
}
