import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import pkg from "../../package.json";
import { RULES } from "../../rules";
import type { Rule } from "../engine/rule";
import { RuleCrash } from "../engine/run";
import { EMPTY_CONFIG, findConfig, loadConfig } from "../config/config";
import type { Config } from "../config/config";
import { lint } from "../lint";
import type { LintResult } from "../lint";
import { SEVERITY_RANK } from "../model/types";
import type { Severity } from "../model/types";
import { killRunning, removeTempDirs, stopChildren } from "../render/exec";
import { REPORTERS } from "../report";
import { reportUri } from "../locate/paths";
import { UserError } from "../util/errors";
import { DEFAULT_KUBE_VERSION, HELP, parseCli } from "./args";
import type { CliOptions } from "./args";
import { listRules } from "./list-rules";
import { postRender } from "./post-renderer";
import { preCommit } from "./pre-commit";

export const VERSION: string = pkg.version;

/** What the CLI needs from the outside world; tests pass their own. */
export interface Io {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (s: string | Uint8Array) => void;
  readonly stderr: (s: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly readStdin: () => Promise<string>;
  /** Standard input as bytes, for modes that must pass it on unchanged (--post-renderer). */
  readonly readStdinBytes: () => Promise<Buffer>;
}

/** Runs trustlint and returns the exit code: 0 clean, 1 findings, 2 usage/config/render error. */
export async function main(io: Io): Promise<number> {
  let debug = io.argv.includes("--debug") || io.env.HELM_DEBUG === "true";
  try {
    const opts = parseCli(io.argv);
    debug ||= opts.debug;
    if (opts.help) {
      io.stdout(HELP);
      return 0;
    }
    if (opts.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (opts.listRules) {
      io.stdout(listRules(RULES.map((r) => r.meta), opts.outputs[0]?.format === "json"));
      return 0;
    }
    if (opts.postRenderer) return await postRender(opts, io, main);
    if (opts.preCommit) return await preCommit(opts, io, main);
    if (opts.targets.length === 0) throw new UserError("no target given: name a chart, a kustomization, YAML files, or - for stdin (see trustlint --help)");
    const config = readConfig(opts, io.cwd);
    const rules = selectRules(opts.only);
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
      today: new Date().toISOString().slice(0, 10),
      allowEmpty: opts.allowEmpty,
      renders: opts.valuesSets.length ? opts.valuesSets : config.renders,
    });
    writeOutputs(opts, result, io);
    return exitCode(result, opts.failLevel ?? config.failLevel ?? "error");
  } catch (err) {
    io.stderr(`trustlint: ${describeError(err, io.cwd)}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    if (debug && err instanceof RuleCrash && err.original instanceof Error && err.original.stack) io.stderr(`${err.original.stack}\n`);
    return 2;
  } finally {
    removeTempDirs();
  }
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
    const file = resolve(io.cwd, out.file);
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    } catch (err) {
      throw new UserError(`cannot write output (${(err as NodeJS.ErrnoException).code ?? "error"})`, out.file);
    }
  }
  // Warnings go to stderr when no human-readable report carries them.
  if (!opts.outputs.some((o) => o.format === "stylish" && o.file === undefined)) {
    for (const w of result.warnings) io.stderr(`trustlint: warning: ${w.where}: ${w.message}\n`);
  }
}

/** The distinct files findings point at that lie outside the working directory (absolute file:// URIs). */
function outsideWorkingDirectory(result: LintResult): string[] {
  const uris = new Set<string>();
  for (const f of result.findings) for (const loc of [f.location, ...f.related.map((r) => r.location)]) if (loc.uri.startsWith("file:")) uris.add(loc.uri);
  return [...uris].sort();
}

function exitCode(result: LintResult, failLevel: Severity | "none"): number {
  if (failLevel === "none") return 0;
  const threshold = SEVERITY_RANK[failLevel];
  return result.findings.some((f) => f.suppressions.length === 0 && SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Entry point of the bin: real process I/O, signals that end children and temp dirs. */
export function runProcess(): void {
  // 128 + the signal number, as a shell reports a process that a signal ended.
  const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = SIGNAL_EXIT[signal] ?? 130;
    const exit = () => {
      removeTempDirs();
      process.exit(code);
    };
    // A second signal while children are being stopped: kill them now and leave.
    if (stopping) {
      killRunning("SIGKILL");
      exit();
    }
    stopping = true;
    // helm/kustomize run in process groups of their own (a terminal's ^C does not reach them):
    // end each group, grandchildren included, then remove temporary directories and exit.
    stopChildren().then(exit, exit);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  // A reader that stops early (`trustlint ... | head`) is not an error: stop writing, keep the exit code.
  let stdoutClosed = false;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    stdoutClosed = true;
  });
  const io: Io = {
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => {
      if (!stdoutClosed) process.stdout.write(s);
    },
    stderr: (s) => process.stderr.write(s),
    stdoutIsTTY: process.stdout.isTTY === true,
    readStdin: async () => {
      const { textOf } = await import("../render/render");
      return textOf(await readAllStdin(), "<stdin>");
    },
    readStdinBytes: readAllStdin,
  };
  main(io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`trustlint: internal error: ${String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
