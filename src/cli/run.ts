import { dayOf, resolveNow } from "../engine/now";
import { resolve } from "node:path";
import { RULES } from "../../rules";
import type { Rule } from "../engine/rule";
import { RuleCrash } from "../engine/run";
import { EMPTY_CONFIG, findConfig, loadConfig } from "../config/config";
import type { Config } from "../config/config";
import { lint } from "../lint";
import type { LintResult } from "../lint";
import { SEVERITY_RANK } from "../model/types";
import type { Severity } from "../model/types";
import { REPORTERS } from "../report";
import { escapeForTerminal, escapeLine } from "../report/escape";
import { isFileUrl, reportUri } from "../locate/paths";
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
 * a target can never be read as an option.
 */
export async function lintAndReport(opts: CliOptions, io: Io): Promise<number> {
  if (opts.targets.length === 0) throw new UserError("no target given: name a chart, a kustomization, YAML files, or - for stdin (see trustlint --help)");
  const config = readConfig(opts, io.cwd);
  const rules = selectRules(opts.only);
  const now = resolveNow(opts.now, config.now, io.env, { flag: "--now", config: config.file ? config.where(["now"]) : "now" });
  const result = await lint({
    targets: opts.targets,
    render: {
      cwd: io.cwd,
      env: io.env,
      timeoutMs: opts.timeoutSeconds * 1000,
      followSymlinks: opts.followSymlinks,
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
    renders: opts.valuesSets.length ? opts.valuesSets : config.renders,
  });
  writeOutputs(opts, result, io);
  return exitCode(result, opts.failLevel ?? config.failLevel ?? "error");
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
  if (err instanceof UserError) return err.where ? `${displayPath(err.where, cwd)}: ${err.message}` : err.message;
  if (err instanceof RuleCrash) return `${err.message} (a bug in trustlint; run with --debug for details)`;
  const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return `internal error: ${message} (a bug in trustlint; run with --debug for details)`;
}

function selectRules(only: readonly string[]): readonly Rule[] {
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

function readConfig(opts: CliOptions, cwd: string): Config {
  if (opts.noConfig) return EMPTY_CONFIG;
  if (opts.config) return loadConfig(resolve(cwd, opts.config), opts.config);
  const first = opts.targets.find((t) => t !== "-");
  const found = findConfig(first ? resolve(cwd, first) : cwd);
  return found ? loadConfig(found, reportUri(found, cwd)) : EMPTY_CONFIG;
}

function writeOutputs(opts: CliOptions, lintResult: LintResult, io: Io): void {
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
  for (const out of opts.outputs) {
    const color = out.file === undefined && io.stdoutIsTTY && io.env.NO_COLOR === undefined && io.env.TERM !== "dumb";
    const text = REPORTERS[out.format](result, { cwd: io.cwd, version: VERSION, color });
    if (out.file === undefined) {
      io.stdout(text);
      continue;
    }
    writeReportFile(resolve(io.cwd, out.file), text, out.file);
  }
  // Warnings go to stderr when no human-readable report carries them.
  if (!opts.outputs.some((o) => o.format === "stylish" && o.file === undefined)) {
    for (const w of result.warnings) io.stderr(`trustlint: warning: ${escapeForTerminal(`${w.where}: ${w.message}`)}\n`);
  }
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
