import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, TOOLS } from "./tools";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Extra environment; HELM_BIN defaults to the pinned Helm 4 and kustomize to the pinned kubectl. */
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string | Buffer;
  /** Run the committed bundle instead of the TypeScript sources. */
  readonly bundle?: boolean;
  /** Run this script (e.g. a copy of the bundle elsewhere) instead. */
  readonly entry?: string;
  /** Called with the child process once started (to signal it, for example). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/**
 * Runs the real trustlint CLI in a child process (the sources through tsx, or the bundle), with
 * the pinned Helm and kubectl, and a clean environment: no colour, no HELM_NAMESPACE leaking in.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  // tsx is resolved from here, not from the child's working directory (tests run it elsewhere).
  const entry = options.entry ? [options.entry] : options.bundle ? [join(ROOT, "dist", "trustlint.cjs")] : ["--import", pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, join(ROOT, "src", "bin.ts")];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    HELM_BIN: TOOLS.helm4,
    TRUSTLINT_KUSTOMIZE: `${TOOLS.kubectl} kustomize`,
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    options.onSpawn?.(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** Parses the JSON report of a run, with a helpful failure when it is not JSON. */
export function jsonReport(run: CliRun): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`not a JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  fix: string | null;
  object: { apiVersion: string; kind: string; namespace: string | null; name: string };
  path: string;
  location: { file: string; line: number; column: number; method: string };
  related: { message: string; object: { kind: string; namespace: string | null; name: string }; location: { file: string; line: number } }[];
  renders: string[];
  fingerprint: string;
  suppressed: boolean;
  suppressions: { kind: string; reason: string; source: string }[];
}

export interface JsonReport {
  formatVersion: number;
  summary: { objects: number; errors: number; warnings: number; infos: number; suppressed: number };
  findings: JsonFinding[];
  warnings: { where: string; message: string }[];
}

/** "rule Kind/ns/name file:line" for each finding: compact, exact, easy to compare. */
export function summarise(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.namespace ?? ""}/${f.object.name} ${f.location.file}:${f.location.line}`);
}

/** A temporary directory removed after the test file. */
export function scratch(prefix = "trustlint-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
