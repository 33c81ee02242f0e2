import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../../src/cli/main";
import { jsonReport, runCli, scratch, summarise } from "../support/cli";
import { assertSchemaValid } from "../support/sarif";
import { HELMS, assertToolsPresent } from "../support/tools";
import { writeTree } from "../support/tree";
import { REPOSITORY } from "../support/issue-repository";

/**
 * `trustlint .` on a repository: every chart, top-level kustomization and manifest directory is
 * found and linted on its own, a target that fails is reported while the others' findings and
 * every output file are still written, and the run exits 2.
 */

before(() => assertToolsPresent());

describe("a repository as the target", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch("trustlint-repo-"));
    writeTree(dir, REPOSITORY);
  });
  after(() => cleanup());

  it("--list-targets lists the roots with their kinds: no base, subchart, CI file, node_modules or excluded path", async () => {
    const run = await runCli(["--list-targets", "."], { cwd: dir });
    strictEqual(run.code, 0, run.stderr);
    strictEqual(
      run.stdout,
      [
        "chart      charts/broken",
        "chart      charts/needs-values",
        "chart      charts/web",
        "kustomize  deploy/overlays/prod",
        "kustomize  deploy/overlays/staging",
        "manifests  manifests",
        "             manifests/cm.yaml",
        "             manifests/svc.json",
        "",
      ].join("\n"),
    );
    // --exclude adds to the config's exclude:
    const fewer = await runCli(["--list-targets", ".", "--exclude", "charts/**", "--exclude", `${dir}/deploy/overlays/staging`], { cwd: dir });
    strictEqual(fewer.stdout, ["kustomize  deploy/overlays/prod", "manifests  manifests", "             manifests/cm.yaml", "             manifests/svc.json", ""].join("\n"));
  });

  for (const helm of HELMS) {
    it(`${helm.name}: trustlint . lints every root, reports the failing chart, still writes SARIF and JSON, exits 2`, async () => {
      const run = await runCli([".", "--format", "sarif", "--output", "out/trustlint.sarif", "--format", "json", "--output", "out/trustlint.json", "--format", "stylish"], { cwd: dir, env: { HELM_BIN: helm.bin } });
      strictEqual(run.code, 2, run.stderr);
      strictEqual(run.stderr, "trustlint: charts/broken: helm template failed: execution error at (broken/templates/fail.yaml:1:3): this chart is broken on purpose\n");
      const report = JSON.parse(readFileSync(join(dir, "out/trustlint.json"), "utf8")) as ReturnType<typeof jsonReport> & { errors: unknown[] };
      deepStrictEqual(report.errors, [{ target: "charts/broken", stage: "render", message: "helm template failed: execution error at (broken/templates/fail.yaml:1:3): this chart is broken on purpose" }]);
      deepStrictEqual(summarise(report), [
        "ca-bundle-path-not-mounted Deployment/default/needs charts/needs-values/templates/deployment.yaml:12",
        "ca-bundle-path-not-mounted Deployment/default/web charts/web/templates/deployment.yaml:12",
        "ca-bundle-path-not-mounted Deployment/default/prod-api deploy/base/deployment.yaml:12",
        "ca-bundle-path-not-mounted Deployment/default/staging-api deploy/base/deployment.yaml:12",
      ]);
      deepStrictEqual(report.findings[0]!.renders, ["ci-prod-values.yaml"]);
      // web (Deployment, subchart ConfigMap, CRD) 3 + needs-values 1 + two overlays 2 + manifests 2.
      strictEqual(report.summary.objects, 8);
      const sarifText = readFileSync(join(dir, "out/trustlint.sarif"), "utf8");
      const sarifDoc: unknown = JSON.parse(sarifText);
      assertSchemaValid(sarifDoc);
      const sarif = sarifDoc as { runs: { results: unknown[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
      strictEqual(sarif.runs[0]!.results.length, 4);
      strictEqual(sarif.runs[0]!.invocations[0]!.executionSuccessful, false);
      deepStrictEqual(
        sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => [n.level, n.message.text]),
        [["error", "charts/broken: helm template failed: execution error at (broken/templates/fail.yaml:1:3): this chart is broken on purpose"]],
      );
      match(run.stdout, /✖ 4 problems \(4 errors, 0 warnings, 0 info\)/);
    });
  }

  it("when no target can be linted, no report file is written (an empty SARIF would close every alert)", async () => {
    const run = await runCli(["charts/broken", "--format", "sarif", "--output", "out/broken-only.sarif"], { cwd: dir });
    strictEqual(run.code, 2);
    strictEqual(run.stdout, "");
    match(run.stderr, /^trustlint: charts\/broken: helm template failed: execution error at \(broken\/templates\/fail\.yaml:1:3\): this chart is broken on purpose\n$/);
    ok(!existsSync(join(dir, "out/broken-only.sarif")));
  });

  it("without discover.valuesFiles a chart renders with its defaults only (the chart that needs values fails too)", async () => {
    const run = await runCli([".", "--config", "none.yaml", "--format", "json"], { cwd: dir });
    strictEqual(run.code, 2);
    const report = jsonReport(run) as ReturnType<typeof jsonReport> & { errors: { target: string }[] };
    deepStrictEqual(report.errors.map((e) => e.target), ["charts/broken", "charts/needs-values"]);
    // vendor/ is no longer excluded (no config): its manifest is linted as plain YAML.
    ok(summarise(report).includes("ca-bundle-path-not-mounted Deployment/default/vendor vendor/deployment.yaml:12"));
  });
  before(() => writeFileSync(join(dir, "none.yaml"), "{}\n"));

  it("-V and --version alone print trustlint's version; --version with a target is the chart version, never a silent exit 0", async () => {
    for (const argv of [["--version"], ["-V"], ["--version", "--debug"]]) {
      const run = await runCli(argv);
      strictEqual(run.stdout, `${VERSION}\n`, argv.join(" "));
      strictEqual(run.code, 0);
    }
    const withTarget = await runCli(["-V", "manifests"], { cwd: dir });
    strictEqual(withTarget.code, 2);
    match(withTarget.stderr, /^trustlint: -V prints trustlint's version and lints nothing, but targets were given \(manifests\)/);
    // `trustlint local/external-dns --version 0.1.0` pulls version 0.1.0 of a chart: here no such repository exists.
    const chartVersion = await runCli(["local/external-dns", "--version", "0.1.0", "--format", "json"], { cwd: dir, env: { HELM_REPOSITORY_CONFIG: join(dir, "none.yaml") } });
    strictEqual(chartVersion.code, 2);
    strictEqual(chartVersion.stdout, "");
    match(chartVersion.stderr, /^trustlint: local\/external-dns: no such file or directory \(and Helm has no repository "local" to pull it from: add one with `helm repo add`, or give --repo URL\)\n$/);
    // `--version` followed by a target is also the chart version: no target remains, which is an error.
    const swallowed = await runCli(["--version", "manifests"], { cwd: dir });
    strictEqual(swallowed.code, 2);
    match(swallowed.stderr, /no target given/);
  });
});
