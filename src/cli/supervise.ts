import { rmSync } from "node:fs";
import { signalGroups, stopGroupsSync } from "../render/process-groups";
import { v8, workerThreads } from "../util/on-demand";

/**
 * The trustlint process's main thread: it runs the CLI in a worker thread and keeps itself free
 * for signals (issue 10, class 6).
 *
 * A lint is synchronous JavaScript for seconds at a time (loading a large render, building the
 * trust model, running the rules), and Node runs a signal handler only when the JavaScript of
 * its thread returns to the event loop: SIGINT or SIGTERM during a 100,000-object lint used to
 * wait for the lint to end. Here the lint runs in a worker; the main thread only starts it, passes
 * standard input on when the worker asks, and on a signal terminates it (V8 stops it at once,
 * inside any loop), ends the process group of every helm/kustomize it had started (SIGTERM, then
 * SIGKILL), removes its temporary directories, says so in one line and exits 128 + the signal
 * number. The worker reports those groups and directories as they come and go.
 *
 * This file is loaded by the small entry (dist/trustlint.cjs), so it imports nothing of the CLI.
 */

/** Messages from the worker (src/cli/main.ts, workerSide). */
export type WorkerMessage =
  | { readonly kind: "child"; readonly pid: number; readonly running: boolean }
  | { readonly kind: "tempDir"; readonly dir: string; readonly inUse: boolean }
  | { readonly kind: "stdin"; readonly reading: boolean };

/**
 * The global the worker's script sets before it loads the CLI: how src/bin.ts and src/cli/main.ts
 * know they run in the supervised worker without loading node:worker_threads in every run (a run
 * on the main thread never needs it). Nothing from outside the process can set a global.
 */
const WORKER_GLOBAL = "__trustlintSupervisedWorker";

/** Whether this thread is the worker that supervise() started. */
export function inSupervisedWorker(): boolean {
  return (globalThis as Record<string, unknown>)[WORKER_GLOBAL] === true;
}

/** What the worker needs to know of the main thread's process (workerData). */
export interface WorkerContext {
  readonly trustlintWorker: true;
  readonly argv: readonly string[];
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

/** 128 + the signal number, as a shell reports a process that a signal ended. */
export const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** The one line a run that a signal stopped prints, whichever thread it ran on. */
export function stoppedLine(signal: NodeJS.Signals): string {
  return `trustlint: stopped by ${signal}\n`;
}

/**
 * Starts the CLI in a worker and supervises it. `code` is the worker's script (CommonJS, evaluated):
 * it loads the CLI and calls its runProcess().
 */
export function supervise(code: string): void {
  const context: WorkerContext = { trustlintWorker: true, argv: process.argv.slice(2), stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true };
  // A worker's heap is sized on its own; give it what this process was given (NODE_OPTIONS=--max-old-space-size).
  const heapMb = Math.ceil(v8().getHeapStatistics().heap_size_limit / 1024 / 1024);
  const options = { workerData: context, stdin: true, resourceLimits: { maxOldGenerationSizeMb: heapMb } };
  const worker = new (workerThreads().Worker)(`globalThis.${WORKER_GLOBAL} = true;\n${code}`, { ...options, eval: true });
  const children = new Set<number>();
  const tempDirs = new Set<string>();
  let piping = false;
  const stopStdin = () => {
    if (!piping) return;
    piping = false;
    process.stdin.unpipe(worker.stdin!);
    // A writer that never stops gets EPIPE instead of filling a pipe nobody reads.
    process.stdin.destroy();
  };
  worker.on("message", (m: WorkerMessage) => {
    switch (m.kind) {
      case "child":
        if (m.running) children.add(m.pid);
        else children.delete(m.pid);
        break;
      case "tempDir":
        if (m.inUse) tempDirs.add(m.dir);
        else tempDirs.delete(m.dir);
        break;
      case "stdin":
        if (m.reading && !piping) {
          piping = true;
          process.stdin.on("error", () => undefined);
          process.stdin.pipe(worker.stdin!);
        } else if (!m.reading) stopStdin();
        break;
    }
  });
  // A reader that stops early (`trustlint ... | head`) is not an error: the exit code stays.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
  let failed = false;
  worker.on("error", (err: unknown) => {
    failed = true;
    process.stderr.write(`trustlint: internal error: ${oneLine(String(err))}\n`);
  });
  worker.on("exit", (code) => {
    stopStdin();
    if (stopping) return;
    process.exitCode = failed ? 2 : code;
  });

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = SIGNAL_EXIT[signal] ?? 130;
    const leave = () => {
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    };
    // A second signal while helm/kustomize are being stopped: kill them now and leave.
    if (stopping) {
      signalGroups(children, "SIGKILL");
      leave();
    }
    stopping = true;
    process.stderr.write(stoppedLine(signal));
    stopStdin();
    // Stop the lint first, so that it starts nothing more, then end what it had started.
    void worker
      .terminate()
      .then(() => stopGroupsSync([...children]))
      .then(leave, leave);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
}

/** The first line of an error, for the one line of an internal error. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return (text.split("\n")[0] ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}
