import { ok, strictEqual } from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, scratch } from "../support/cli";
import type { CliRun } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { HELMS, ROOT, assertToolsPresent } from "../support/tools";

/**
 * No value from a Secret's data or stringData, however it reaches trustlint (values, --set,
 * --set-file, -f, a List, a secretGenerator literal, file or env file, an alias, a duplicate key)
 * appears in any output format, message, related location, warning, debug line or error line.
 * Every such value in test/fixtures/hygiene contains "CANARY"; a leak in clear or base64 fails.
 */

before(() => assertToolsPresent());

const FIXTURES = "test/fixtures/hygiene";

/** The base64 characters that "CANARY" fixes on its own when it starts `offset` bytes into a value. */
function base64Of(word: string, offset: number): string {
  const b64 = Buffer.from(`${"x".repeat(offset)}${word}xxx`).toString("base64");
  let out = "";
  for (let i = 0; i < b64.length; i++) {
    const first = Math.floor((6 * i) / 8);
    const last = Math.floor((6 * i + 5) / 8);
    if (first >= offset && last < offset + word.length) out += b64[i];
  }
  return out;
}

/** "CANARY" itself, and its base64 at each of the three alignments a longer string can put it in. */
const NEEDLES = ["CANARY", ...[0, 1, 2].map((offset) => base64Of("CANARY", offset))];

function assertNoCanary(where: string, text: string): void {
  for (const needle of NEEDLES) ok(!text.includes(needle), `${where} leaks a Secret value (found ${needle}):\n${text}`);
}

/**
 * Lints `target` (from the repository root, so that SARIF URIs are relative) once with every
 * format (three to files in `outDir`, stylish to stdout) and --debug; checks all of it.
 */
