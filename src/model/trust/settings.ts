import { posix } from "node:path";
import type { CaEffect } from "../../knowledge/ca-settings";
import { CA_ENV, JAVA_OPTION_ENV, JAVA_TRUSTSTORE_PROPERTY, NODE_OPENSSL_CA_FLAGS, NODE_USE_SYSTEM_CA_ENV, RUNTIME_CA_ENV, TEMURIN_HOOK } from "../../knowledge/ca-settings";
import type { ComponentFlag, ComponentProfile, FlagPurpose } from "../../knowledge/components";
import { parseImage, profileMatches } from "../images";
import { CA_DIR_ENV, CA_PATH_FLAGS } from "../../knowledge/trust-paths";
import { normalisePath } from "../files";
import type { FlagUse } from "../flags";
import { findFlags } from "../flags";
import type { JsonPath } from "../types";
import type { Arg, Container, EnvVar } from "../workload";
import type { Knowledge } from "../knowledge";
import type { PathContext, PathSource, VolumeListing } from "./paths";
import { listVolume, resolvePath } from "./paths";

/** What carries a CA setting into the container. */
export type SettingCarrier =
  | { readonly kind: "env"; readonly name: string; readonly origin: "pod"; readonly env: EnvVar }
  | { readonly kind: "env"; readonly name: string; readonly origin: "image" }
  | { readonly kind: "flag"; readonly flag: string; readonly use: FlagUse }
  | { readonly kind: "java"; readonly property: string; readonly within: string; readonly path: JsonPath };

export interface ResolvedPath {
  readonly path: string;
  readonly source: PathSource;
}

/** A component that reads a setting only in some modes (external-dns reads --tls-ca only for pdns and rfc2136). */
export interface ComponentUse {
  readonly profile: ComponentProfile;
  readonly flag: ComponentFlag;
  /** The selected mode (the provider), or undefined when the render does not show it. */
  readonly mode: string | undefined;
  /** How the mode was chosen ("--provider=aws", "EXTERNAL_DNS_PROVIDER=aws"). */
  readonly modeLabel: string | undefined;
  /** Whether the component reads the setting in that mode; undefined when the mode is unknown. */
  readonly honoured: boolean | undefined;
}

/** Why the container's runtime never reads a setting, and what it reads instead. */
export interface RuntimeIgnore {
  readonly why: string;
  readonly instead: string;
  readonly severity: "warning" | "info";
}

/**
 * True when the runtime is known never to read the setting (a warning-level ignore). Info-level
 * ignores (Python's SSL_CERT_FILE: requests ignores it, the stdlib reads it) leave the setting in
 * force for other rules.
 */
export function certainlyIgnored(s: Pick<CaSetting, "ignoredByRuntime">): boolean {
  return s.ignoredByRuntime?.severity === "warning";
}

/** One CA setting in force in a container. */
export interface CaSetting {
  /** Stable within a container, shared by every rule reporting on this setting: "env:SSL_CERT_FILE", "flag:--tls-ca". */
  readonly id: string;
  readonly carrier: SettingCarrier;
  /** How messages name it: "SSL_CERT_FILE=/ssl/ca.crt", "--tls-ca /ssl/ca.crt". */
  readonly label: string;
  /** The name alone: "SSL_CERT_FILE", "--tls-ca", "-Djavax.net.ssl.trustStore". */
  readonly name: string;
  /** The value, when the render shows it. */
  readonly value: string | undefined;
  readonly effect: CaEffect;
  readonly purpose: FlagPurpose | "hook";
  readonly paths: readonly ResolvedPath[];
  /** Where to report it; undefined for settings that come from the image. */
  readonly reportPath: JsonPath | undefined;
  readonly component: ComponentUse | undefined;
  readonly ignoredByRuntime: RuntimeIgnore | undefined;
  /** "ca-setting:<container path>:<id>": the root cause every rule about this setting shares. */
  readonly rootCause: string;
}

/** eclipse-temurin's entrypoint hook, when the image has one and USE_SYSTEM_CA_CERTS is set. */
export interface TemurinHook {
  readonly env: EnvVar;
  /** Why it will not import the CA, or undefined when it will. */
  readonly problem: string | undefined;
}

export interface ContainerSettings {
  readonly settings: readonly CaSetting[];
  readonly hook: TemurinHook | undefined;
}

