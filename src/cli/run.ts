import { dayOf, resolveNow } from "../engine/now";
import { availableParallelism } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { RULES } from "../../rules";
import type { Rule } from "../engine/rule";
import { RuleCrash } from "../engine/run";
import { EMPTY_CONFIG, findConfig, loadConfig } from "../config/config";
import type { Config } from "../config/config";
import type { RenderSpec } from "../config/renders";
import { lint } from "../lint";
import type { LintResult, RenderProgress } from "../lint";
import { resolveTargets } from "../render/targets";
import { excluder } from "./exclude";
import type { Target, TargetError } from "../render/types";
import { SEVERITY_RANK } from "../model/types";
import type { Severity } from "../model/types";
import { REPORTERS } from "../report";
import { escapeForTerminal, escapeLine } from "../report/escape";
import { isFileUrl } from "../locate/paths";
import { UserError } from "../util/errors";
import { DEFAULT_KUBE_VERSION } from "./args";
import type { CliOptions } from "./args";
import type { Io } from "./main";
import { writeReportFile } from "./write-output";
import pkg from "../../package.json";

export const VERSION: string = pkg.version;

/**
 * One lint as the CLI runs it: a parsed request (the command line's options and targets) in,
 * the reports written, the exit code back. The plain CLI and both modes (post-renderer,
 * pre-commit) call this with a request of their own; none of them rebuilds a command line, so
 * a target can never be read as an option. `matrix` turns the run's render matrix (`--values-set`
 * or the config's `renders:`) into the one linted (the pre-commit hook's changed values files).
 */
export async function lintAndReport(opts: CliOptions, io: Io, matrix?: (base: readonly RenderSpec[] | undefined) => readonly RenderSpec[] | undefined): Promise<number> {
  if (opts.targets.length === 0) throw new UserError("no target given: name a chart, a kustomization, YAML files, or - for stdin (see trustlint --help)");
  const config = readConfig(opts, io.cwd);
  const skip = excluder([...(config.exclude ?? []), ...opts.exclude], io.cwd);
  if (opts.listTargets) {
    const { targets, errors } = await resolveTargets(opts.targets, io.cwd, { allowEmpty: true, skip, helmRepo: opts.remote.repo, valuesFiles: config.discover?.valuesFiles });
    io.stdout(listTargets(targets, io.cwd));
    for (const e of errors) printTargetError(e, io, opts.debug);
    return errors.length ? 2 : 0;
  }
  const rules = selectRules(opts.only);
  const now = resolveNow(opts.now, config.now, io.env, { flag: "--now", config: config.file ? config.where(["now"]) : "now" });
  if (opts.remote.insecureSkipTlsVerify) io.stderr("trustlint: warning: --insecure-skip-tls-verify: chart repositories and registries are reached without checking their certificates\n");
  const progress = io.stderrIsTTY && !opts.quiet ? progressLine(io) : undefined;
  const result = await lint({
    jobs: opts.jobs ?? availableParallelism(),
    skip,
    onRendered: progress?.update,
    targets: opts.targets,
    render: {
      cwd: io.cwd,
      env: io.env,
      timeoutMs: opts.timeoutSeconds * 1000,
      followSymlinks: opts.followSymlinks,
      ...(opts.noBatch ? { batch: false } : {}),
      kustomizeCommand: opts.kustomizeCommand,
      readStdin: io.readStdin,
      helm: {
        values: opts.values,
        set: opts.set,
        setString: opts.setString,
        setFile: opts.setFile,
        setJson: opts.setJson,
        releaseName: opts.releaseName,
        namespace: opts.namespace,
        kubeVersion: opts.kubeVersion ?? config.kubeVersion ?? DEFAULT_KUBE_VERSION,
        apiVersions: opts.apiVersions,
        remote: opts.remote,
      },
    },
    config,
    rules,
    knownRuleIds: RULES.map((r) => r.meta.id),
    namespace: opts.namespace ?? io.env.HELM_NAMESPACE ?? "default",
    clusterDomain: opts.clusterDomain ?? config.clusterDomain,
    today: dayOf(now),
    now,
    allowEmpty: opts.allowEmpty,
    // The pre-commit hook adds the values files a commit changed to the run's matrix.
    renders: (matrix ?? ((base) => base))(opts.valuesSets.length ? opts.valuesSets : config.renders),
  });
  progress?.clear();
  // Every output is written, with the findings of the targets that worked, before failing.
  await writeOutputs(opts, result, io);
  for (const e of result.errors) printTargetError(e, io, opts.debug);
  if (result.errors.length) return 2;
  const code = exitCode(result, opts.failLevel ?? config.failLevel ?? "error");
  // --max-warnings (as ESLint): more unsuppressed warnings than allowed fail the run, whatever
  // --fail-level says and whether or not --quiet lists them.
  const warnings = result.findings.filter((f) => f.suppressions.length === 0 && f.severity === "warning").length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`trustlint: ${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings ${opts.maxWarnings} allows\n`);
    return 1;
  }
  return code;
}