async function lintEverywhere(target: string, args: string[], options: { outDir: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const out = (name: string) => join(options.outDir, `report.${name}`);
  const run = await runCli([target, ...args, "--debug", "--format", "json", "--output", out("json"), "--format", "sarif", "--output", out("sarif"), "--format", "github", "--output", out("github"), "--format", "stylish"], { env: options.env });
  assertNoCanary("stdout", run.stdout);
  assertNoCanary("stderr", run.stderr);
  for (const name of ["json", "sarif", "github"]) assertNoCanary(`the ${name} report`, readFileSync(out(name), "utf8"));
  assertValidSarif(readFileSync(out("sarif"), "utf8"));
  return run;
}

/** The JSON report lists findings on, or related to, the objects that read the Secrets. */
function assertSecretsWereInPlay(dir: string, secretNames: string[]): void {
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { findings: { ruleId: string; related: { object: { kind: string; name: string } }[] }[] };
  const rules = new Set(report.findings.map((f) => f.ruleId));
  for (const id of ["ca-bundle-path-not-mounted", "cert-mounted-with-subpath"]) ok(rules.has(id), `expected a ${id} finding; got ${[...rules].join(", ")}`);
  const relatedSecrets = report.findings.flatMap((f) => f.related.filter((r) => r.object.kind === "Secret").map((r) => r.object.name));
  ok(secretNames.some((n) => relatedSecrets.includes(n)), `a finding relates to one of the Secrets ${secretNames.join(", ")}; related: ${relatedSecrets.join(", ")}`);
}

describe("secret hygiene: canaries in every place a Secret value can come from", () => {
  for (const helm of HELMS) {
    it(`${helm.name}: a chart fed by values.yaml, -f, --set and --set-file`, async () => {
      const { dir, cleanup } = scratch();
      try {
        writeFileSync(join(dir, "prod.yaml"), "caBundle: CANARY-F-VALUES-FILE-2024\n");
        writeFileSync(join(dir, "tls.key"), "CANARY-SET-FILE-KEY-6060\n");
        const run = await lintEverywhere(join(FIXTURES, "chart"), ["-f", join(dir, "prod.yaml"), "--set", "token=CANARY-SET-TOKEN-5150", "--set-file", `tlsKey=${join(dir, "tls.key")}`], { outDir: dir, env: { HELM_BIN: helm.bin } });
        strictEqual(run.code, 1, run.stderr);
        assertSecretsWereInPlay(dir, ["app-tls", "app-env"]);
      } finally {
        cleanup();
      }
    });
  }

  it("plain YAML: data, stringData, a List, an alias and a duplicate key", async () => {
    const { dir, cleanup } = scratch();
    try {
      const run = await lintEverywhere(join(FIXTURES, "plain"), [], { outDir: dir });
      strictEqual(run.code, 1, run.stderr);
      ok(/duplicate mapping key "password"/.test(run.stdout), "the duplicate key is named in the stylish warnings");
      assertSecretsWereInPlay(dir, ["plain-tls", "plain-env"]);
    } finally {
      cleanup();
    }
  });

  it("Kustomize: secretGenerator literals, files and env files, merged by an overlay", async () => {
    const { dir, cleanup } = scratch();
    try {
      const run = await lintEverywhere(join(FIXTURES, "kustomize", "overlay"), [], { outDir: dir });
      strictEqual(run.code, 1, run.stderr);
      const report = readFileSync(join(dir, "report.json"), "utf8");
      ok(report.includes("generated-"), "the generated Secret was linted");
    } finally {
      cleanup();
    }
  });

  it("standard input, the same Secrets as a rendered stream", async () => {
    const { dir, cleanup } = scratch();
    try {
      const input = readFileSync(join(ROOT, FIXTURES, "plain", "secrets.yaml"), "utf8") + "---\n" + readFileSync(join(ROOT, FIXTURES, "plain", "workload.yaml"), "utf8");
      const run = await runCli(["-", "--debug", "--format", "json"], { cwd: dir, input });
      strictEqual(run.code, 1, run.stderr);
      assertNoCanary("stdout", run.stdout);
      assertNoCanary("stderr", run.stderr);
    } finally {
      cleanup();
    }
  });

  describe("error lines never quote a Secret", () => {
    const secret = (field: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: broken}\nstringData:\n${field}\n`;
    const cases: [string, string][] = [
      ["an unknown alias", "  password: *CANARY-ALIAS-NAME"],
      ["a tag with characters a tag cannot have", "  password: !<CANARY^TAG> x"],
      ["an undeclared tag handle", "  password: !CANARY! x"],
      ["a value that breaks the mapping", "  password: CANARY-MAPPING: broken"],
      ["an unterminated quoted value", '  password: "CANARY-UNTERMINATED\n  other: x'],
      ["a bad indentation after the value", "  password: CANARY-INDENT\n bad: x"],
      ["a JSON Secret with a broken value", ""],
    ];
    for (const [name, field] of cases) {
      it(name, async () => {
        const input = field ? secret(field) : '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "j"}, "data": {"k": "CANARY-JSON" "x"}}\n';
        const run = await runCli(["-", "--debug"], { input });
        strictEqual(run.code, 2, `${run.stdout}\n${run.stderr}`);
        ok(/^trustlint: <stdin>:\d+(:\d+)?: /.test(run.stderr), run.stderr);
        assertNoCanary("stderr", run.stderr);
        assertNoCanary("stdout", run.stdout);
      });
    }

    it("a Helm render error inside a Secret template", async () => {
      const { dir, cleanup } = scratch();
      try {
        const chart = join(dir, "chart");
        cpSync(join(ROOT, FIXTURES, "chart"), chart, { recursive: true });
        writeFileSync(join(chart, "templates", "broken.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: broken}\nstringData:\n  password: {{ .Values.password }}: broken\n");
        for (const helm of HELMS) {
          const run = await runCli([chart, "--debug"], { cwd: dir, env: { HELM_BIN: helm.bin } });
          strictEqual(run.code, 2, run.stderr);
          ok(/helm template failed: YAML parse error on hygiene\/templates\/broken\.yaml/.test(run.stderr), run.stderr);
          assertNoCanary(`${helm.name} stderr`, run.stderr);
        }
      } finally {
        cleanup();
      }
    });

    it("a secretGenerator literal Kustomize cannot parse", async () => {
      const { dir, cleanup } = scratch();
      try {
        mkdirSync(join(dir, "k"));
        writeFileSync(join(dir, "k", "kustomization.yaml"), "secretGenerator:\n  - name: s\n    literals:\n      - password:CANARY-KUSTOMIZE-BAD-LITERAL\n");
        const run = await runCli(["k", "--debug"], { cwd: dir });
        strictEqual(run.code, 2, run.stderr);
        ok(/kustomize build failed: .*invalid literal source \(not shown: it may hold a Secret value\), expected key=value/.test(run.stderr), run.stderr);
        assertNoCanary("stderr", run.stderr);
      } finally {
        cleanup();
      }
    });
  });
});
