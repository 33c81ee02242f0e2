import { doesNotMatch, match, strictEqual } from "node:assert/strict";
import type { CliRun } from "./cli";

/** Exit 2 with exactly one line on stderr matching `line`, no stack trace, nothing on stdout. */
export function assertOneLineError(run: CliRun, line: RegExp): void {
  strictEqual(run.code, 2, `exit code; stderr: ${run.stderr}`);
  const lines = run.stderr.split("\n").filter(Boolean);
  strictEqual(lines.length, 1, `one stderr line, got:\n${run.stderr}`);
  match(lines[0]!, line);
  doesNotMatch(run.stderr, /\n\s+at |Error:.*\n.*node:/, "no stack trace");
  strictEqual(run.stdout, "");
}