/** Prints the one line an error is (the stack only with --debug) and returns exit code 2. */
export function reportFailure(err: unknown, io: Io, debug: boolean): number {
  // The error may quote input (a file name, a tool's message): escaped, it stays one line.
  io.stderr(`trustlint: ${escapeForTerminal(describeError(err, io.cwd))}\n`);
  const stacks = [err instanceof Error ? err.stack : undefined, err instanceof RuleCrash && err.original instanceof Error ? err.original.stack : undefined];
  // A stack's own line breaks stay; each of its lines is escaped and kept from starting with `::`.
  if (debug) for (const stack of stacks) if (stack) io.stderr(`${stack.split("\n").map(escapeLine).join("\n")}\n`);
  return 2;
}

function describeError(err: unknown, cwd: string): string {
  if (err instanceof UserError) return (err.where ? `${displayPath(err.where, cwd)}: ${err.message}` : err.message) + indented(err.detail);
  if (err instanceof RuleCrash) return `${err.message} (a bug in trustlint; run with --debug for details)`;
  const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return `internal error: ${message} (a bug in trustlint; run with --debug for details)`;
}

/**
 * A failed target in one line, then the tool's whole message indented under it, and with
 * --debug the stack of where trustlint gave up. The target's name and the message come from
 * input (a file may be named `\n::error::x`): escaped, so each stays on its own line.
 */
function printTargetError(e: TargetError, io: Io, debug: boolean): void {
  io.stderr(`trustlint: ${escapeForTerminal(`${displayPath(e.where ?? e.target, io.cwd)}: ${e.message}`)}${indented(e.detail)}\n`);
  if (debug && e.stack) io.stderr(`${e.stack.split("\n").map(escapeLine).join("\n")}\n`);
}

function indented(detail: string | undefined): string {
  if (!detail) return "";
  return detail
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => `\n    ${escapeLine(l)}`)
    .join("");
}

const TARGET_LABEL: Record<Target["kind"], string> = { chart: "chart", kustomize: "kustomize", files: "manifests", stdin: "stdin" };

