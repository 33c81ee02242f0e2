/**
 * How the benchmark measures a command: as a fresh process, the way a user runs it. Each run is
 * started under GNU time (`/usr/bin/time`), which reports the CPU time (user + system) of the
 * process and of every child it waited for (Helm, for a chart), and its peak resident memory;
 * the wall time is measured around the spawn. Commands compared with each other are run
 * interleaved (A B A B ...), so that both see the same load on a shared machine, and each is
 * summarised by its median.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Sample {
  /** Wall-clock milliseconds. */
  readonly wallMs: number;
  /** User + system CPU milliseconds of the process and its waited-for children (10 ms resolution). */
  readonly cpuMs: number;
  /** Peak resident set of the process (or its largest child), KiB. */
  readonly maxRssKiB: number;
}

export interface Command {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success (default 0 and 1: trustlint exits 1 on findings). */
  readonly ok?: readonly number[];
}

export interface Summary {
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Mean CPU: finer than the median for short runs, whose samples come in 10 ms steps. */
  readonly cpuMeanMs: number;
  readonly maxRssKiB: number;
  readonly samples: readonly Sample[];
}

const TIME = "/usr/bin/time";
const scratch = mkdtempSync(join(tmpdir(), "trustlint-bench-time-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

export function haveGnuTime(): boolean {
  return spawnSync(TIME, ["-f", "%U", "true"], { stdio: "ignore" }).status === 0;
}

/** One fresh-process run of a command. */
export function runOnce(cmd: Command, cwd: string): Sample {
  const out = join(scratch, "time.txt");
  const t = process.hrtime.bigint();
  const r = spawnSync(TIME, ["-f", "%U %S %M", "-o", out, cmd.command, ...cmd.args], { cwd, env: cmd.env ?? process.env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (!(cmd.ok ?? [0, 1]).includes(r.status ?? -1)) {
    throw new Error(`${cmd.name}: ${cmd.command} ${cmd.args.join(" ")} exited ${r.status}: ${(r.stderr?.toString() ?? "").slice(0, 2000)}`);
  }
  // GNU time writes "Command exited with non-zero status N" first when the status is not 0.
  const last = readFileSync(out, "utf8").trim().split("\n").at(-1)!;
  const [user, sys, rss] = last.split(" ").map(Number);
  return { wallMs, cpuMs: (user! + sys!) * 1000, maxRssKiB: rss! };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarise(samples: readonly Sample[]): Summary {
  const cpu = samples.map((s) => s.cpuMs);
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(cpu), cpuMeanMs: cpu.reduce((a, b) => a + b, 0) / cpu.length, maxRssKiB: median(samples.map((s) => s.maxRssKiB)), samples };
}

/**
 * Runs the commands interleaved: one discarded warm-up round (file cache, binaries) unless
 * `warmUp` is false, then `rounds` rounds of every command in turn. Returns each command's
 * median by name.
 */
export function interleaved(commands: readonly Command[], rounds: number, cwd: string, warmUp = true): Record<string, Summary> {
  if (warmUp) for (const c of commands) runOnce(c, cwd);
  const samples = new Map<string, Sample[]>(commands.map((c) => [c.name, []]));
  for (let i = 0; i < rounds; i++) {
    // Alternate the order too, so that neither command always runs right after the other.
    const order = i % 2 === 0 ? commands : [...commands].reverse();
    for (const c of order) samples.get(c.name)!.push(runOnce(c, cwd));
  }
  return Object.fromEntries([...samples].map(([name, s]) => [name, summarise(s)]));
}
