import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { jsonReport, runCli, scratch, summarise } from "../support/cli";
import type { JsonReport } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { HELMS, ROOT, TOOLS, assertToolsPresent } from "../support/tools";

const EXAMPLE = "examples/external-dns";
const FOUNDATION_RULES = ["--rule", "trust-store-shadowed", "--rule", "ca-bundle-path-not-mounted"];
const DEPLOYMENT = "Deployment/default/release-name-external-dns";

/** The example chart's findings: rule, object, template file and template line. */
const EXAMPLE_FINDINGS = [
  `ca-bundle-path-not-mounted ${DEPLOYMENT} ${EXAMPLE}/templates/deployment.yaml:26`,
  // The env item comes from `{{- toYaml . | nindent 12 }}` on line 30 (values.yaml is a related location).
  `ca-bundle-path-not-mounted ${DEPLOYMENT} ${EXAMPLE}/templates/deployment.yaml:30`,
  `trust-store-shadowed ${DEPLOYMENT} ${EXAMPLE}/templates/deployment.yaml:34`,
];

/** Rule and object of each finding, without locations: what must agree across input kinds. */
function rulesAndObjects(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.namespace ?? ""}/${f.object.name} ${f.path}`).sort();
}

before(() => assertToolsPresent());

for (const helm of HELMS) {
  describe(`end to end: Helm chart on ${helm.name}`, () => {
    const env = { HELM_BIN: helm.bin };

    it("reports both foundation rules on the example chart's template lines, exit 1", async () => {
      const run = await runCli([EXAMPLE, ...FOUNDATION_RULES, "--format", "json"], { env });
      strictEqual(run.code, 1, run.stderr);
      const report = jsonReport(run);
      deepStrictEqual(summarise(report), EXAMPLE_FINDINGS);
      deepStrictEqual(report.findings.map((f) => f.location.method), ["key-search", "template-action", "key-search"]);
      strictEqual(report.summary.objects, 3);
    });

    it("writes SARIF that is schema-valid and GitHub-ingestible, with a finding of each rule on the template", async () => {
      const run = await runCli([EXAMPLE, "--format", "sarif"], { env });
      strictEqual(run.code, 1, run.stderr);
      const sarif = assertValidSarif(run.stdout);
      const results = sarif.runs[0]!.results;
      for (const rule of ["trust-store-shadowed", "ca-bundle-path-not-mounted"]) {
        const hit = results.find((r) => r.ruleId === rule);
        ok(hit, `no ${rule} result`);
        strictEqual(hit.locations?.[0]?.physicalLocation?.artifactLocation?.uri, `${EXAMPLE}/templates/deployment.yaml`);
      }
    });

    it("reaches the same findings through `helm template | trustlint -`", async () => {
      const direct = jsonReport(await runCli([EXAMPLE, ...FOUNDATION_RULES, "--format", "json"], { env }));
      const rendered = execFileSync(helm.bin, ["template", "release-name", join(ROOT, EXAMPLE), "--kube-version", "1.34.0"], { encoding: "utf8" });
      const piped = await runCli(["-", ...FOUNDATION_RULES, "--format", "json"], { env, input: rendered });
      strictEqual(piped.code, 1, piped.stderr);
      deepStrictEqual(rulesAndObjects(jsonReport(piped)), rulesAndObjects(direct));
    });

    it("reaches the same findings as a Kustomize overlay over the rendered output, at exact lines", async () => {
      const { dir, cleanup } = scratch();
      try {
        const rendered = execFileSync(helm.bin, ["template", "release-name", join(ROOT, EXAMPLE), "--kube-version", "1.34.0"], { encoding: "utf8" });
        writeFileSync(join(dir, "rendered.yaml"), rendered);
        writeFileSync(join(dir, "kustomization.yaml"), "resources:\n  - rendered.yaml\n");
        const direct = jsonReport(await runCli([EXAMPLE, ...FOUNDATION_RULES, "--format", "json"], { env }));
        const run = await runCli([dir, ...FOUNDATION_RULES, "--format", "json"], { env, cwd: dir });
        strictEqual(run.code, 1, run.stderr);
        const report = jsonReport(run);
        deepStrictEqual(rulesAndObjects(report), rulesAndObjects(direct));
        const lines = rendered.split("\n");
        for (const f of report.findings) {
          strictEqual(f.location.file, "rendered.yaml");
          strictEqual(f.location.method === "exact" || f.location.method === "ancestor", true);
          const text = lines[f.location.line - 1] ?? "";
          if (f.ruleId === "trust-store-shadowed") match(text, /mountPath: \/etc\/ssl\/certs/);
        }
      } finally {
        cleanup();
      }
    });

    it("includes the chart's CRDs", async () => {
      const run = await runCli(["test/fixtures/charts/with-crds", "--format", "json", "--release-name", "demo"], { env });
      strictEqual(run.code, 0, run.stderr);
      strictEqual(jsonReport(run).summary.objects, 2, "the ConfigMap and the CRD from crds/");
    });

    it("passes values, --set and the namespace through to helm template", async () => {
      const { dir, cleanup } = scratch();
      try {
        const values = join(dir, "fixed.yaml");
        writeFileSync(values, "caMountPath: /etc/custom-ca\nenv: []\nextraArgs: []\n");
        const run = await runCli([EXAMPLE, "-f", values, "--set", "provider=pdns", "-n", "dns", ...FOUNDATION_RULES, "--format", "json"], { env });
        strictEqual(run.code, 0, run.stderr);
        deepStrictEqual(jsonReport(run).findings, []);
        const withEnvNs = await runCli([EXAMPLE, ...FOUNDATION_RULES, "--format", "json"], { env: { ...env, HELM_NAMESPACE: "team-a" } });
        deepStrictEqual([...new Set(jsonReport(withEnvNs).findings.map((f) => f.object.namespace))], ["team-a"]);
      } finally {
        cleanup();
      }
    });
  });
}

describe("end to end: Kustomize with kubectl kustomize", () => {
  it("maps each finding to the base or patch file that wrote the key, exactly", async () => {
    const run = await runCli(["test/fixtures/kustomize/overlay", ...FOUNDATION_RULES, "--format", "json"]);
    strictEqual(run.code, 1, run.stderr);
    const report = jsonReport(run);
    deepStrictEqual(summarise(report), [
      "trust-store-shadowed Deployment/prod/prod-api test/fixtures/kustomize/base/deployment.yaml:21",
      "ca-bundle-path-not-mounted Deployment/prod/prod-api test/fixtures/kustomize/overlay/env-patch.yaml:11",
    ]);
    deepStrictEqual(report.findings.map((f) => `${f.location.column}:${f.location.method}`), ["15:exact", "15:exact"]);
    // The wrapper's origin annotation is removed before rules and reports see the objects.
    ok(!run.stdout.includes("config.kubernetes.io/origin"));
  });

  it("uses kubectl from PATH when no kustomize command is named", async () => {
    const { dir, cleanup } = scratch();
    try {
      mkdirSync(join(dir, "bin"));
      execFileSync("ln", ["-s", TOOLS.kubectl, join(dir, "bin", "kubectl")]);
      const run = await runCli(["test/fixtures/kustomize/overlay", ...FOUNDATION_RULES, "--format", "json"], {
        env: { TRUSTLINT_KUSTOMIZE: "", PATH: `${join(dir, "bin")}:/usr/local/bin:/bin` },
      });
      strictEqual(run.code, 1, run.stderr);
      strictEqual(jsonReport(run).findings.length, 2);
    } finally {
      cleanup();
    }
  });
});

describe("end to end: plain YAML, JSON, directories, globs and several targets", () => {
  it("lints a file, a v1 List in JSON and a directory in one run, at exact lines", async () => {
    const run = await runCli(["test/fixtures/plain/workloads.yaml", "test/fixtures/plain/list.json", ...FOUNDATION_RULES, "--format", "json"]);
    strictEqual(run.code, 1, run.stderr);
    deepStrictEqual(summarise(jsonReport(run)), [
      "trust-store-shadowed DaemonSet/kube-system/node-agent test/fixtures/plain/list.json:16",
      "ca-bundle-path-not-mounted Pod/tools/curl test/fixtures/plain/workloads.yaml:12",
    ]);
  });

  it("expands a directory and a glob to the same objects", async () => {
    const dir = jsonReport(await runCli(["test/fixtures/plain", ...FOUNDATION_RULES, "--format", "json"]));
    const glob = jsonReport(await runCli(["test/fixtures/plain/*.{yaml,json}", ...FOUNDATION_RULES, "--format", "json"]));
    deepStrictEqual(summarise(glob), summarise(dir));
    strictEqual(dir.summary.objects, 3);
  });

  it("writes SARIF to --output and stylish to the terminal in one run", async () => {
    const { dir, cleanup } = scratch();
    try {
      const out = join(dir, "nested", "trustlint.sarif");
      const run = await runCli(["test/fixtures/plain/workloads.yaml", "--format", "sarif", "--output", out, "--format", "stylish"], { env: { NO_COLOR: "1" } });
      strictEqual(run.code, 1, run.stderr);
      // The compact layout (issue 11): the finding's line, the object and field, the docs link as text.
      strictEqual(
        run.stdout,
        [
          "test/fixtures/plain/workloads.yaml",
          '  12:11  error    CURL_CA_BUNDLE=/ca/bundle.crt in container "curl" names a path no volume mount provides.  ca-bundle-path-not-mounted',
          "                  Pod/tools/curl spec.containers[0].env[0]",
          "                  docs: https://github.com/trustlint/trustlint/blob/main/rules/ca-bundle-path-not-mounted/README.md",
          "",
          "config: none",
          "✖ 1 problem (1 error, 0 warnings, 0 info) in 1 object (2 objects linted)",
          "",
        ].join("\n"),
      );
      ok(!run.stdout.includes("\u001b["), "no colour when stdout is not a TTY");
      const sarif = assertValidSarif(readFileSync(out, "utf8"));
      strictEqual(sarif.runs[0]!.results[0]!.locations![0]!.physicalLocation!.region!.startLine, 12);
    } finally {
      cleanup();
    }
  });

  it("writes GitHub workflow annotations", async () => {
    const run = await runCli(["test/fixtures/plain/workloads.yaml", "--format", "github", ...FOUNDATION_RULES]);
    strictEqual(run.code, 1);
    match(run.stdout, /^::error file=test\/fixtures\/plain\/workloads\.yaml,line=12,col=11,title=trustlint ca-bundle-path-not-mounted::CURL_CA_BUNDLE=\/ca\/bundle\.crt/m);
  });

  it("honours --fail-level", async () => {
    const target = ["test/fixtures/plain/list.json", ...FOUNDATION_RULES];
    // The node's own trust directory mounted over the image's is a warning: the node's bundle replaces the image's.
    strictEqual((await runCli([...target])).code, 0, "a warning does not fail at the default level");
    strictEqual((await runCli([...target, "--fail-level", "warning"])).code, 1, "but does at --fail-level warning");
    strictEqual((await runCli([...target, "--fail-level", "info"])).code, 1);
    strictEqual((await runCli(["test/fixtures/plain/workloads.yaml", "--fail-level", "none"])).code, 0);
  });

  it("runs the committed bundle the same way as the sources", async () => {
    const fromBundle = await runCli([EXAMPLE, ...FOUNDATION_RULES, "--format", "json"], { bundle: true });
    strictEqual(fromBundle.code, 1, fromBundle.stderr);
    deepStrictEqual(summarise(jsonReport(fromBundle)), EXAMPLE_FINDINGS);
  });
});
