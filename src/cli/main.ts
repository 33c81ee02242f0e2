import { RULES } from "../../rules";
import { observeResources, removeTempDirs, runningGroups } from "../render/exec";
import { stopGroupsSync } from "../render/process-groups";
import { maxInputBytes, readCapped } from "../render/input";
import { escapeForTerminal } from "../report/escape";
import { UserError } from "../util/errors";
import { HELP, parseCli } from "./args";
import { listRules } from "./list-rules";
import { postRender } from "./post-renderer";
import { preCommit } from "./pre-commit";
import { printConfig } from "./print-config";
import { VERSION, lintAndReport, reportFailure } from "./run";
import { workerThreads } from "../util/on-demand";
import { SIGNAL_EXIT, inSupervisedWorker, stoppedLine } from "./supervise";
import type { WorkerContext, WorkerMessage } from "./supervise";

export { VERSION };

/** What the CLI needs from the outside world; tests pass their own. */
export interface Io {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (s: string | Uint8Array) => void;
  readonly stderr: (s: string) => void;
  readonly stdoutIsTTY: boolean;
  /** Standard error is a terminal: the progress line is shown there. */
  readonly stderrIsTTY?: boolean;
  readonly readStdin: () => Promise<string>;
  /** Standard input as bytes, for modes that must pass it on unchanged (--post-renderer). */
  readonly readStdinBytes: () => Promise<Buffer>;
}

/** Runs trustlint and returns the exit code: 0 clean, 1 findings, 2 usage/config/render error. */
export async function main(io: Io): Promise<number> {
  // Before parsing (a parse error can be debugged too), but never from a target after `--`.
  const end = io.argv.indexOf("--");
  let debug = (end < 0 ? io.argv : io.argv.slice(0, end)).includes("--debug") || io.env.HELM_DEBUG === "true";
  try {
    const parsed = parseCli(io.argv);
    debug ||= parsed.debug;
    // HELM_DEBUG (helm --debug) counts as --debug for every mode below.
    const opts = { ...parsed, debug };
    // The install gate's stdout is installed into the cluster: it must never be replaced by text.
    if (opts.postRenderer && (opts.help || opts.version || opts.listRules || opts.printConfig)) {
      throw new UserError(`--post-renderer cannot be combined with ${opts.help ? "--help" : opts.version ? "--version" : opts.listRules ? "--list-rules" : "--print-config"}: the install gate's standard output is what Helm installs`);
    }
    if (opts.help) {
      io.stdout(HELP);
      return 0;
    }
    if (opts.version) {
      // Never a silent pass: `trustlint ./chart -V` must not print a version and exit 0 unlinted.
      if (opts.targets.length > 0) throw new UserError(`-V prints trustlint's version and lints nothing, but targets were given (${opts.targets.join(" ")}); for a chart's version use --version X after the chart`);
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (opts.listRules) {
      io.stdout(listRules(RULES.map((r) => r.meta), opts.outputs[0]?.format === "json"));
      return 0;
    }
    if (opts.printConfig) return printConfig(opts, io);
    if (opts.postRenderer) return await postRender(opts, io);
    if (opts.preCommit) return await preCommit(opts, io);
    return await lintAndReport(opts, io);
  } catch (err) {
    return reportFailure(err, io, debug);
  } finally {
    removeTempDirs();
  }
}

/**
 * Standard input, up to the input limit: past it, reading stops and the lint fails (exit 2). In
 * the worker, the main thread passes standard input on only while it is read (src/cli/supervise.ts).
 */
async function readAllStdin(env: NodeJS.ProcessEnv): Promise<Buffer> {
  const port = inSupervisedWorker() ? workerThreads().parentPort : undefined;
  const tell = (reading: boolean) => port?.postMessage({ kind: "stdin", reading } satisfies WorkerMessage);
  tell(true);
  try {
    return await readCapped(process.stdin, maxInputBytes(env), "<stdin>");
  } finally {
    tell(false);
  }
}

/**
 * Entry point of the bin. In the worker thread that src/cli/supervise.ts starts (the normal
 * case), the main thread handles signals; this side reports the process groups and temporary
 * directories it creates, so that the main thread can end and remove them after terminating it.
 * Run on the main thread (a library caller), it handles signals itself, between event-loop turns.
 */
export function runProcess(): void {
  const threads = inSupervisedWorker() ? workerThreads() : undefined;
  const context = threads?.workerData as WorkerContext | undefined;
  if (context?.trustlintWorker && threads?.parentPort) {
    const port = threads.parentPort;
    observeResources({
      child: (pid, running) => port.postMessage({ kind: "child", pid, running } satisfies WorkerMessage),
      tempDir: (dir, inUse) => port.postMessage({ kind: "tempDir", dir, inUse } satisfies WorkerMessage),
    });
  } else installSignalHandlers();
  // A reader that stops early (`trustlint ... | head`) is not an error: stop writing, keep the exit code.
  let stdoutClosed = false;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    stdoutClosed = true;
  });
  const io: Io = {
    argv: context?.argv ?? process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => {
      if (!stdoutClosed) process.stdout.write(s);
    },
    stderr: (s) => process.stderr.write(s),
    stdoutIsTTY: context?.stdoutIsTTY ?? process.stdout.isTTY === true,
    stderrIsTTY: context?.stderrIsTTY ?? process.stderr.isTTY === true,
    readStdin: async () => {
      const { textOf } = await import("../render/render");
      return textOf(await readAllStdin(process.env), "<stdin>");
    },
    readStdinBytes: () => readAllStdin(process.env),
  };
  // In the worker, the thread ends with the run: standard input that was read only in part (the
  // input limit) would otherwise keep it waiting for the rest. Its output is passed on first.
  const end = (code: number) => {
    process.exitCode = code;
    if (context?.trustlintWorker) process.exit(code);
  };
  main(io).then(end, (err: unknown) => {
    process.stderr.write(`trustlint: internal error: ${escapeForTerminal(String(err))}\n`);
    end(2);
  });
}

/**
 * Signals on the main thread (a small run, src/cli/thread-choice.ts, or a library caller): as the
 * worker's supervisor does, say so in one line, end the children's process groups, remove temp
 * dirs and exit 128 + n.
 */
function installSignalHandlers(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(stoppedLine(signal));
    // helm/kustomize run in process groups of their own (a terminal's ^C does not reach them):
    // end each group, grandchildren included, then remove temporary directories and exit. All
    // synchronously, so that nothing of the lint runs on and reports the render it lost.
    stopGroupsSync(runningGroups());
    removeTempDirs();
    process.exit(SIGNAL_EXIT[signal] ?? 130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
}