/** Collects the CA settings of one container: env (pod, then image defaults), CA flags, component flags, Java properties. */
export function collectSettings(ctx: PathContext, knowledge: Knowledge, containerKey: string): ContainerSettings {
  const { container, image } = ctx;
  const drafts: Draft[] = [];
  const component = knowledge.components.find((c) => profileMatches(c, parseImage(container.image)));
  const componentEnv = new Map<string, ComponentFlag>();
  const componentFlags = new Map<string, ComponentFlag>();
  for (const f of component?.flags ?? []) {
    componentFlags.set(f.flag, f);
    if (f.env) componentEnv.set(f.env, f);
  }
  const mode = component ? selectedMode(container, component) : undefined;
  const componentUse = (flag: ComponentFlag | undefined): ComponentUse | undefined =>
    component && flag ? { profile: component, flag, mode: mode?.value, modeLabel: mode?.label, honoured: mode?.value === undefined ? undefined : component.honouredWhen.includes(mode.value) } : undefined;

  // Environment: the pod's, then what the image sets and the pod does not override.
  const envNames = new Map<string, CaEffect>(CA_ENV.map((e) => [e.name, e.effect]));
  for (const n of knowledge.extraEnv) if (!envNames.has(n)) envNames.set(n, "connection");
  for (const n of componentEnv.keys()) if (!envNames.has(n)) envNames.set(n, "connection");
  for (const [name, effect] of envNames) {
    const env = container.env.get(name);
    const cflag = componentEnv.get(name);
    if (env) {
      drafts.push({ id: `env:${name}`, carrier: { kind: "env", name, origin: "pod", env }, name, value: env.value, effect, purpose: cflag?.purpose ?? "ca", reportPath: env.path, component: componentUse(cflag), label: `${name}=${env.value ?? `<from ${env.source.kind}>`}` });
    } else {
      const value = image.env.get(name);
      if (value !== undefined) drafts.push({ id: `env:${name}`, carrier: { kind: "env", name, origin: "image" }, name, value, effect, purpose: "ca", reportPath: undefined, component: undefined, label: `${name}=${value} (set by the image)` });
    }
  }

  // Flags: the generic CA flags, the component's flags, and the user's.
  const flagNames = new Set([...CA_PATH_FLAGS, ...knowledge.extraFlags, ...componentFlags.keys()]);
  for (const use of findFlags(container, flagNames)) {
    const cflag = componentFlags.get(use.flag);
    drafts.push({
      id: `flag:${use.flag}`,
      carrier: { kind: "flag", flag: use.flag, use },
      name: use.flag,
      value: use.value,
      effect: "connection",
      purpose: cflag?.purpose ?? "ca",
      reportPath: (use.valueArg ?? use.arg).path,
      component: componentUse(cflag),
      label: use.value === undefined ? use.flag : `${use.flag} ${use.value}`,
    });
  }

  // Java: -Djavax.net.ssl.trustStore in the option variables and on the command line (also inside shell scripts).
  for (const name of JAVA_OPTION_ENV) {
    const env = container.env.get(name);
    const value = env?.value === undefined ? undefined : javaTrustStore(env.value);
    if (env && value !== undefined) drafts.push(javaDraft(value, name, name, env.path));
  }
  for (const arg of container.argv) {
    const value = javaTrustStore(arg.value);
    if (value !== undefined) drafts.push(javaDraft(value, "the command line", arg.path.slice(-2).join(""), arg.path));
  }

  const hook = temurinHook(ctx);
  if (hook) {
    drafts.push({ id: `env:${TEMURIN_HOOK.env}`, carrier: { kind: "env", name: TEMURIN_HOOK.env, origin: "pod", env: hook.env }, name: TEMURIN_HOOK.env, value: hook.env.value, effect: "adds", purpose: "hook", reportPath: hook.env.path, component: undefined, label: `${TEMURIN_HOOK.env}=${hook.env.value ?? "<from " + hook.env.source.kind + ">"}` });
  }

  const podNames = new Set(drafts.filter((d) => d.reportPath !== undefined).map((d) => d.name));
  const settings = drafts.map((d): CaSetting => {
    const directory = d.carrier.kind === "env" && CA_DIR_ENV.has(d.carrier.name);
    const values = d.value === undefined || d.value === "" || d.purpose === "hook" ? [] : directory ? d.value.split(":").filter(Boolean) : [d.value];
    return {
      ...d,
      paths: values.map((p) => ({ path: p, source: resolvePath(ctx, p, directory) })),
      ignoredByRuntime: d.reportPath === undefined ? undefined : runtimeIgnore(ctx, d, podNames, hook),
      rootCause: `ca-setting:${containerKey}:${d.id}`,
    };
  });
  return { settings, hook };
}

type Draft = Omit<CaSetting, "paths" | "ignoredByRuntime" | "rootCause">;

function javaDraft(value: string, within: string, where: string, path: JsonPath): Draft {
  const name = `-D${JAVA_TRUSTSTORE_PROPERTY}`;
  return {
    id: `java:${JAVA_TRUSTSTORE_PROPERTY}@${where}`,
    carrier: { kind: "java", property: JAVA_TRUSTSTORE_PROPERTY, within, path },
    name,
    value,
    effect: "replaces",
    purpose: "ca",
    reportPath: path,
    component: undefined,
    label: `${name}=${value} (in ${within})`,
  };
}

const TRUSTSTORE = new RegExp(`-D${JAVA_TRUSTSTORE_PROPERTY.replace(/\./g, "\\.")}=("[^"]*"|'[^']*'|[^\\s"']+)`);

