// The GitHub Action (action.yml, bundled into dist/action.cjs): runs trustlint on the workspace,
// writes SARIF for github/codeql-action/upload-sarif, annotates the run, and sets outputs.
import { spawn } from "node:child_process";
import { appendFileSync, lstatSync, readFileSync } from "node:fs";
import { removeStaleReport } from "../cli/write-output";
import { join, resolve } from "node:path";
import { withoutCredentials } from "../render/child-env";
import { UserError } from "../util/errors";
import { packageRoot } from "../util/package-root";
import type { Log } from "sarif";
import { escapeLine } from "../report/escape";
import { cliArgs, readInputs } from "./inputs";
import { countLine, findingsOf, jobSummary } from "./summary";

/** What the action needs from the runner; tests pass their own. */
export interface ActionIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: (s: string) => void;
}

/**
 * Runs the action and returns trustlint's exit code (0 clean, 1 findings, 2 error). trustlint
 * itself is the committed CLI bundle beside this one, run as a child: this entry stays small.
 */
export async function runAction(aio: ActionIo): Promise<number> {
  // SARIF paths must be relative to the repository root, which is the workspace.
  const workspace = aio.env.GITHUB_WORKSPACE || aio.cwd;
  let inputs;
  try {
    inputs = readInputs(aio.env);
  } catch (err) {
    aio.stdout(`::error title=trustlint::${command(err instanceof UserError ? err.message : String(err))}\n`);
    return 2;
  }
  const sarif = resolve(workspace, inputs.sarifFile);
  // A file left at that path (committed, or from an earlier step) must not be uploaded as this
  // run's report: after the run, the file exists only if this run wrote it.
  removeStaleReport(sarif);
  const { code, stderr } = await runCli(cliArgs(inputs), workspace, aio.env);
  // The CLI writes the SARIF when at least one target was linted (with exit 2, the targets
  // that failed are notifications in it, and the others' findings are uploaded); when nothing
  // was linted it writes none, and the outputs say there is nothing to upload.
  // The CLI writes a report as a regular file renamed into place: anything else at the path
  // (a refused /proc path, a device) is not a report to read or upload.
  const written = lstatSync(sarif, { throwIfNoEntry: false })?.isFile() ?? false;
  const log = written ? (JSON.parse(readFileSync(sarif, "utf8")) as Log) : undefined;
  const counted = log ? findingsOf(log) : [];
  setOutputs(aio.env, { "sarif-file": written ? inputs.sarifFile : "", findings: String(counted.length), "exit-code": String(code) });
  // The fail level in force is the input's, unless `args` gives one of its own (the last one wins).
  const failLevel = failLevelOf(inputs.args) ?? inputs.failLevel;
  const failures = log ? failedTargets(log) : stderr.split("\n").filter((l) => l.startsWith("trustlint: ") && !l.startsWith("trustlint: warning: ")).map((l) => l.slice("trustlint: ".length));
  writeSummary(aio.env, jobSummary(log, failLevel, code, failures));
  if (code !== 0 && code !== 1) {
    const message = stderr.split("\n").find((l) => l.startsWith("trustlint: ")) ?? `trustlint exited with ${code}`;
    aio.stdout(`::error title=trustlint::${command(message.replace(/^trustlint: /, ""))}\n`);
  }
  // The last line of the log: exactly the findings that failed the step (or would have), and the others.
  if (log) {
    const line = `${countLine(counted, failLevel)}; see ${inputs.sarifFile}${code === 1 ? " and the annotations" : ""}`;
    aio.stdout(code === 1 ? `::error title=trustlint::${command(line)}\n` : `trustlint: ${escapeLine(line)}\n`);
  }
  return code;
}

let child: ReturnType<typeof spawn> | undefined;

/** The CLI bundle with the runner's stdout; stderr is passed on and kept, for the error annotation. */
function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  const cli = join(packageRoot(), "dist", "trustlint.cjs");
  return new Promise((resolvePromise, reject) => {
    // The runner's tokens (ACTIONS_RUNTIME_TOKEN, GITHUB_TOKEN, secrets mapped to env) stay here.
    const c = spawn(process.execPath, [cli, ...args], { cwd, env: withoutCredentials(env), stdio: ["ignore", "inherit", "pipe"] });
    child = c;
    const chunks: Buffer[] = [];
    c.stderr.on("data", (b: Buffer) => {
      chunks.push(b);
      process.stderr.write(b);
    });
    c.on("error", reject);
    c.on("close", (code, signal) => resolvePromise({ code: code ?? (signal ? 2 : -1), stderr: Buffer.concat(chunks).toString("utf8") }));
  });
}

/** `--fail-level X` or `--fail-level=X` in the `args` input: the CLI takes the last one given. */
function failLevelOf(args: readonly string[]): string | undefined {
  let level: string | undefined;
  args.forEach((a, i) => {
    if (a === "--fail-level" && i + 1 < args.length) level = args[i + 1];
    else if (a.startsWith("--fail-level=")) level = a.slice("--fail-level=".length);
  });
  return level;
}

/** The targets the run could not lint: the SARIF's error notifications. */
function failedTargets(log: Log): string[] {
  return (log.runs ?? []).flatMap((r) => (r.invocations ?? []).flatMap((i) => (i.toolExecutionNotifications ?? []).filter((n) => n.level === "error").map((n) => n.message.text ?? "")));
}

/** The job summary goes to the file the runner names in GITHUB_STEP_SUMMARY (appended: other steps write there too). */
function writeSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  appendFileSync(file, `${markdown}\n`);
}

/** Step outputs go to the file the runner names in GITHUB_OUTPUT (one `name=value` line each). */
function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  appendFileSync(file, Object.entries(outputs).map(([k, v]) => `${k}=${v.replace(/[\r\n]+/g, " ")}\n`).join(""));
}

function command(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Entry point of dist/action.cjs. */
export function runActionProcess(): void {
  // Cancellation: the child (and through it helm/kustomize) gets the signal and cleans up.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child?.kill(signal));
  runAction({ env: process.env, cwd: process.cwd(), stdout: (s) => process.stdout.write(s) }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stdout.write(`::error title=trustlint::internal error: ${command(String(err))}\n`);
      process.exitCode = 2;
    },
  );
}
