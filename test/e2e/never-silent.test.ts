import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { HELMS, assertToolsPresent } from "../support/tools";

/**
 * Never a silent pass: a lint that checks nothing (a render with no objects, a target with no
 * files, every rule turned off) is exit 2, unless --allow-empty says so, and then a warning says
 * what was empty.
 */

before(() => assertToolsPresent());

const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n";

describe("never a silent pass", () => {
  for (const helm of HELMS) {
    it(`${helm.name}: a chart rendering zero objects: exit 2, or exit 0 with a warning under --allow-empty`, async () => {
      const env = { HELM_BIN: helm.bin };
      assertOneLineError(await runCli(["test/fixtures/charts/empty"], { env }), /^trustlint: test\/fixtures\/charts\/empty: rendered no Kubernetes objects \(--allow-empty accepts this\)$/);
      const run = await runCli(["test/fixtures/charts/empty", "--allow-empty", "--format", "json"], { env });
      strictEqual(run.code, 0, run.stderr);
      deepStrictEqual(jsonReport(run).warnings, [{ where: "test/fixtures/charts/empty", message: "rendered no Kubernetes objects (accepted by --allow-empty)" }]);
      strictEqual(run.stderr, "trustlint: warning: test/fixtures/charts/empty: rendered no Kubernetes objects (accepted by --allow-empty)\n");
    });
  }

  it("a glob that matches nothing and a directory without YAML: exit 2, or warnings under --allow-empty", async () => {
    const { dir, cleanup } = scratch();
    try {
      mkdirSync(join(dir, "docs"));
      writeFileSync(join(dir, "docs", "README.md"), "nothing here");
      writeFileSync(join(dir, "pod.yaml"), POD);
      const glob = await runCli(["k8s/**/*.yaml", "pod.yaml"], { cwd: dir });
      strictEqual(glob.code, 2);
      strictEqual(glob.stderr, "trustlint: k8s/**/*.yaml: no files match this pattern (--allow-empty accepts this)\n");
      strictEqual(glob.stdout, "config: none\n✔ 0 problems (0 errors, 0 warnings, 0 info) in 0 objects (1 object linted)\n");
      // One bad target does not hide the others: pod.yaml is still linted and reported, and the run exits 2.
      const both = await runCli(["pod.yaml", "docs"], { cwd: dir });
      strictEqual(both.code, 2);
      strictEqual(both.stderr, "trustlint: docs: directory has no YAML or JSON files (--allow-empty accepts this)\n");
      strictEqual(both.stdout, "config: none\n✔ 0 problems (0 errors, 0 warnings, 0 info) in 0 objects (1 object linted)\n");
      const run = await runCli(["k8s/**/*.yaml", "docs", "pod.yaml", "--allow-empty", "--format", "json"], { cwd: dir });
      strictEqual(run.code, 0, run.stderr);
      const report = jsonReport(run);
      strictEqual(report.summary.objects, 1);
      deepStrictEqual(report.warnings, [
        { where: "k8s/**/*.yaml", message: "no files match this pattern (accepted by --allow-empty)" },
        { where: "docs", message: "directory has no YAML or JSON files (accepted by --allow-empty)" },
      ]);
    } finally {
      cleanup();
    }
  });

  it("YAML with no Kubernetes object in it: exit 2, or a warning under --allow-empty", async () => {
    assertOneLineError(await runCli(["-"], { input: "# just a comment\n---\nfoo: bar\n" }), /^trustlint: -: contains no Kubernetes objects \(--allow-empty accepts this\)$/);
    const run = await runCli(["-", "--allow-empty", "--format", "json"], { input: "foo: bar\n" });
    strictEqual(run.code, 0, run.stderr);
    deepStrictEqual(jsonReport(run).warnings.map((w) => w.message), ["document has no apiVersion/kind; skipped", "contains no Kubernetes objects (accepted by --allow-empty)"]);
  });

  it("a config that turns every rule off: exit 2 naming the config, or a warning under --allow-empty", async () => {
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, "pod.yaml"), POD);
      const listed = await runCli(["--list-rules", "--format", "json"], { cwd: dir });
      const ids = (JSON.parse(listed.stdout) as { id: string }[]).map((r) => r.id);
      writeFileSync(join(dir, ".trustlint.yaml"), `rules:\n${ids.map((id) => `  ${id}: off\n`).join("")}`);
      assertOneLineError(await runCli(["pod.yaml"], { cwd: dir }), /^trustlint: \.trustlint\.yaml:1: every rule is turned off \(by the config or --rule\), so nothing would be checked \(--allow-empty accepts this\)$/);
      // --rule selecting only a rule the config turns off is the same empty lint.
      assertOneLineError(await runCli(["pod.yaml", "--rule", ids[0]!], { cwd: dir }), /every rule is turned off/);
      const run = await runCli(["pod.yaml", "--allow-empty", "--format", "json"], { cwd: dir });
      strictEqual(run.code, 0, run.stderr);
      deepStrictEqual(jsonReport(run).warnings, [{ where: ".trustlint.yaml:1", message: "every rule is turned off (by the config or --rule), so nothing would be checked (accepted by --allow-empty)" }]);
    } finally {
      cleanup();
    }
  });
});
