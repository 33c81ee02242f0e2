import { posix } from "node:path";
import type { IExecAction } from "kubernetes-models/v1/ExecAction";
import { RUNTIME_NAMES } from "../../knowledge/images";
import type { Certainty } from "../../knowledge/tls-verification";
import { INSECURE_TOOL_OPTIONS, LOOPBACK_HOSTS, NOT_TLS_VERIFICATION_FLAGS, VERIFY_ENV, VERIFY_FLAGS, VERIFY_FLAG_PATTERN } from "../../knowledge/tls-verification";
import type { JsonPath } from "../types";
import { asArray, asString } from "../values";
import type { UntrustedView } from "../values";
import type { Container } from "../workload";
import type { ImageFacts } from "./image";
import { pushAll } from "../../util/arrays";

/** A setting that turns certificate verification off in a container. */
export interface VerificationOff {
  /** "env:NODE_TLS_REJECT_UNAUTHORIZED", "flag:--kubelet-insecure-tls", "tool:curl -k". */
  readonly id: string;
  /** How the message names it. */
  readonly label: string;
  readonly effect: string;
  readonly certainty: Certainty;
  readonly path: JsonPath;
  readonly fix: string | undefined;
  /** Why the switch does nothing in this container (a variable of another runtime), when it does nothing. */
  readonly inert?: string;
}

const GENERIC_FIX = "Remove it and give the client the CA it needs instead (mount the CA and point the client's CA option at it, or use a full bundle in SSL_CERT_FILE / NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE).";

/**
 * Environment, flags, and curl/wget invocations (in the command, args, probes and lifecycle hooks)
 * that disable verification. A variable only one runtime reads is judged against the image's runtime
 * from the image table: inert on another known runtime, and said neutrally when the runtime is unknown.
 */
export function verificationOff(container: Container, image: Pick<ImageFacts, "runtime" | "description">): VerificationOff[] {
  const found: VerificationOff[] = [];
  for (const env of container.env.values()) {
    if (env.value === undefined) continue; // From a Secret or the downward API: the value is not in the render.
    const rule = VERIFY_ENV.find((r) => (typeof r.name === "string" ? r.name === env.name : r.name.test(env.name)));
    if (!rule || !rule.disables(env.value)) continue;
    if (rule.targets && dialsLoopbackOnly(container, rule.targets(env.name))) continue;
    const base = { id: `env:${env.name}`, label: `${env.name}=${JSON.stringify(env.value)}`, certainty: rule.certainty, path: env.path, fix: GENERIC_FIX };
    const reader = rule.runtime ? RUNTIME_NAMES[rule.runtime] : undefined;
    if (!rule.runtime || image.runtime === rule.runtime) found.push({ ...base, effect: rule.effect });
    else if (image.runtime === "unknown") found.push({ ...base, effect: `${rule.effect} if the image runs ${reader} (trustlint does not know this image's runtime; only ${reader} reads ${env.name})` });
    else {
      found.push({
        ...base,
        effect: rule.effect,
        inert: `the image runs ${RUNTIME_NAMES[image.runtime]} (${image.description}), and only ${reader} reads ${env.name}`,
        fix: `Remove ${env.name}: it does nothing here, and it would turn verification off for any ${reader} program this container ever runs.`,
      });
    }
  }
  for (const arg of container.argv) {
    const word = arg.value;
    if (!word.startsWith("--")) continue;
    const eq = word.indexOf("=");
    const name = eq > 0 ? word.slice(0, eq) : word;
    const value = eq > 0 ? word.slice(eq + 1) : undefined;
    if (NOT_TLS_VERIFICATION_FLAGS.has(name)) continue;
    if (value !== undefined && /^(false|0|no|off)$/i.test(value)) continue;
    const known = VERIFY_FLAGS.find((f) => f.flag === name);
    if (known) found.push({ id: `flag:${name}`, label: word, effect: known.effect, certainty: known.certainty, path: arg.path, fix: known.fix ?? GENERIC_FIX });
    else if (VERIFY_FLAG_PATTERN.test(name)) found.push({ id: `flag:${name}`, label: word, effect: "the flag's name says it skips certificate verification", certainty: "heuristic", path: arg.path, fix: GENERIC_FIX });
  }
  for (const cmd of commands(container)) pushAll(found, insecureTools(cmd));
  return found;
}

