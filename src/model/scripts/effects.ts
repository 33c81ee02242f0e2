import { posix } from "node:path";
import { REGISTRY_CA_DIRS, RESTART_VERBS, RUNTIME_UNITS, TRUST_ANCHOR_DIRS, TRUST_SUBCOMMANDS, TRUST_UPDATE_TOOLS } from "../../knowledge/node-trust";
import { absolute, hostMapping } from "./interpret";
import type { CommandStep, ExecContext, HostEffect, ScriptStep } from "./types";

/**
 * What each step does to the node: rebuilding the trust store, writing into a trust or
 * per-registry CA directory, or restarting a container runtime. Paths are translated to the
 * host through the step's context, so a container's `cp` into `/host/etc/pki/...` counts only
 * when a writable hostPath volume puts it on the host.
 */
export function effectsOf(step: ScriptStep): HostEffect[] {
  switch (step.kind) {
    case "ca-certs":
      return [{ type: "trust-update", tool: "cloud-init ca_certs", step }];
    case "file":
      return writeEffects([step.path], step.context, step);
    case "command": {
      // A symbolic link into a trust directory mostly aliases a bundle that is already there
      // (`ln -s /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/certs/ca-certificates.crt`): it counts only under certs.d.
      const links = posix.basename(step.argv[0] ?? "") === "ln";
      const writes = writeEffects([...step.redirectWrites, ...destinations(step)], step.context, step).filter((e) => !links || e.type === "registry-ca-write");
      return [...trustUpdate(step), ...writes, ...runtimeChanges(step)];
    }
  }
}

function trustUpdate(step: CommandStep): HostEffect[] {
  const tool = posix.basename(step.argv[0] ?? "");
  const output = TRUST_UPDATE_TOOLS.get(tool);
  if (!output) return [];
  const sub = step.argv.slice(1).find((a) => !a.startsWith("-"));
  if (tool === "trust" && !TRUST_SUBCOMMANDS.has(sub ?? "")) return [];
  if (tool === "update-ca-trust" && sub === "check") return [];
  // In a container, the rebuild lands on the host only when its output directory is the host's.
  const out = hostMapping(step.context, output);
  if (!out || !out.writable || out.hostPath !== output) return [];
  return [{ type: "trust-update", tool: sub ? `${tool} ${sub}` : tool, step }];
}

function writeEffects(paths: readonly string[], context: ExecContext, step: ScriptStep): HostEffect[] {
  const effects: HostEffect[] = [];
  for (const p of paths) {
    const target = hostMapping(context, p);
    if (!target?.writable) continue;
    const registryDir = REGISTRY_CA_DIRS.find((d) => target.hostPath.startsWith(`${d}/`));
    if (registryDir) {
      const registry = target.hostPath.slice(registryDir.length + 1).split("/")[0]!;
      effects.push({ type: "registry-ca-write", hostPath: target.hostPath, registry, step });
      continue;
    }
    if (TRUST_ANCHOR_DIRS.some((d) => target.hostPath === d || target.hostPath.startsWith(`${d}/`))) effects.push({ type: "trust-write", hostPath: target.hostPath, step });
  }
  return effects;
}

/** Files a command writes, from its arguments: the destination of cp/mv/install, tee's files, curl -o, … */
function destinations(step: CommandStep): string[] {
  const argv = step.argv;
  const name = posix.basename(argv[0] ?? "");
  const args = argv.slice(1);
  const abs = (p: string) => absolute(p, step.cwd);
  const operands = args.filter((a) => !a.startsWith("-"));
  const optionValue = (short: string[], long: string[]): string[] => {
    const found: string[] = [];
    args.forEach((a, i) => {
      if (short.includes(a) || long.includes(a)) {
        if (args[i + 1] !== undefined) found.push(args[i + 1]!);
      } else {
        for (const l of long) if (a.startsWith(`${l}=`)) found.push(a.slice(l.length + 1));
        for (const s of short) if (s.length === 2 && a.startsWith(s) && a.length > 2 && !a.startsWith("--")) found.push(a.slice(2));
      }
    });
    return found;
  };
  switch (name) {
    case "cp":
    case "mv":
    case "install":
    case "ln":
    case "rsync":
    case "scp": {
      if (name === "install" && args.includes("-d")) return [];
      const target = optionValue(["-t"], ["--target-directory"]);
      if (target.length) return target.map(abs);
      return operands.length >= 2 ? [abs(operands[operands.length - 1]!)] : [];
    }
    case "tee":
      return operands.map(abs);
    case "dd":
      return args.filter((a) => a.startsWith("of=")).map((a) => abs(a.slice(3)));
    case "curl":
      return [...optionValue(["-o"], ["--output"]), ...optionValue([], ["--output-dir"])].map(abs);
    case "wget":
      return [...optionValue(["-O"], ["--output-document"]), ...optionValue(["-P"], ["--directory-prefix"])].map(abs);
    case "openssl":
      return optionValue([], ["-out"]).map(abs);
    case "tar":
      return optionValue(["-C"], ["--directory"]).map(abs);
    case "unzip":
      return optionValue(["-d"], []).map(abs);
    case "aws":
    case "gsutil":
    case "gcloud": {
      // aws s3 cp|mv|sync SRC DST, gsutil cp SRC DST, gcloud storage cp SRC DST: a local DST is written.
      if (!operands.slice(0, 3).some((v) => v === "cp" || v === "mv" || v === "sync")) return [];
      const last = operands[operands.length - 1]!;
      return /^[a-z0-9]+:\/\//.test(last) ? [] : [abs(last)];
    }
    default:
      return [];
  }
}

function runtimeChanges(step: CommandStep): HostEffect[] {
  const argv = step.argv;
  const name = posix.basename(argv[0] ?? "");
  const unitName = (u: string) => u.replace(/\.service$/, "");
  const effect = (verb: string, unit: string): HostEffect | undefined => {
    const u = unitName(unit);
    if (!RUNTIME_UNITS.has(u)) return undefined;
    if (RESTART_VERBS.has(verb)) return { type: "runtime-restart", unit: u, step };
    if (verb === "stop" || verb === "kill") return { type: "runtime-stop", unit: u, step };
    if (verb === "start") return { type: "runtime-start", unit: u, step };
    return undefined;
  };
  if (name === "systemctl") {
    const options = argv.slice(1).filter((a) => a.startsWith("-"));
    const [verb, ...units] = argv.slice(1).filter((a) => !a.startsWith("-"));
    if (!verb) return [];
    // `enable --now` starts the unit, `disable --now` stops it.
    const effective = options.includes("--now") ? (verb === "enable" ? "start" : verb === "disable" ? "stop" : verb) : verb;
    return units.map((u) => effect(effective, u)).filter((e): e is HostEffect => e !== undefined);
  }
  if (name === "service" && argv[1] && argv[2]) {
    const e = effect(argv[2], argv[1]);
    return e ? [e] : [];
  }
  if (argv[0]?.startsWith("/etc/init.d/") && argv[1]) {
    const e = effect(argv[1], name);
    return e ? [e] : [];
  }
  return [];
}
