import { statSync } from "node:fs";
import { resolve } from "node:path";
import { tokenize } from "./command-line";

/**
 * Input up to which a lint runs on the process's main thread instead of a worker (issue 16
 * target 5). The worker exists so that SIGINT and SIGTERM stop a CPU-bound lint at once (issue
 * 10, class 6e; src/cli/supervise.ts): Node runs a signal handler only between turns of its
 * thread's event loop. Starting one costs about 70 ms of CPU, a third of a one-file lint. A lint
 * of this much YAML holds the thread for about 0.1 s on a 2-core machine (82 Deployments in
 * 32 KiB, a finding on each: 0.25 s of wall time against 0.15 s for one object), so a signal
 * still ends it at once to a person's eye, and the main thread handles it as the worker's
 * supervisor would (src/cli/main.ts, installSignalHandlers).
 */
export const MAIN_THREAD_MAX_BYTES = 32 * 1024;

/**
 * Whether this command line runs on the main thread: it lints nothing (help, the rule list, the
 * effective config), or it lints only regular files that exist now and hold at most
 * MAIN_THREAD_MAX_BYTES together. Everything else takes the worker: standard input (its size is
 * unknown), the install gate and the pre-commit hook, directories, charts, kustomizations, globs
 * and remote charts (renders of any size), and a command line that does not parse (the CLI then
 * reports it, in the worker as before). Deciding wrongly towards the worker only costs time; the
 * CLI reads the same files again and decides nothing from this.
 */
export function runsOnMainThread(argv: readonly string[], cwd: string): boolean {
  let parsed;
  try {
    parsed = tokenize(argv);
  } catch {
    return false;
  }
  const v = parsed.values;
  if (v["post-renderer"] || v["pre-commit"]) return false;
  if (v.help || v["tool-version"] || v["list-rules"] || v["print-config"]) return true;
  if (parsed.positionals.length === 0) return false;
  let bytes = 0;
  for (const target of parsed.positionals) {
    if (target === "-") return false;
    let size: number;
    try {
      const stat = statSync(resolve(cwd, target));
      // Size 0 is also what /proc and /sys report for files that hold text: unknown, so the worker.
      if (!stat.isFile() || stat.size === 0) return false;
      size = stat.size;
    } catch {
      return false;
    }
    bytes += size;
    if (bytes > MAIN_THREAD_MAX_BYTES) return false;
  }
  return true;
}
