import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { jsonReport, runCli } from "../support/cli";

/**
 * Issue 10, class 6: unbounded work. Input that is large, deeply repetitive or slow to match must
 * end in a result or a clear error, never a crash, an exhausted heap, a stuck regex or a wait
 * that cannot be interrupted. Each item is reproduced on the real CLI.
 */

describe("issue 10 class 6b: more than 125,000 objects lint without a stack overflow", () => {
  // V8 refuses a call with more than about 125,000 arguments, which is what `push(...array)` and
  // `Math.min(...array)` make of a large array. Each ConfigMap here comes with a scalar document
  // that the loader skips with a warning, so the objects and the warnings both pass the limit.
  // Flow style and no data keep the input (9 MB) and the run (seconds) small.
  const COUNT = 130_000;
  it(`${COUNT.toLocaleString("en")} objects and as many warnings on stdin: every object counted, exit 0`, async () => {
    const parts: string[] = [];
    for (let i = 0; i < COUNT; i++) parts.push(`--- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}\n--- 0\n`);
    const run = await runCli(["-", "--format", "json", "--quiet"], { input: parts.join("") });
    strictEqual(run.code, 0, run.stderr.slice(0, 2000));
    const report = jsonReport(run);
    strictEqual(report.summary.objects, COUNT);
    strictEqual(report.findings.length, 0);
    strictEqual(report.warnings.length, COUNT);
    deepStrictEqual(report.warnings[COUNT - 1], { where: `<stdin>:${2 * COUNT}`, message: "document is a scalar, not a Kubernetes object; skipped" });
  });
});
