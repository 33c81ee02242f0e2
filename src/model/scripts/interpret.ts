import { posix } from "node:path";
import { parseShell } from "./shell";
import type { ShellCommand, Word } from "./shell";
import type { CommandStep, ExecContext, ScriptStep, TextSpot } from "./types";

/**
 * Walks parsed shell commands the way the shell would run them, without running anything:
 * variables assigned earlier are substituted, `cd` moves the working directory, wrappers
 * (`sudo`, `env`, `nohup`, `timeout`, `xargs`, …) are looked through, `sh -c '…'` and here-document
 * scripts are read in place, `chroot /host` and `nsenter -t 1 -m` switch to the host's
 * filesystem, and a script file written earlier in the same bootstrap (write_files, a heredoc)
 * is read where it is executed. The result is a flat list of steps in execution order.
 */

/** Where line 0 of a script text is, and how messages name that part of the object. */
export interface TextOrigin {
  readonly spot: TextSpot;
  readonly source: string;
  /** True when the text does not sit in the file as written (it came from a variable): every line maps to `spot.line`. */
  readonly fixed?: boolean;
}

/** A file's text known from earlier in the bootstrap, so that running it can be followed. */
export interface KnownFile {
  readonly text: string;
  readonly origin: TextOrigin;
}

export interface Frame {
  readonly env: Map<string, string>;
  cwd: string;
  context: ExecContext;
  /** Files written earlier with known text, by absolute path in their context. */
  readonly files: Map<string, KnownFile>;
  readonly depth: number;
}

/** One word of a command line and where its text starts (undefined when it came from an expansion). */
export interface Arg {
  readonly value: string;
  readonly spot: TextSpot | undefined;
}

const MAX_DEPTH = 6;
const WRITE_OPS = new Set([">", ">>", ">|", "&>", "&>>", "<>"]);
const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"]);
/** Wrappers that run the rest of their arguments as a command. */
const SIMPLE_WRAPPERS = new Set(["nohup", "exec", "command", "builtin", "time", "setsid", "stdbuf", "eval"]);

export function newFrame(context: ExecContext, env: ReadonlyMap<string, string> = new Map(), cwd = "/"): Frame {
  return { env: new Map(env), cwd, context, files: new Map(), depth: 0 };
}

export function spotAt(origin: TextOrigin, line: number): TextSpot {
  if (origin.spot.line === undefined || origin.fixed) return origin.spot;
  return { path: origin.spot.path, line: origin.spot.line + line };
}

/** Reads a script and appends what it does to `out`. */
export function runScript(text: string, origin: TextOrigin, frame: Frame, out: ScriptStep[]): void {
  if (frame.depth > MAX_DEPTH) return;
  for (const command of parseShell(text)) runCommand(command, origin, frame, out);
}

/** Runs a command given as words (a container's `command` + `args`). */
export function runArgv(args: readonly Arg[], origin: TextOrigin, frame: Frame, out: ScriptStep[]): void {
  if (args.length === 0) return;
  const text = args.map((a) => (/\s/.test(a.value) ? JSON.stringify(a.value.length > 60 ? `${a.value.slice(0, 57)}...` : a.value) : a.value)).join(" ");
  const at = args[0]!.spot ?? origin.spot;
  execute(args, { text, at, origin, redirectWrites: [], heredoc: undefined }, frame, out);
}

interface Invocation {
  readonly text: string;
  readonly at: TextSpot;
  readonly origin: TextOrigin;
  readonly redirectWrites: readonly string[];
  /** A here-document fed to the command's standard input. */
  readonly heredoc: { readonly text: string; readonly origin: TextOrigin } | undefined;
}

function runCommand(command: ShellCommand, origin: TextOrigin, frame: Frame, out: ScriptStep[]): void {
  const expand = (w: Word) => expandWord(w, frame.env);
  for (const a of command.assignments) {
    // `A=1 cmd` sets A for cmd only; `A=1` alone sets it for the rest of the script.
    if (command.words.length === 0) frame.env.set(a.name, expand(a.value));
  }
  const redirectWrites = command.redirects.filter((r) => WRITE_OPS.has(r.op)).map((r) => expand(r.target)).filter((t) => !/^&?-?\d*$/.test(t) && !t.startsWith("/dev/")).map((t) => absolute(t, frame.cwd));
  const heredocRedirect = command.redirects.find((r) => r.body !== undefined);
  const heredoc = heredocRedirect ? { text: heredocRedirect.body!, origin: { ...origin, spot: spotAt(origin, heredocRedirect.bodyLine!), fixed: origin.fixed } } : undefined;
  const at = spotAt(origin, command.line);
  const args: Arg[] = command.words.map((w) => ({ value: expand(w), spot: isLiteral(w) ? spotAt(origin, w.line) : undefined }));
  if (args.length === 0) {
    // A bare redirection (`> file`) still writes.
    if (redirectWrites.length) out.push(step([":"], { text: command.text, at, origin, redirectWrites, heredoc }, frame));
    return;
  }
  // A here-document written to a file (`cat <<EOF > x.sh`, `tee x.sh <<EOF`) is remembered, so that running x.sh later can be followed.
  if (heredoc) {
    const name = posix.basename(args[0]!.value);
    const targets = name === "cat" ? redirectWrites : name === "tee" ? args.slice(1).filter((a) => !a.value.startsWith("-")).map((a) => absolute(a.value, frame.cwd)) : [];
    for (const t of targets) frame.files.set(t, heredoc);
  }
  execute(args, { text: command.text, at, origin, redirectWrites, heredoc }, frame, out);
}

