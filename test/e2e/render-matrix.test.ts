import { deepStrictEqual, match, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch } from "../support/cli";
import type { JsonFinding, JsonReport } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { HELMS, ROOT, assertToolsPresent } from "../support/tools";

const DIR = "test/fixtures/render-matrix";
const CHART = `${DIR}/chart`;
const RULES = ["--rule", "trust-store-shadowed", "--rule", "ca-bundle-path-not-mounted"];
const MATRIX = ["--values-set", `prod=${DIR}/values/prod.yaml`, "--values-set", `renamed-key=${DIR}/values/bundle-key.yaml`, "--values-set", `clean=${DIR}/values/clean.yaml`];

/** "rule object path [renders]" per finding. */
const byRender = (report: JsonReport) => report.findings.map((f) => `${f.ruleId} ${f.object.name} ${f.path} [${f.renders.join(",")}]`).sort();
const find = (report: JsonReport, rule: string, path: string, render?: string): JsonFinding => {
  const hit = report.findings.find((f) => f.ruleId === rule && f.path.endsWith(path) && (render === undefined || f.renders.includes(render)));
  ok(hit, `no ${rule} at ${path}${render ? ` in ${render}` : ""}`);
  return hit;
};

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`render matrix on ${helm.name}`, () => {
    const env = { HELM_BIN: helm.bin };

    it("lints each --values-set as its own render; a finding of every render is reported once with all render names", async () => {
      const run = await runCli([CHART, ...MATRIX, ...RULES, "--format", "json"], { env });
      strictEqual(run.code, 1, run.stderr);
      const report = jsonReport(run);
      deepStrictEqual(byRender(report), [
        "ca-bundle-path-not-mounted api spec.template.spec.containers[0].env[0] [prod,renamed-key,clean]",
        "ca-bundle-path-not-mounted api spec.template.spec.containers[0].env[1] [prod]",
        "ca-bundle-path-not-mounted api spec.template.spec.containers[0].env[1] [renamed-key]",
        "trust-store-shadowed api spec.template.spec.containers[0].volumeMounts[0].mountPath [prod]",
      ]);
      // Each render has its own model: the renamed key is missing only from renamed-key's ConfigMap.
      match(find(report, "ca-bundle-path-not-mounted", "env[1]", "renamed-key").message, /does not contain/);
      strictEqual(report.summary.objects, 6, "two objects in each of three renders");
    });

    it("keeps the single-render fingerprint for a finding of every render, and puts the render into the others'", async () => {
      const matrix = jsonReport(await runCli([CHART, ...MATRIX, ...RULES, "--format", "json"], { env }));
      const single = jsonReport(await runCli([CHART, "-f", `${DIR}/values/prod.yaml`, ...RULES, "--format", "json"], { env }));
      strictEqual(find(matrix, "ca-bundle-path-not-mounted", "env[0]").fingerprint, find(single, "ca-bundle-path-not-mounted", "env[0]").fingerprint);
      notStrictEqual(find(matrix, "trust-store-shadowed", "mountPath").fingerprint, find(single, "trust-store-shadowed", "mountPath").fingerprint);
      const prints = matrix.findings.map((f) => f.fingerprint);
      strictEqual(new Set(prints).size, prints.length, "fingerprints are unique");
      // The values line comes from the render's own file.
      deepStrictEqual(
        find(matrix, "trust-store-shadowed", "mountPath").related.filter((r) => r.message.startsWith("the value")).map((r) => `${r.location.file}:${r.location.line}`),
        [`${DIR}/values/prod.yaml:2`],
      );
    });

    it("names the renders in SARIF result properties", async () => {
      const run = await runCli([CHART, ...MATRIX, ...RULES, "--format", "sarif"], { env });
      assertValidSarif(run.stdout);
      const results = (JSON.parse(run.stdout) as { runs: { results: { properties?: { renders?: string[] } }[] }[] }).runs[0]!.results;
      const renders = results.map((r) => r.properties?.renders?.join(",")).sort();
      deepStrictEqual(renders, ["prod", "prod", "prod,renamed-key,clean", "renamed-key"]);
    });

    it("reads renders: from .trustlint.yaml (paths relative to it), and --values-set replaces them", async () => {
      const fromConfig = jsonReport(await runCli([CHART, "--config", `${DIR}/matrix.trustlint.yaml`, ...RULES, "--format", "json"], { env }));
      deepStrictEqual([...new Set(fromConfig.findings.flatMap((f) => f.renders))].sort(), ["prod", "renamed-key"]);
      strictEqual(find(fromConfig, "ca-bundle-path-not-mounted", "env[0]").renders.join(","), "prod,renamed-key");
      const replaced = jsonReport(await runCli([CHART, "--config", `${DIR}/matrix.trustlint.yaml`, "--values-set", `clean=${DIR}/values/clean.yaml`, ...RULES, "--format", "json"], { env }));
      deepStrictEqual(byRender(replaced), ["ca-bundle-path-not-mounted api spec.template.spec.containers[0].env[0] [clean]"]);
    });

    it("reads other targets once and counts their findings in every render", async () => {
      const run = await runCli([CHART, `${DIR}/extra.yaml`, ...MATRIX, ...RULES, "--format", "json"], { env });
      const debug = jsonReport(run).findings.filter((f) => f.object.name === "debug");
      deepStrictEqual(debug.map((f) => f.renders.join(",")), ["prod,renamed-key,clean"]);
    });

    it("names the render whose helm template fails", async () => {
      const run = await runCli([CHART, "--values-set", `broken=${DIR}/values/missing.yaml`, ...RULES], { env });
      strictEqual(run.code, 2);
      match(run.stderr, /render "broken": helm template failed/);
    });
  });
}

describe("render matrix: mistakes", () => {
  it("rejects a malformed --values-set and a render name used twice, in the config with its line", async () => {
    const bad = await runCli([CHART, "--values-set", "no-equals-sign"]);
    strictEqual(bad.code, 2);
    match(bad.stderr, /--values-set needs NAME=FILE/);
    const twice = await runCli([CHART, "--values-set", "a=x.yaml", "--values-set", "a=y.yaml"]);
    match(twice.stderr, /--values-set names render "a" twice/);
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, ".trustlint.yaml"), "renders:\n  - name: a\n  - name: a\n");
      const run = await runCli([join(ROOT, CHART), "--config", ".trustlint.yaml"], { cwd: dir });
      strictEqual(run.code, 2);
      match(run.stderr, /\.trustlint\.yaml:3: invalid config: render name "a" is used twice/);
      writeFileSync(join(dir, ".trustlint.yaml"), "renders:\n  - name: has space\n");
      match((await runCli([join(ROOT, CHART), "--config", ".trustlint.yaml"], { cwd: dir })).stderr, /invalid config: renders\.0\.name/);
    } finally {
      cleanup();
    }
  });

  it("warns and lints once when renders are given but no target is a chart", async () => {
    const run = await runCli([`${DIR}/extra.yaml`, "--values-set", "a=x.yaml", ...RULES, "--format", "json"]);
    const report = jsonReport(run);
    deepStrictEqual(report.findings.map((f) => f.renders), [[]]);
    match(report.warnings.map((w) => w.message).join("\n"), /apply to Helm charts, and no target is a chart/);
  });
});
