import { deepStrictEqual } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";

const ROOT = join(import.meta.dirname, "../..");
const FIXTURES = join(ROOT, "test/fixtures/dependency-direction");

/**
 * Lints a fixture's text as if it were the file `as` of the project, with the project's own
 * eslint.config.mjs. The files do not exist, so type-aware rules are switched off for them; the
 * dependency zones are syntax-only and stay as configured.
 */
async function importErrors(fixture: string, as: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: [{ files: ["**/*.ts"], ...tseslint.configs.disableTypeChecked }] });
  const [result] = await eslint.lintText(readFileSync(join(FIXTURES, fixture), "utf8"), { filePath: join(ROOT, as) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => `${m.line}:${m.column} ${m.message}`);
}

const DIRECTION = "dependencies point cli → lint → render/load/model/engine/locate/filter/report; rules → engine types, model, knowledge (README, Architecture).";

describe("dependency direction (eslint no-restricted-imports zones)", function () {
  this.timeout(120_000);

  it("fails a model module that imports the engine", async () => {
    deepStrictEqual(await importErrors("model-imports-engine.ts", "src/model/back-edge.ts"), [`2:1 '../engine/rule' import is restricted from being used by a pattern. model must not import engine: ${DIRECTION}`]);
  });

  it("fails a rule that imports locate", async () => {
    deepStrictEqual(await importErrors("rule-imports-locate.ts", "rules/back-edge/index.ts"), [`2:1 '../../src/locate/locate' import is restricted from being used by a pattern. rules must not import locate: ${DIRECTION}`]);
  });

  it("fails a knowledge table that imports the model", async () => {
    deepStrictEqual(await importErrors("knowledge-imports-model.ts", "src/knowledge/back-edge.ts"), [`2:1 '../model/model' import is restricted from being used by a pattern. knowledge must not import model: ${DIRECTION}`]);
  });

  it("allows the same import where the direction permits it (the engine reads the model)", async () => {
    deepStrictEqual(await importErrors("knowledge-imports-model.ts", "src/engine/forward-edge.ts"), []);
  });
});
