import { childProcess } from "../util/on-demand";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolEnv } from "./child-env";
import { signalGroups } from "./process-groups";

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The run was killed at its timeout. */
  readonly timedOut: boolean;
  /** The run was killed because its output passed `maxOutputBytes`. */
  readonly overflowed: boolean;
}

export interface ExecOptions {
  readonly cwd?: string;
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  /** Kill the run when its standard output grows past this many bytes (a runaway render). */
  readonly maxOutputBytes?: number;
}

/** Children still running, so that SIGINT/SIGTERM can end their whole process groups. */
const running = new Set<ChildProcess>();

/**
 * Told of every child process group and temporary directory as it comes and goes. The CLI runs
 * the lint in a worker thread that a signal may terminate at any instruction; the main thread,
 * which handles the signal, then ends these groups and removes these directories itself.
 */
export interface ResourceObserver {
  child(pid: number, running: boolean): void;
  tempDir(dir: string, inUse: boolean): void;
}

let observer: ResourceObserver | undefined;

export function observeResources(o: ResourceObserver | undefined): void {
  observer = o;
}

/** The process groups of the children still running (a signal's handler ends them). */
export function runningGroups(): number[] {
  return [...running].flatMap((c) => (c.pid ? [c.pid] : []));
}

/**
 * Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer delay fires after 1 ms, which
 * would turn `--timeout 3000000` into an immediate timeout. Longer timeouts wait this long.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs a program without a shell (arguments are passed literally, whatever `;`, `$()` or
 * quotes they contain), in its own process group, with a timeout that kills the group, and with
 * the allow-listed environment of toolEnv (never the runner's credentials).
 *
 * After a timeout (or runaway output) the result comes when the program itself has exited, not
 * when its output pipes close: a grandchild that left the process group (`setsid`, a daemon)
 * may hold them open for ever, so they are destroyed instead (issue 10, class 6).
 */
export function run(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    // Every tool trustlint runs gets the allow-listed environment: no runner credential reaches it.
    const child = childProcess().spawn(command, args, { cwd: options.cwd, env: toolEnv(options.env ?? process.env), detached: true, stdio: ["pipe", "pipe", "pipe"] });
    running.add(child);
    const pid = child.pid;
    if (pid) observer?.child(pid, true);
    const gone = () => {
      running.delete(child);
      if (pid) observer?.child(pid, false);
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let timedOut = false;
    let overflowed = false;
    let exited = false;
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      gone();
      resolve({
        code: timedOut ? 124 : overflowed ? 125 : (code ?? (signal ? 128 : 1)),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
        overflowed,
      });
    };
    // Killed by us: do not wait for the pipes, which a grandchild outside the group may hold.
    const stopWaiting = () => {
      child.stdout.destroy();
      child.stderr.destroy();
      finish(child.exitCode, child.signalCode);
    };
    const killGroup = () => {
      if (pid) signalGroups([pid], "SIGKILL");
      if (exited) stopWaiting();
    };
    const timer = setTimeout(
      () => {
        timedOut = true;
        killGroup();
      },
      Math.min(options.timeoutMs, MAX_TIMER_MS),
    );
    child.stdout.on("data", (b: Buffer) => {
      if (overflowed) return;
      outBytes += b.length;
      if (options.maxOutputBytes !== undefined && outBytes > options.maxOutputBytes) {
        overflowed = true;
        out.length = 0;
        killGroup();
        return;
      }
      out.push(b);
    });
    // Tools print little on stderr; keep the first MiB of it for the error line.
    let errBytes = 0;
    child.stderr.on("data", (b: Buffer) => {
      if (errBytes > 1024 * 1024) return;
      errBytes += b.length;
      err.push(b);
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
    child.on("error", (e) => {
      clearTimeout(timer);
      gone();
      settled = true;
      reject(e);
    });
    child.on("exit", () => {
      exited = true;
      if (timedOut || overflowed) stopWaiting();
    });
    child.on("close", (code, signal) => finish(code, signal));
  });
}

/** "1s", "0.5s", "2m 30s": a timeout as the user gave it. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest ? `${m}m ${rest}s` : `${m}m`;
}

/** Temporary directories still in use, so that every exit path (signals included) removes them. */
const tempDirs = new Set<string>();
let exitHookInstalled = false;

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  observer?.tempDir(dir, true);
  if (!exitHookInstalled) {
    // The last resort for any exit path that skipped the finally blocks (process.exit, a crash).
    process.once("exit", removeTempDirs);
    exitHookInstalled = true;
  }
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
  observer?.tempDir(dir, false);
}

export function removeTempDirs(): void {
  for (const dir of [...tempDirs]) removeTempDir(dir);
}
