/**
 * Finds the known controllers (src/knowledge/cert-controllers.ts) among the rendered workloads and
 * resolves what each will write: which caBundles, which Secret with which keys and names.
 */
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { CaBundleTarget, ControllerEntry, ControllerMatch, ValueRef } from "../../knowledge/cert-controllers";
import { findFlags } from "../flags";
import type { JsonPath } from "../types";
import { asString, itemsAs } from "../values";
import type { Container, Workload } from "../workload";
import { cachedLinear } from "../../util/linear-regex";
import type { Matcher } from "../../util/linear-regex";

export interface ResolvedCaTarget {
  readonly kinds: readonly string[];
  readonly label: { readonly key: string; readonly value: string } | undefined;
  /** Object names, when the target is by name. */
  readonly names: readonly string[] | undefined;
}

export interface ControllerSecret {
  readonly namespace: string;
  readonly name: string;
  readonly keys: readonly string[];
  /** The names in the certificate it issues, when the entry says. */
  readonly dnsNames: readonly string[] | undefined;
  /** Where the Secret name is set (the flag), or where the controller is recognised. */
  readonly path: JsonPath;
  /** Where the DNS names are set, when a flag or env sets them. */
  readonly dnsNamesPath: JsonPath | undefined;
}

/** A known controller running in a rendered workload. */
export interface ControllerInstance {
  readonly entry: ControllerEntry;
  readonly workload: Workload;
  readonly container: Container;
  /** Where the controller is recognised: its subcommand, its env variable, or the container. */
  readonly path: JsonPath;
  readonly caMode: "replace" | "merge" | undefined;
  readonly caTargets: readonly ResolvedCaTarget[];
  readonly secret: ControllerSecret | undefined;
}

/** A setting's value and where it is written, once `$(VAR)` references are expanded. */
interface Resolved {
  readonly value: string;
  readonly path: JsonPath | undefined;
}

export interface ControllerScan {
  readonly instances: ControllerInstance[];
  /**
   * Workloads that run a known controller's image with the feature that writes caBundles turned
   * off (Vault's injector with its own certificate, Gatekeeper with --disable-cert-rotation): their
   * RBAC grants on webhook configurations say nothing about a caBundle being filled.
   */
  readonly knownButOff: ReadonlySet<Workload>;
}

export function findControllers(workloads: readonly Workload[], entries: readonly ControllerEntry[]): ControllerScan {
  const compiled = entries.map((entry) => ({ entry, image: entry.match.image ? cachedLinear(entry.match.image, "i") : undefined }));
  const instances: ControllerInstance[] = [];
  const knownButOff = new Set<Workload>();
  for (const workload of workloads) {
    for (const container of workload.containers) {
      let matched = false;
      let imageOnly = false;
      for (const { entry, image } of compiled) {
        const path = matchPath(container, entry.match, image);
        if (path) {
          matched = true;
          instances.push(instance(entry, workload, container, path));
        } else if (image?.test(container.image)) imageOnly = true;
      }
      if (imageOnly && !matched) knownButOff.add(workload);
    }
  }
  return { instances, knownButOff };
}

/** Where the container matches, or undefined when it does not. */
export function matchPath(container: Container, match: ControllerMatch, image: Matcher | undefined): JsonPath | undefined {
  if (image && !image.test(container.image)) return undefined;
  let path: JsonPath = [...container.path, "image"];
  if (match.argv0 !== undefined) {
    const sub = subcommands(container).find((a) => a.value === match.argv0);
    if (!sub) return undefined;
    path = sub.path;
  }
  if (match.env !== undefined) {
    const env = container.env.get(match.env);
    if (!env || (env.source.kind === "literal" && !env.value)) return undefined;
    path = env.path;
  }
  for (const [flag, value] of Object.entries(match.flags ?? {})) {
    const uses = findFlags(container, [flag]);
    if (!uses.some((u) => value === "*" || (u.value ?? "").toLowerCase() === value.toLowerCase())) return undefined;
  }
  for (const [flag, value] of Object.entries(match.disabledBy ?? {})) {
    if (findFlags(container, [flag]).some((u) => (u.value ?? "true").toLowerCase() === value.toLowerCase())) return undefined;
  }
  return path;
}

/** Words that can be a subcommand: the first of argv, and the second when `command` names the binary first. */
function subcommands(container: Container): Container["argv"][number][] {
  const [first, second] = container.argv;
  if (!first) return [];
  return container.hasCommand && second && !second.value.startsWith("-") ? [first, second] : [first];
}