/** The trust store a JVM option string sets, if any (the last one wins, as in the JVM). */
export function javaTrustStore(options: string): string | undefined {
  const all = [...options.matchAll(new RegExp(TRUSTSTORE.source, "g"))];
  const last = all[all.length - 1]?.[1];
  return last?.replace(/^["']|["']$/g, "");
}

/** The value of the component's mode selector: the last flag use wins over the environment. */
function selectedMode(container: Container, component: ComponentProfile): { value: string | undefined; label: string } | undefined {
  const uses = findFlags(container, [component.selector.flag]);
  const last = uses[uses.length - 1];
  if (last) return { value: last.value, label: `${component.selector.flag}=${last.value ?? "?"}` };
  const env = component.selector.env ? container.env.get(component.selector.env) : undefined;
  if (env) return { value: env.value, label: `${env.name}=${env.value ?? "<from " + env.source.kind + ">"}` };
  return undefined;
}

function temurinHook(ctx: PathContext): TemurinHook | undefined {
  const { container, image, workload } = ctx;
  if (!image.cacertHook) return undefined;
  const env = container.env.get(TEMURIN_HOOK.env);
  if (!env) return undefined;
  if (env.value === "") return { env, problem: `${TEMURIN_HOOK.env} is empty, and ${TEMURIN_HOOK.entrypoint} runs its import only when the variable is non-empty` };
  if (container.hasCommand && !container.argv.some((a: Arg) => a.value.includes(TEMURIN_HOOK.entrypoint))) {
    return { env, problem: `command: replaces the image's entrypoint ${TEMURIN_HOOK.entrypoint}, which is what reads ${TEMURIN_HOOK.env}` };
  }
  const dir = TEMURIN_HOOK.directory;
  const mounts = container.mounts.filter((m) => normalisePath(m.mountPath) === dir || normalisePath(m.mountPath).startsWith(dir + "/"));
  if (mounts.length === 0) return { env, problem: `nothing is mounted at ${dir}, the only directory the hook imports from` };
  // The hook imports /certificates/*crt only.
  const whole = mounts.filter((m) => normalisePath(m.mountPath) === dir && !m.subPath);
  const fileMounts = mounts.filter((m) => normalisePath(m.mountPath) !== dir);
  if (fileMounts.some((m) => posix.basename(m.mountPath).endsWith(TEMURIN_HOOK.fileSuffix))) return { env, problem: undefined };
  const listings: VolumeListing[] = whole.map((m) => listVolume(ctx.sources, workload.object.namespace, m.volume?.source));
  if (listings.some((l) => !l.complete || l.files.some((f) => !f.relative.includes("/") && f.relative.endsWith(TEMURIN_HOOK.fileSuffix)))) return { env, problem: undefined };
  const names = listings.flatMap((l) => l.files.map((f) => f.relative));
  const shown = [...names, ...fileMounts.map((m) => posix.basename(m.mountPath))];
  return { env, problem: `the hook imports only ${dir}/*${TEMURIN_HOOK.fileSuffix}, and what is mounted there (${shown.join(", ") || "no files"}) has no such file` };
}

function runtimeIgnore(ctx: PathContext, d: Draft, podNames: ReadonlySet<string>, hook: TemurinHook | undefined): RuntimeIgnore | undefined {
  if (d.carrier.kind !== "env") return undefined;
  const name = d.carrier.name;
  if (d.purpose === "hook") {
    return hook?.problem ? { why: hook.problem, instead: `keep the image entrypoint (put the program in args:, or start the command with ${TEMURIN_HOOK.entrypoint}) and mount the CA as a *.crt file in ${TEMURIN_HOOK.directory}`, severity: "warning" } : undefined;
  }
  const runtime = ctx.image.runtime;
  if (runtime === "unknown") return undefined;
  if (runtime === "dotnet" && name === "SSL_CERT_DIR" && d.value?.includes(":")) {
    return { why: `.NET reads SSL_CERT_DIR as a single directory (dotnet/runtime#91110), so "${d.value}" names no directory at all`, instead: "SSL_CERT_DIR=<one directory> holding every CA (or SSL_CERT_FILE=<a full bundle>)", severity: "warning" };
  }
  const table = RUNTIME_CA_ENV[runtime];
  const ignore = table.ignores.find((i) => i.env === name);
  if (!ignore) return undefined;
  if (runtime === "node" && (name === "SSL_CERT_FILE" || name === "SSL_CERT_DIR") && nodeReadsOpenSslStore(ctx.container)) return undefined;
  // When the runtime's own mechanism is also set, this variable is only redundant: the CA likely arrives.
  if (table.reads.some((r) => podNames.has(r))) return undefined;
  if (runtime === "jvm" && ([...podNames].some((n) => n.startsWith("-D")) || (hook && !hook.problem))) return undefined;
  return { why: ignore.why, instead: table.instead, severity: ignore.severity };
}

function nodeReadsOpenSslStore(container: Container): boolean {
  if (container.env.get(NODE_USE_SYSTEM_CA_ENV)?.value === "1") return true;
  const nodeOptions = container.env.get("NODE_OPTIONS")?.value ?? "";
  const words = [...nodeOptions.split(/\s+/), ...container.argv.flatMap((a) => a.value.split(/\s+/))];
  return words.some((w) => NODE_OPENSSL_CA_FLAGS.includes(w));
}
