import { strictEqual } from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAIN_THREAD_MAX_BYTES, runsOnMainThread } from "../../src/cli/thread-choice";
import { groupThousands } from "../../src/util/numbers";
import { scratch } from "../support/cli";

/**
 * src/cli/thread-choice.ts: a run lints on the main thread only when it reads nothing but regular
 * files of known size that hold at most 32 KiB together (issue 16 target 5); every run whose
 * CPU-bound work can be long takes the worker, where a signal stops it at once (issue 10, 6e).
 */
describe("which thread a run takes", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    writeFileSync(join(dir, "small.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    writeFileSync(join(dir, "half.yaml"), "#".repeat(MAIN_THREAD_MAX_BYTES / 2));
    writeFileSync(join(dir, "empty.yaml"), "");
    mkdirSync(join(dir, "chart"));
    writeFileSync(join(dir, "chart", "Chart.yaml"), "apiVersion: v2\nname: c\nversion: 1.0.0\n");
  });
  after(() => cleanup());

  const cases: readonly (readonly [string, readonly string[], boolean])[] = [
    ["one small file", ["small.yaml"], true],
    ["small files with options that take values", ["-f", "values-prod.yaml", "--format", "json", "-o", "out.sarif", "small.yaml", "half.yaml"], true],
    ["files of exactly 32 KiB together", ["half.yaml", "half.yaml"], true],
    ["files over 32 KiB together", ["half.yaml", "half.yaml", "small.yaml"], false],
    ["standard input", ["-"], false],
    ["standard input with a file", ["small.yaml", "-"], false],
    ["no target (standard input or an error)", ["--format", "json"], false],
    ["a directory", ["chart"], false],
    ["a file that does not exist (a remote chart, a glob)", ["repo/chart"], false],
    ["a glob", ["*.yaml"], false],
    ["an empty file (size 0 is also what /proc reports)", ["empty.yaml"], false],
    ["a /proc file", ["/proc/self/status"], false],
    ["the install gate", ["--post-renderer"], false],
    ["the pre-commit hook", ["--pre-commit", "--", "small.yaml"], false],
    ["a command line that does not parse", ["--no-such-flag", "small.yaml"], false],
    ["--help", ["--help"], true],
    ["--list-rules", ["--list-rules"], true],
    ["--print-config", ["--print-config"], true],
    ["a file named after --", ["--", "small.yaml"], true],
  ];
  for (const [what, argv, main] of cases) {
    it(`${what}: ${main ? "main thread" : "worker"}`, () => {
      strictEqual(runsOnMainThread(argv, dir), main);
    });
  }
});

describe("groupThousands writes numbers as toLocaleString(\"en-US\") does", () => {
  for (const n of [0, 7, 999, 1000, 10_000, 123_456, 1_000_000, 1_234_567_890, -1500]) {
    it(`${n} → ${n.toLocaleString("en-US")}`, () => strictEqual(groupThousands(n), n.toLocaleString("en-US")));
  }
});