/**
 * Whether the variables naming the switch's server are set (literally) and every address in them
 * is a loopback one: the client then dials its own pod, and skipping verification exposes nothing.
 */
function dialsLoopbackOnly(container: Container, names: readonly string[]): boolean {
  const addresses = names.flatMap((n) => (container.env.get(n)?.value ?? "").split(",")).map((a) => a.trim()).filter(Boolean);
  return addresses.length > 0 && addresses.every((a) => {
    const host = hostOf(a);
    return host !== undefined && LOOPBACK_HOSTS.some((re) => re.test(host));
  });
}

/** The host of `scheme://host:port/...`, `host:port` or `host`; undefined when it does not parse. */
function hostOf(address: string): string | undefined {
  try {
    return new URL(address.includes("://") ? address : `tls://${address}`).hostname;
  } catch {
    return undefined;
  }
}

/** An exec'd command: its words, each with the path that holds it. */
interface Command {
  readonly words: readonly { readonly value: string; readonly path: JsonPath }[];
}

/** The container's command line and the exec commands of its probes and lifecycle hooks. */
function commands(container: Container): Command[] {
  const out: Command[] = [{ words: container.argv }];
  const spec = container.spec;
  const execAt = (path: JsonPath, exec: UntrustedView<IExecAction> | undefined) => {
    const cmd = asArray(exec?.command);
    const words = cmd.flatMap((w, i) => {
      const value = asString(w);
      return value === undefined ? [] : [{ value, path: [...path, "exec", "command", i] }];
    });
    if (words.length) out.push({ words });
  };
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"] as const) execAt([...container.path, probe], spec[probe]?.exec);
  for (const hook of ["postStart", "preStop"] as const) execAt([...container.path, "lifecycle", hook], spec.lifecycle?.[hook]?.exec);
  return out;
}

/**
 * curl -k / --insecure and wget --no-check-certificate, whether exec'd directly
 * (`command: [curl, -k, ...]`) or inside a shell script word (`sh -c "curl -sk ..."`).
 */
function insecureTools(cmd: Command): VerificationOff[] {
  const found: VerificationOff[] = [];
  const words = cmd.words;
  const direct = words[0] ? INSECURE_TOOL_OPTIONS[posix.basename(words[0].value)] : undefined;
  if (direct) {
    const tool = posix.basename(words[0]!.value);
    for (const w of words.slice(1)) if (isInsecureOption(w.value, direct)) found.push(toolFinding(tool, w.value, w.path));
  }
  for (const w of words) {
    if (!/\s/.test(w.value)) continue; // Only multi-word values can be shell scripts.
    for (const segment of w.value.split(/[;&|\n()`]|\$\(/)) {
      const tokens = segment.trim().split(/\s+/).map((t) => t.replace(/^["']|["']$/g, ""));
      const toolAt = tokens.findIndex((t) => INSECURE_TOOL_OPTIONS[posix.basename(t)] !== undefined);
      if (toolAt < 0) continue;
      const tool = posix.basename(tokens[toolAt]!);
      const opts = INSECURE_TOOL_OPTIONS[tool]!;
      const bad = tokens.slice(toolAt + 1).find((t) => isInsecureOption(t, opts));
      if (bad) found.push(toolFinding(tool, bad, w.path));
    }
  }
  return found;
}

function isInsecureOption(token: string, opts: (typeof INSECURE_TOOL_OPTIONS)[string]): boolean {
  if (opts.long.includes(token)) return true;
  // Bundled short options: -k, -sSk, -kfsSL.
  return opts.short !== undefined && /^-[A-Za-z]+$/.test(token) && token.slice(1).includes(opts.short);
}

function toolFinding(tool: string, option: string, path: JsonPath): VerificationOff {
  return {
    id: `tool:${tool} ${option}`,
    label: `${tool} ${option}`,
    effect: `${tool} accepts any server certificate`,
    certainty: "documented",
    path,
    fix: tool === "curl" ? "Drop -k/--insecure and pass the CA: curl --cacert /path/to/ca.crt (or CURL_CA_BUNDLE=<a full bundle>)." : "Drop --no-check-certificate and pass the CA: wget --ca-certificate=/path/to/ca.crt.",
  };
}