function execute(args: readonly Arg[], inv: Invocation, frame: Frame, out: ScriptStep[]): void {
  if (args.length === 0) return;
  const name = posix.basename(args[0]!.value);
  const rest = args.slice(1);
  switch (name) {
    case "export":
    case "declare":
    case "typeset":
    case "local":
    case "readonly":
      for (const a of rest) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a.value);
        if (m) frame.env.set(m[1]!, m[2]!);
      }
      return;
    case "cd":
    case "pushd":
      frame.cwd = absolute(rest.find((a) => !a.value.startsWith("-"))?.value ?? "/root", frame.cwd);
      return;
    case "sudo":
    case "doas":
      return execute(skipOptions(rest, new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"])), inv, frame, out);
    case "env": {
      let i = 0;
      for (; i < rest.length; i++) {
        const v = rest[i]!.value;
        if (v === "-u" || v === "--unset" || v === "-C" || v === "--chdir") i++;
        else if (!v.startsWith("-") && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) break;
      }
      return execute(rest.slice(i), inv, frame, out);
    }
    case "nice":
    case "ionice":
      return execute(skipOptions(rest, new Set(["-n", "-c", "--adjustment", "--class", "--classdata"])), inv, frame, out);
    case "timeout": {
      const after = skipOptions(rest, new Set(["-s", "-k", "--signal", "--kill-after"]));
      return execute(after.slice(1), inv, frame, out);
    }
    case "xargs":
      return execute(skipOptions(rest, new Set(["-I", "-i", "-n", "-L", "-P", "-d", "-E", "-s", "-a", "--arg-file", "--delimiter", "--max-args", "--max-procs", "--replace"])), inv, frame, out);
    case "systemd-run":
      return execute(skipOptions(rest, new Set(["-u", "--unit", "-p", "--property", "--description", "--slice", "-E", "--setenv", "--uid", "--gid", "--working-directory", "-M", "--machine", "-H", "--host"])), inv, frame, out);
    case "chroot":
      return enterChroot(rest, inv, frame, out);
    case "nsenter":
      return enterNamespaces(rest, inv, frame, out);
    case "source":
    case ".":
      if (rest[0]) runFile(rest[0].value, inv, frame, out);
      return;
    default:
      break;
  }
  if (SIMPLE_WRAPPERS.has(name)) {
    if (name === "eval") return runNested(rest.map((a) => a.value).join(" "), rest[0]?.spot, inv, frame, out);
    return execute(skipOptions(rest, new Set()), inv, frame, out);
  }
  if (SHELLS.has(name) || (name === "busybox" && rest[0] && SHELLS.has(rest[0].value))) {
    const shellArgs = name === "busybox" ? rest.slice(1) : rest;
    const call = shellCall(shellArgs);
    if (call.script) return runNested(call.script.value, call.script.spot, inv, frame, out);
    if (call.file) return runFile(call.file.value, inv, frame, out);
    if (inv.heredoc) runScript(inv.heredoc.text, inv.heredoc.origin, child(frame), out);
    return;
  }
  out.push(step(args.map((a) => a.value), inv, frame));
  // `find … -exec cmd {} \;` runs cmd.
  if (name === "find") {
    const exec = args.findIndex((a) => a.value === "-exec" || a.value === "-execdir");
    if (exec > 0) {
      const end = args.findIndex((a, i) => i > exec && (a.value === ";" || a.value === "+"));
      execute(args.slice(exec + 1, end < 0 ? undefined : end), { ...inv, redirectWrites: [] }, frame, out);
    }
  }
  // A script file written earlier (by write_files or a heredoc) and run by its path.
  if (args[0]!.value.includes("/")) {
    const known = frame.files.get(absolute(args[0]!.value, frame.cwd));
    if (known) runScript(known.text, known.origin, child(frame), out);
  }
}

function step(argv: readonly string[], inv: Invocation, frame: Frame): CommandStep {
  return { kind: "command", argv, redirectWrites: inv.redirectWrites, cwd: frame.cwd, text: inv.text, at: inv.at, source: inv.origin.source, context: frame.context };
}

/** A script given as a string (`sh -c '…'`, `eval`): its lines map into the file only when the word was written literally. */
function runNested(script: string, spot: TextSpot | undefined, inv: Invocation, frame: Frame, out: ScriptStep[]): void {
  const origin: TextOrigin = spot ? { spot, source: inv.origin.source } : { spot: inv.at, source: inv.origin.source, fixed: true };
  runScript(script, origin, child(frame), out);
}

function runFile(path: string, inv: Invocation, frame: Frame, out: ScriptStep[]): void {
  const known = frame.files.get(absolute(path, frame.cwd));
  if (known) runScript(known.text, known.origin, child(frame), out);
  else out.push(step([path], inv, frame));
}

