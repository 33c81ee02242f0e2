import { readFileSync } from "node:fs";

// Ending helm/kustomize and everything they started: each runs in a process group of its own
// (src/render/exec.ts), so a terminal's ^C does not reach them and trustlint ends them itself.
// Used by whichever thread handles a signal: the worker's supervisor (src/cli/supervise.ts) and
// a run on the main thread (src/cli/main.ts). It imports nothing of the CLI, so that the small
// entry (dist/trustlint.cjs) that holds the supervisor stays small.

/** Sends `signal` to each process group (the tool and anything it started). */
export function signalGroups(pids: Iterable<number>, signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  }
}

/**
 * SIGTERM to each group, then SIGKILL once each tool has exited or `graceMs` has passed, so that a
 * grandchild which ignores SIGTERM (or a shell's background job, which ignores SIGINT) does not
 * outlive trustlint. Synchronous: on the main thread no other JavaScript (the rest of a lint that
 * would report the render it just lost) runs before the process exits.
 */
export function stopGroupsSync(pids: readonly number[], graceMs = 1000): void {
  if (pids.length === 0) return;
  signalGroups(pids, "SIGTERM");
  const deadline = Date.now() + graceMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (pids.some(processRunning) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
  signalGroups(pids, "SIGKILL");
}

/** Whether a process runs; a zombie (exited, not yet reaped by its parent) does not. */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    // No /proc (macOS): kill(pid, 0) is all there is.
    return true;
  }
}
