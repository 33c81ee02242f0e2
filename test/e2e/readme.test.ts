import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { RULES } from "../../rules";
import { loadConfig } from "../../src/config/config";
import { configureRules } from "../../src/engine/configure";
import { jsonReport, runCli, scratch } from "../support/cli";
import { ROOT, assertToolsPresent } from "../support/tools";

/**
 * What README.md shows as output or as working input is what trustlint does. (The rule READMEs'
 * Bad and Good examples are run by test/unit/readme-examples.test.ts.)
 */
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The n-th ```lang block after the heading (a line that starts with it). */
function block(heading: string, lang: string, n = 0): string {
  const at = README.search(new RegExp(`^${heading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m"));
  ok(at >= 0, `README has no heading ${heading}`);
  const blocks = [...README.slice(at).matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```", "gm"))];
  ok(blocks[n], `README has no ${lang} block ${n} under ${heading}`);
  return blocks[n][1]!;
}

type Json = Record<string, unknown>;

before(() => assertToolsPresent());

describe("README.md examples", function () {
  this.timeout(120_000);

  it("quick start: `npm run example` lints the example chart and exits 1 (broken on purpose)", async () => {
    const script = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.example!;
    match(block("# trustlint", "bash"), /npm ci && npm run example /);
    strictEqual(script.split(" && ").at(-1), "node dist/trustlint.cjs examples/external-dns");
    const run = await runCli(["examples/external-dns"], { bundle: true });
    strictEqual(run.code, 1, run.stderr);
    match(run.stdout, /^examples\/external-dns\/templates\/deployment\.yaml$/m);
  });

  it("JSON output: every field shown is what `trustlint examples/external-dns --format json` prints", async () => {
    const shown = JSON.parse(block("### JSON output", "json")) as Json & { findings: Json[] };
    const run = await runCli(["examples/external-dns", "--format", "json"]);
    strictEqual(run.code, 1, run.stderr);
    const real = jsonReport(run) as unknown as Json & { findings: Json[] };
    for (const key of ["formatVersion", "config", "summary", "warnings"]) deepStrictEqual(real[key], shown[key], key);
    deepStrictEqual((real.tool as Json).name, (shown.tool as Json).name);
    strictEqual(shown.findings.length, 1);
    const want = shown.findings[0]!;
    const got = real.findings.find((f) => f.ruleId === want.ruleId && f.path === want.path);
    ok(got, `no ${String(want.ruleId)} finding at ${String(want.path)}`);
    for (const [key, value] of Object.entries(want)) {
      if (key === "message" || key === "fix") {
        // "..." marks where the README shortens the text.
        ok(String(got[key]).startsWith(String(value).replace(/ \.\.\.$/, "")), `${key}: "${String(got[key])}" does not start like the README's`);
      } else if (key === "related") {
        for (const r of value as Json[]) ok((got.related as Json[]).some((g) => JSON.stringify(g) === JSON.stringify(r)), `related location not in the real output: ${JSON.stringify(r)}`);
      } else {
        deepStrictEqual(got[key], value, key);
      }
    }
  });

  it("Configuration: the example .trustlint.yaml is valid, rule options included", () => {
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, ".trustlint.yaml"), block("## Configuration", "yaml"));
      const config = loadConfig(join(dir, ".trustlint.yaml"), ".trustlint.yaml");
      deepStrictEqual([...config.rules.keys()], ["trust-store-shadowed", "ca-bundle-path-not-mounted"]);
      const configured = configureRules(RULES, config);
      deepStrictEqual(configured.find((c) => c.rule.meta.id === "ca-bundle-path-not-mounted")?.options.imagePaths, ["/opt/app/certs/bundle.pem"]);
      strictEqual(configured.find((c) => c.rule.meta.id === "trust-store-shadowed")?.severity, "error");
    } finally {
      cleanup();
    }
  });

  describe("Suppressing in the manifest: both forms suppress the finding, with the reason", () => {
    const deployment = (metadata: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: external-dns
${metadata}spec:
  selector: {matchLabels: {app: external-dns}}
  template:
    metadata: {labels: {app: external-dns}}
    spec:
      containers:
        - name: external-dns
          image: registry.k8s.io/external-dns/external-dns:v0.14.2
          volumeMounts: [{name: corp-ca, mountPath: /etc/ssl/certs}]
      volumes: [{name: corp-ca, configMap: {name: corp-ca}}]
`;
    const lint = async (yaml: string) => {
      const { dir, cleanup } = scratch();
      try {
        writeFileSync(join(dir, "deploy.yaml"), yaml);
        const run = await runCli(["deploy.yaml", "--format", "json", "--rule", "trust-store-shadowed", "--fail-level", "warning"], { cwd: dir });
        return { code: run.code, report: jsonReport(run) };
      } finally {
        cleanup();
      }
    };

    it("unsuppressed, the manifest gives the finding (so the two cases below mean something)", async () => {
      const { code, report } = await lint(deployment(""));
      strictEqual(code, 1);
      deepStrictEqual(report.findings.map((f) => [f.ruleId, f.suppressed]), [["trust-store-shadowed", false]]);
    });

    it("the annotation", async () => {
      const annotations = (parseYaml(block("### Suppressing in the manifest", "yaml", 0)) as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
      const lines = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join("");
      const { code, report } = await lint(deployment(`  annotations:\n${lines}`));
      strictEqual(code, 0);
      deepStrictEqual(report.findings.map((f) => [f.ruleId, f.suppressed]), [["trust-store-shadowed", true]]);
      match(JSON.stringify(report.findings[0]), /mounted ConfigMap is a trust-manager bundle/);
    });

    it("the comment above the object", async () => {
      const comment = block("### Suppressing in the manifest", "yaml", 1).split("\n")[0]!;
      match(comment, /^# trustlint:ignore /);
      const { code, report } = await lint(`${comment}\n${deployment("")}`);
      strictEqual(code, 0);
      deepStrictEqual(report.findings.map((f) => [f.ruleId, f.suppressed]), [["trust-store-shadowed", true]]);
      match(JSON.stringify(report.findings[0]), /the mounted ConfigMap is a trust-manager bundle/);
    });
  });
});
