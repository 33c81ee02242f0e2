import { deepStrictEqual, doesNotMatch, match, ok, strictEqual, throws } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { runCli } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { assertMultitoolClean, multitoolValidate } from "../support/sarif-multitool";
import { CLI_BUNDLE_FILES, HELMS, ROOT, assertToolsPresent } from "../support/tools";

const FIXTURES = join(ROOT, "test", "fixtures", "integrations");

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: { id?: string; uses?: string; if?: string; with?: Record<string, string> }[] }>;
}

const action = () => parseYaml(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;

before(() => assertToolsPresent());

describe("GitHub Action (action.yml)", () => {
  it("is a node20 JavaScript action on the committed bundle, with inputs for target, values, fail level and SARIF path", () => {
    const a = action();
    deepStrictEqual(a.runs, { using: "node20", main: "dist/action.cjs" });
    ok(existsSync(join(ROOT, a.runs.main)), "dist/action.cjs is committed");
    deepStrictEqual(Object.keys(a.inputs).sort(), ["args", "fail-level", "sarif-file", "target", "values"]);
    strictEqual(a.inputs["fail-level"]!.default, "error");
    strictEqual(a.inputs["sarif-file"]!.default, "trustlint.sarif");
    deepStrictEqual(Object.keys(a.outputs).sort(), ["exit-code", "findings", "sarif-file"]);
  });

  it("the example workflow (docs/) uses only the action's inputs and uploads its SARIF with upload-sarif", () => {
    const wf = parseYaml(readFileSync(join(ROOT, "docs", "github-code-scanning.yml"), "utf8")) as Workflow;
    strictEqual(wf.permissions["security-events"], "write");
    const steps = Object.values(wf.jobs)[0]!.steps;
    const lint = steps.find((s) => s.uses?.startsWith("trustlint/trustlint@"));
    ok(lint?.id, "the trustlint step has an id");
    const inputs = action().inputs;
    for (const key of Object.keys(lint.with ?? {})) ok(inputs[key], `example passes an input the action does not have: ${key}`);
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    ok(upload, "an upload-sarif step");
    strictEqual(upload.with?.sarif_file, `\${{ steps.${lint.id}.outputs.sarif-file }}`);
    match(upload.if ?? "", /!cancelled\(\)/);
    ok(steps.indexOf(upload) > steps.indexOf(lint));
  });
});

for (const h of HELMS) {
  describe(`GitHub Action bundle run on ${h.name}`, function () {
    this.timeout(120_000);
    let workspace: string;
    let bin: string;

    before(() => {
      workspace = mkdtempSync(join(tmpdir(), "trustlint-action-"));
      cpSync(join(FIXTURES, "web"), join(workspace, "charts", "web"), { recursive: true });
      bin = join(workspace, ".bin");
      mkdirSync(bin);
      // The runner's helm: GitHub-hosted runners have one on PATH.
      symlinkSync(h.bin, join(bin, "helm"));
    });
    after(() => rmSync(workspace, { recursive: true, force: true }));

    /** Runs dist/action.cjs as the Actions runner does: inputs as INPUT_<NAME>, outputs to GITHUB_OUTPUT. */
    function runAction(inputs: Record<string, string>) {
      const outputFile = join(workspace, ".github-output");
      writeFileSync(outputFile, "");
      const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: workspace, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_ACTIONS: "true" };
      for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      // The runner's working directory is the workspace, but SARIF paths must not depend on it.
      const r = spawnSync(process.execPath, [join(ROOT, "dist", "action.cjs")], { cwd: tmpdir(), env, encoding: "utf8" });
      if (r.error) throw r.error;
      const outputs = Object.fromEntries(readFileSync(outputFile, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs };
    }

    it("writes GitHub-ingestible SARIF on the template line, annotates, sets outputs and fails the step", () => {
      const r = runAction({
        target: "charts/web",
        values: "charts/web/values-broken.yaml",
        "fail-level": "error",
        "sarif-file": "reports/trustlint.sarif",
        args: `--rule ca-bundle-path-not-mounted --rule trust-store-shadowed --set "name=shop"`,
      });
      strictEqual(r.code, 1, r.stdout + r.stderr);
      deepStrictEqual(r.outputs, { "sarif-file": "reports/trustlint.sarif", findings: "1", "exit-code": "1" });
      match(r.stdout, /^::error file=charts\/web\/templates\/deployment\.yaml,line=24,col=15,title=trustlint ca-bundle-path-not-mounted::SSL_CERT_FILE=/m);
      match(r.stdout, /^::error title=trustlint::1 finding at or above the fail level \(error\)/m);
      match(r.stdout, /✖ 1 problem/);
      const text = readFileSync(join(workspace, "reports", "trustlint.sarif"), "utf8");
      const sarif = assertValidSarif(text, { root: workspace });
      const results = sarif.runs[0]!.results;
      strictEqual(results.length, 1);
      deepStrictEqual(results[0]!.locations?.[0]?.physicalLocation, { artifactLocation: { uri: "charts/web/templates/deployment.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 24, startColumn: 15, endLine: 24, endColumn: 34 } });
      match(results[0]!.message?.text ?? "", /release-name-shop|"web"/);
      assertMultitoolClean(text);
    });

    it("passes a clean chart: exit 0, zero findings, an empty SARIF run", () => {
      const r = runAction({ target: "charts/web", "sarif-file": "clean.sarif" });
      strictEqual(r.code, 0, r.stdout + r.stderr);
      deepStrictEqual(r.outputs, { "sarif-file": "clean.sarif", findings: "0", "exit-code": "0" });
      doesNotMatch(r.stdout, /^::error/m);
      const text = readFileSync(join(workspace, "clean.sarif"), "utf8");
      strictEqual(assertValidSarif(text, { root: workspace }).runs[0]!.results.length, 0);
      assertMultitoolClean(text);
    });

    it("reports a target that cannot be linted as an error annotation, with no SARIF to upload", () => {
      // A report left at the path by an earlier step is not this run's: it must not be uploaded.
      writeFileSync(join(workspace, "nope.sarif"), "{\"stale\": true}\n");
      const r = runAction({ target: "charts/nope", "sarif-file": "nope.sarif" });
      strictEqual(r.code, 2);
      deepStrictEqual(r.outputs, { "sarif-file": "", findings: "0", "exit-code": "2" });
      match(r.stdout, /^::error title=trustlint::charts\/nope: no such file or directory \(and Helm has no repository "charts" to pull it from: add one with `helm repo add`, or give --repo URL\)$/m);
      ok(!existsSync(join(workspace, "nope.sarif")));
    });

    it("rejects inputs it cannot split", () => {
      const r = runAction({ target: "charts/web", args: `--set "name=shop` });
      strictEqual(r.code, 2);
      match(r.stdout, /^::error title=trustlint::the `args` input has an unclosed " quote$/m);
    });
  });
}

describe("SARIF against GitHub's ingestion rules and Microsoft's validator (Sarif;Gh)", function () {
  this.timeout(180_000);

  it("the example chart's SARIF", async () => {
    const run = await runCli(["examples/external-dns", "--format", "sarif"]);
    strictEqual(run.code, 1, run.stderr);
    const sarif = assertValidSarif(run.stdout, { root: ROOT });
    ok(sarif.runs[0]!.results.length >= 3);
    assertMultitoolClean(run.stdout);
  });

  it("a fixture with related locations, an in-source suppression and a config suppression", async () => {
    const run = await runCli(["test/fixtures/integrations/sarif", "--format", "sarif"]);
    const sarif = assertValidSarif(run.stdout, { root: ROOT });
    const results = sarif.runs[0]!.results;
    const related = results.filter((r) => r.relatedLocations?.length);
    ok(related.length > 0, "some result has related locations");
    for (const r of related) for (const l of r.relatedLocations!) strictEqual(l.physicalLocation?.artifactLocation?.uri, "test/fixtures/integrations/sarif/manifests.yaml");
    const suppressions = results.flatMap((r) => r.suppressions ?? []);
    deepStrictEqual(suppressions.map((s) => s.kind).sort(), ["external", "inSource"]);
    match(suppressions.find((s) => s.kind === "inSource")?.justification ?? "", /only calls the internal billing API/);
    match(suppressions.find((s) => s.kind === "external")?.justification ?? "", /being retired.*\.trustlint\.yaml:2/);
    assertMultitoolClean(run.stdout);
  });

  it("the bundle carries every rule's help: a copy with no rules/ beside it gives each README as help.markdown", async () => {
    // The help is embedded at build time (src/report/rule-help.generated.ts); the reporter reads no file.
    const dir = mkdtempSync(join(tmpdir(), "trustlint-help-"));
    try {
      mkdirSync(join(dir, "dist"));
      for (const f of CLI_BUNDLE_FILES) cpSync(join(ROOT, "dist", f), join(dir, "dist", f));
      const run = await runCli(["examples/external-dns", "--format", "sarif"], { entry: join(dir, "dist", "trustlint.cjs") });
      strictEqual(run.code, 1, run.stderr);
      const rules = (JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; help: { markdown: string } }[] } } }[] }).runs[0]!.tool.driver.rules;
      ok(rules.length >= 20, `the rules table lists every rule that ran (${rules.length})`);
      for (const r of rules) strictEqual(r.help.markdown, readFileSync(join(ROOT, "rules", r.id, "README.md"), "utf8"), `help of ${r.id}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the checks fail on SARIF that GitHub would reject (so a pass means something)", async () => {
    const run = await runCli(["examples/external-dns", "--format", "sarif"]);
    const doc = JSON.parse(run.stdout) as { runs: { results: { locations: unknown[] }[]; tool: { driver: { rules: { fullDescription?: unknown }[] } } }[] };
    doc.runs[0]!.results[0]!.locations = [];
    delete doc.runs[0]!.tool.driver.rules[0]!.fullDescription;
    const broken = JSON.stringify(doc);
    throws(() => assertValidSarif(broken), (err: Error) => /no locations/.test(err.message) && /fullDescription/.test(err.message));
    const errors = multitoolValidate(broken).filter((r) => r.level === "error").map((r) => r.ruleId);
    ok(errors.includes("GH1015") && errors.includes("GH2012"), `multitool errors: ${errors.join(", ")}`);
  });

  it("GitHub does not show results on missing or symlinked paths: the root option catches both", async () => {
    const run = await runCli(["examples/external-dns", "--format", "sarif"]);
    const dir = mkdtempSync(join(tmpdir(), "trustlint-sarif-root-"));
    try {
      throws(() => assertValidSarif(run.stdout, { root: dir }), /names no file in the repository/);
      symlinkSync(join(ROOT, "examples"), join(dir, "examples"));
      throws(() => assertValidSarif(run.stdout, { root: dir }), /goes through a symlink/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