/** `--list-targets`: one line per target, its kind then its name; the files of a manifest target below it. */
function listTargets(targets: readonly Target[], cwd: string): string {
  const lines: string[] = [];
  for (const t of targets) {
    const what = t.remote ? `${t.spec} (${t.remote.kind === "package" ? "packaged chart" : "remote chart"})` : t.spec;
    lines.push(`${TARGET_LABEL[t.kind].padEnd(10)} ${escapeForTerminal(what)}`);
    if (t.kind === "files" && t.paths.length > 1) for (const p of t.paths) lines.push(`${"".padEnd(10)}   ${escapeForTerminal(displayPath(p, cwd))}`);
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/**
 * `[3/12] charts/web 0.4 s` on one line of a terminal's stderr, rewritten as each render ends,
 * and cleared before the report.
 */
function progressLine(io: Io): { update: (p: RenderProgress) => void; clear: () => void } {
  let shown = false;
  return {
    update: (p) => {
      shown = true;
      io.stderr(`\r\u001b[K[${p.done}/${p.total}] ${escapeForTerminal(p.target)} ${p.seconds.toFixed(1)} s`);
    },
    clear: () => {
      if (shown) io.stderr("\r\u001b[K");
    },
  };
}

export function selectRules(only: readonly string[]): readonly Rule[] {
  if (only.length === 0) return RULES;
  const known = new Map(RULES.map((r) => [r.meta.id, r]));
  return only.map((id) => {
    const rule = known.get(id);
    if (!rule) throw new UserError(`unknown rule "${id}" in --rule (see trustlint --list-rules)`);
    return rule;
  });
}

/** "/abs/cwd/dir/f.yaml:3" → "dir/f.yaml:3": paths under the working directory are shown relative. */
function displayPath(where: string, cwd: string): string {
  const prefix = cwd.endsWith("/") ? cwd : `${cwd}/`;
  return where.startsWith(prefix) ? where.slice(prefix.length) : where;
}

/**
 * The config of this run: --config, else the nearest .trustlint.yaml above the first target. It
 * is named relative to the working directory (`../.trustlint.yaml` when it is above it) in every
 * error about it and in every report, so a reader sees which file decided what ran.
 */
export function readConfig(opts: CliOptions, cwd: string): Config {
  if (opts.noConfig) return EMPTY_CONFIG;
  const first = opts.targets.find((t) => t !== "-");
  const file = opts.config ? resolve(cwd, opts.config) : findConfig(first ? resolve(cwd, first) : cwd);
  return file ? loadConfig(file, relativeToCwd(file, cwd)) : EMPTY_CONFIG;
}

function relativeToCwd(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
}

async function writeOutputs(opts: CliOptions, lintResult: LintResult, io: Io): Promise<void> {
  // Warnings name files as errors do: relative to the working directory when under it.
  const warnings = lintResult.warnings.map((w) => ({ ...w, where: displayPath(w.where, io.cwd) }));
  const outside = opts.outputs.some((o) => o.format === "sarif") ? outsideWorkingDirectory(lintResult) : [];
  if (outside.length > 0) {
    warnings.push({
      where: outside[0]!,
      message: `${outside.length} SARIF location${outside.length > 1 ? "s are" : " is"} outside the working directory and written as absolute file:// URIs; GitHub code scanning shows only files inside the repository, so run trustlint from the repository root`,
    });
  }
  const result: LintResult = { ...lintResult, warnings };
  // When every target failed there is no report, only the errors on stderr, and no report file:
  // CI that uploads a SARIF with no results would close every open alert as fixed, a silent
  // pass. When some targets worked their report is written, and its errors[] / notifications
  // say which failed.
  const failed = new Set(result.errors.map((e) => e.target));
  const nothingLinted = result.errors.length > 0 && result.targets.every((t) => failed.has(t.spec));
  // The rules' help, for SARIF only: a separate file of the bundle, read when a SARIF is written.
  const ruleHelp = opts.outputs.some((o) => o.format === "sarif") ? (await import("../report/rule-help.generated")).RULE_HELP : undefined;
  for (const out of opts.outputs) {
    if (nothingLinted) continue;
    const color = out.file === undefined && colorWanted(opts.color, io.env, io.stdoutIsTTY);
    // Hyperlinks only where a terminal reads them: a CI log forced to colour would show the escapes.
    const hyperlinks = color && io.stdoutIsTTY;
    const text = REPORTERS[out.format](result, { cwd: io.cwd, version: VERSION, color, hyperlinks, verbose: opts.verbose, quiet: opts.quiet, ruleHelp });
    if (out.file === undefined) {
      io.stdout(text);
      continue;
    }
    writeReportFile(resolve(io.cwd, out.file), text, out.file);
  }
  // Warnings go to stderr when no human-readable report carries them (and --quiet is errors only).
  if (!opts.quiet && !opts.outputs.some((o) => o.format === "stylish" && o.file === undefined)) {
    for (const w of result.warnings) io.stderr(`trustlint: warning: ${escapeForTerminal(`${w.where}: ${w.message}`)}\n`);
  }
}

/**
 * Colour on standard output: `--color`/`--no-color` (the last given) decide; else FORCE_COLOR
 * (`0` or `false` turns it off, any other value on, as Node.js and chalk read it; it wins over
 * NO_COLOR, as in Node.js); else NO_COLOR (set at all: off); else a terminal that is not dumb.
 */
export function colorWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined) return false;
  return isTTY && env.TERM !== "dumb";
}

/** The distinct files findings point at that lie outside the working directory (absolute file:// URIs). */
function outsideWorkingDirectory(result: LintResult): string[] {
  const uris = new Set<string>();
  for (const f of result.findings) for (const loc of [f.location, ...f.related.map((r) => r.location)]) if (isFileUrl(loc.uri)) uris.add(loc.uri);
  return [...uris].sort();
}

function exitCode(result: LintResult, failLevel: Severity | "none"): number {
  if (failLevel === "none") return 0;
  const threshold = SEVERITY_RANK[failLevel];
  return result.findings.some((f) => f.suppressions.length === 0 && SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}