/** `chroot DIR cmd…`: when DIR is the host's root (a hostPath `/` mount), cmd runs on the host. */
function enterChroot(rest: readonly Arg[], inv: Invocation, frame: Frame, out: ScriptStep[]): void {
  const after = skipOptions(rest, new Set(["--userspec", "--groups"]));
  const dir = after[0];
  if (!dir) return;
  const inner = { ...child(frame), cwd: "/" };
  if (hostPathOf(frame.context, absolute(dir.value, frame.cwd)) === "/") inner.context = { kind: "host" };
  executeOrShell(after.slice(1), inv, inner, out);
}

/** `nsenter -t 1 -m … cmd`: entering PID 1's mount namespace puts cmd on the host's filesystem. */
function enterNamespaces(rest: readonly Arg[], inv: Invocation, frame: Frame, out: ScriptStep[]): void {
  let target: string | undefined;
  let mount = false;
  let i = 0;
  for (; i < rest.length; i++) {
    const v = rest[i]!.value;
    if (v === "--") {
      i++;
      break;
    }
    if (!v.startsWith("-")) break;
    if (v === "-t" || v === "--target") target = rest[++i]?.value;
    else if (v.startsWith("--target=")) target = v.slice("--target=".length);
    else if (v === "--mount" || v === "--all") mount = true;
    else if (v.startsWith("--mount=")) mount ||= v.includes("/proc/1/");
    else if (v === "-S" || v === "-G" || v === "--setuid" || v === "--setgid") i++;
    else if (/^-[A-Za-z]+\d*$/.test(v)) {
      const flags = v.slice(1).replace(/\d+$/, "");
      if (flags.includes("m") || flags.includes("a")) mount = true;
      const digits = /\d+$/.exec(v);
      if (flags.endsWith("t")) target = digits ? digits[0] : rest[++i]?.value;
    }
  }
  const inner = child(frame);
  if (mount && target === "1") inner.context = { kind: "host" };
  executeOrShell(rest.slice(i), inv, inner, out);
}

/** Runs the given command, or, when there is none, the here-document as the default shell's input. */
function executeOrShell(args: readonly Arg[], inv: Invocation, frame: Frame, out: ScriptStep[]): void {
  if (args.length) execute(args, inv, frame, out);
  else if (inv.heredoc) runScript(inv.heredoc.text, inv.heredoc.origin, frame, out);
}

/** `sh [-eux] -c SCRIPT`, `bash FILE`, or neither (the script comes from standard input). */
function shellCall(args: readonly Arg[]): { script?: Arg; file?: Arg } {
  let command = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === "--") return command ? { script: args[i + 1] } : { file: args[i + 1] };
    if (v === "-o" || v === "+o") {
      i++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(v)) {
      if (v.startsWith("-") && v.includes("c")) command = true;
      continue;
    }
    if (v.startsWith("--")) continue;
    return command ? { script: args[i] } : { file: args[i] };
  }
  return {};
}

/** Drops leading options (and the values of those in `withValue`) up to the command they wrap. */
function skipOptions(args: readonly Arg[], withValue: ReadonlySet<string>): readonly Arg[] {
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === "--") return args.slice(i + 1);
    if (!v.startsWith("-") || v === "-") break;
    if (withValue.has(v)) i++;
  }
  return args.slice(i);
}

function child(frame: Frame): Frame {
  return { env: frame.env, cwd: frame.cwd, context: frame.context, files: frame.files, depth: frame.depth + 1 };
}

/** The host path behind a path in a context, or undefined when the container keeps it to itself. */
export function hostPathOf(context: ExecContext, path: string): string | undefined {
  return hostMapping(context, path)?.hostPath;
}

/** The host path behind `path` and whether the context may write it. */
export function hostMapping(context: ExecContext, path: string): { hostPath: string; writable: boolean } | undefined {
  const p = posix.normalize(path);
  if (context.kind === "host") return { hostPath: p, writable: true };
  let best: { hostPath: string; writable: boolean; len: number } | undefined;
  for (const m of context.mounts) {
    const mp = m.containerPath;
    if (p !== mp && !p.startsWith(mp === "/" ? "/" : `${mp}/`)) continue;
    if (best && mp.length <= best.len) continue;
    const rest = p.slice(mp === "/" ? 1 : mp.length).replace(/^\//, "");
    best = { hostPath: rest ? posix.join(m.hostPath, rest) : m.hostPath, writable: m.writable, len: mp.length };
  }
  return best && { hostPath: best.hostPath, writable: best.writable };
}

export function absolute(path: string, cwd: string): string {
  return posix.resolve(cwd, path);
}

function isLiteral(word: Word): boolean {
  return word.parts.every((p) => p.t === "lit");
}

function expandWord(word: Word, env: ReadonlyMap<string, string>): string {
  return word.parts.map((p) => (p.t === "lit" ? p.v : p.t === "var" ? (env.get(p.name) ?? p.fallback ?? `$${p.name}`) : p.v)).join("");
}
