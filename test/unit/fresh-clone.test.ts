import { strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../support/tools";

/**
 * `npm test` on a clone without ../shared: the SARIF schema then comes from the package of
 * Microsoft's validator that `npm test` installs (.tools/sarif-multitool). Checked in a child with
 * TRUSTLINT_SHARED_DIR=none, so that nothing of ../shared is read.
 */
describe("a fresh clone without ../shared", () => {
  it("validates SARIF against the packaged 2.1.0 schema, and still rejects an invalid log", () => {
    const script = `
      import { assertSchemaValid, sarifSchema } from ${JSON.stringify(pathToFileURL(join(ROOT, "test", "support", "sarif.ts")).href)};
      const schema = sarifSchema();
      const log = { version: "2.1.0", runs: [{ tool: { driver: { name: "trustlint", rules: [] } }, results: [{ ruleId: "r", message: { text: "m" }, level: "error" }] }] };
      assertSchemaValid(log);
      let rejected = false;
      try { assertSchemaValid({ ...log, runs: [{ ...log.runs[0], results: [{ ruleId: "r", message: { text: "m" }, level: "fatal" }] }] }); } catch { rejected = true; }
      console.log(JSON.stringify({ draft: schema.draft, file: schema.file.includes("sarif-multitool"), rejected }));
    `;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TRUSTLINT_SHARED_DIR: "none" } });
    strictEqual(r.status, 0, r.stderr);
    strictEqual(r.stdout.trim(), JSON.stringify({ draft: "2020-12", file: true, rejected: true }));
  });

});