function instance(entry: ControllerEntry, workload: Workload, container: Container, path: JsonPath): ControllerInstance {
  const podNs = workload.object.namespace ?? "default";
  const caTargets = (entry.caBundle?.targets ?? []).flatMap((t) => resolveTarget(t, container, podNs));
  let secret: ControllerSecret | undefined;
  if (entry.secret) {
    const name = resolve(entry.secret.name, container, podNs);
    if (name?.value) {
      const ns = entry.secret.namespace ? resolve(entry.secret.namespace, container, podNs)?.value || podNs : podNs;
      const keys = entry.secret.keys.flatMap((k) => (typeof k === "string" ? [k] : [resolve(k, container, podNs)?.value ?? ""])).filter(Boolean);
      const names = dnsNames(entry, container, podNs);
      secret = { namespace: ns, name: name.value, keys, dnsNames: names?.names, path: name.path ?? path, dnsNamesPath: names?.path };
    }
  }
  return { entry, workload, container, path, caMode: entry.caBundle?.mode, caTargets, secret };
}

function resolveTarget(t: CaBundleTarget, container: Container, podNs: string): ResolvedCaTarget[] {
  if (t.disabledBy && findFlags(container, [t.disabledBy.flag]).some((u) => (u.value ?? "true").toLowerCase() === t.disabledBy!.value.toLowerCase())) return [];
  if (t.label) {
    const value = typeof t.label.value === "string" ? t.label.value : resolve(t.label.value, container, podNs)?.value;
    return value === undefined ? [] : [{ kinds: t.kinds, label: { key: t.label.key, value }, names: undefined }];
  }
  if (t.names) {
    const given = findFlags(container, [t.names.flag]).flatMap((u) => (u.value ?? "").split(",")).map((s) => s.trim()).filter(Boolean);
    return [{ kinds: t.kinds, label: undefined, names: given.length ? given : [...t.names.default] }];
  }
  if (t.name) {
    const name = resolve(t.name, container, podNs);
    return name?.value ? [{ kinds: t.kinds, label: undefined, names: [name.value] }] : [];
  }
  return [];
}

function dnsNames(entry: ControllerEntry, container: Container, podNs: string): { names: string[]; path: JsonPath | undefined } | undefined {
  const spec = entry.secret?.dnsNames;
  if (!spec) return undefined;
  if ("list" in spec) {
    const list = resolve(spec.list, container, podNs);
    if (!list) return undefined;
    return { names: list.value.split(spec.separator).map((s) => s.trim()).filter(Boolean), path: list.path };
  }
  const service = resolve(spec.service, container, podNs);
  if (!service?.value) return undefined;
  const ns = spec.namespace ? resolve(spec.namespace, container, podNs)?.value || podNs : podNs;
  return { names: spec.forms.map((f) => f.replaceAll("{service}", service.value).replaceAll("{namespace}", ns)), path: service.path };
}

/** A setting's value: the flag's (last use), else the env variable's, else the default. */
export function resolve(ref: ValueRef, container: Container, podNs: string): Resolved | undefined {
  if (ref.flag) {
    const uses = findFlags(container, [ref.flag]).filter((u) => u.value !== undefined);
    const last = uses[uses.length - 1];
    if (last) return { value: expand(last.value!, container, podNs), path: (last.valueArg ?? last.arg).path };
  }
  if (ref.env) {
    const env = container.env.get(ref.env);
    if (env?.value) return { value: expand(env.value, container, podNs), path: [...env.path, "value"] };
  }
  return ref.default !== undefined ? { value: ref.default, path: undefined } : undefined;
}

/**
 * Expands `$(VAR)` as the kubelet does for command, args and env: from the container's env, with
 * `fieldRef: metadata.namespace` read as the pod's namespace. Unknown references stay as written.
 */
export function expand(value: string, container: Container, podNs: string): string {
  if (!value.includes("$(")) return value;
  return value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => {
    const env = container.env.get(name);
    if (!env) return whole;
    if (env.source.kind === "literal" || env.source.kind === "configMap") return env.value ?? whole;
    if (env.source.kind === "field") return fieldPathOf(container, name) === "metadata.namespace" ? podNs : whole;
    return whole;
  });
}

function fieldPathOf(container: Container, name: string): string | undefined {
  for (const e of itemsAs<IEnvVar>(container.spec.env)) {
    if (asString(e?.name) !== name) continue;
    return asString(e?.valueFrom?.fieldRef?.fieldPath);
  }
  return undefined;
}
