import { deepStrictEqual, doesNotMatch, ok, strictEqual } from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch, summarise } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { HELMS } from "../support/tools";

/**
 * Issue 10: a repository (its charts, values, `.trustlint.yaml` and file names) tries to attack
 * the machine that lints it. Each class is reproduced on the real CLI and must end safely.
 */

const CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: innocent\ndata:\n  a: b\n";

/** A chart whose ConfigMap shows the release name, namespace and value `a` it was rendered with. */
function writeEchoChart(dir: string): void {
  mkdirSync(join(dir, "templates"), { recursive: true });
  writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: echo\nversion: 1.0.0\n");
  writeFileSync(join(dir, "values.yaml"), "a: default\n");
  writeFileSync(
    join(dir, "templates", "cm.yaml"),
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n  namespace: {{ .Release.Namespace }}\ndata:\n  a: {{ .Values.a | quote }}\n",
  );
}

describe("issue 10 class 2: file names, values and release names never become options", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    writeFileSync(join(dir, "evil.sh"), `touch ${JSON.stringify(join(dir, "pwned"))}\n`);
    for (const name of ["--kustomize-cmd=sh evil.sh x.yaml", "--output=owned.yaml", "--config=x.yaml"]) writeFileSync(join(dir, name), CONFIGMAP);
    mkdirSync(join(dir, "kust"));
    writeFileSync(join(dir, "kust", "kustomization.yaml"), "resources: [cm.yaml]\n");
    writeFileSync(join(dir, "kust", "cm.yaml"), CONFIGMAP.replace("innocent", "built"));
    writeEchoChart(join(dir, "chart"));
  });
  after(() => cleanup());

  it("after --, targets named like options are files: linted, no command run, no file written", async () => {
    const run = await runCli(["--format", "json", "--", "--kustomize-cmd=sh evil.sh x.yaml", "--output=owned.yaml", "--config=x.yaml", "kust"], { cwd: dir });
    strictEqual(run.code, 0, run.stderr);
    deepStrictEqual(jsonReport(run).summary.objects, 4);
    ok(!existsSync(join(dir, "pwned")), "a kustomize command named by a file must not run");
    ok(!existsSync(join(dir, "owned.yaml")), "no report goes to a file named by a file");
  });

  it("--pre-commit without -- before the file names is refused before anything runs", async () => {
    const run = await runCli(["--pre-commit", "--kustomize-cmd=sh evil.sh x.yaml", "kust/kustomization.yaml"], { cwd: dir });
    assertOneLineError(run, /^trustlint: --pre-commit needs -- before the file names \(end the hook's args with --\), so that no file name is read as an option$/);
    ok(!existsSync(join(dir, "pwned")));
  });

  it("--pre-commit lints each root of the file names after --, whatever they look like", async () => {
    const run = await runCli(["--pre-commit", "--format", "github", "--", "--kustomize-cmd=sh evil.sh x.yaml", "kust/cm.yaml", "--output=owned.yaml"], { cwd: dir });
    strictEqual(run.code, 0, run.stderr);
    deepStrictEqual([...run.stdout.matchAll(/^trustlint: (.+)$/gm)].map((m) => m[1]), ["kust (Kustomize)", ". (manifests)"]);
    ok(!existsSync(join(dir, "pwned")));
    ok(!existsSync(join(dir, "owned.yaml")));
  });

  for (const h of HELMS) {
    it(`${h.name}: values paths, --set values and namespaces that look like flags reach Helm as values`, async () => {
      writeFileSync(join(dir, "--show-only=x.yaml"), "a: from-dash-file\n");
      const run = await runCli(["chart", "--values=--show-only=x.yaml", "--namespace=--debug", "--format", "json", "--fail-level", "none"], { cwd: dir, env: { HELM_BIN: h.bin } });
      strictEqual(run.code, 0, run.stderr);
      deepStrictEqual(summarise(jsonReport(run)), []);
      strictEqual(jsonReport(run).summary.objects, 1);
      const set = await runCli(["chart", "--set=a=--kube-version=1.0.0", "--format", "json"], { cwd: dir, env: { HELM_BIN: h.bin } });
      strictEqual(set.code, 0, set.stderr);
      doesNotMatch(set.stderr, /Error/);
    });

    it(`${h.name}: a release name that starts with - is exit 2, never a Helm flag`, async () => {
      assertOneLineError(
        await runCli(["chart", "--release-name=--post-renderer=sh"], { cwd: dir, env: { HELM_BIN: h.bin } }),
        /^trustlint: the release name must not start with "-" \(got "--post-renderer=sh"\)$/,
      );
    });
  }

  it("--post-renderer refuses --version, --help and --list-rules (its stdout is installed)", async () => {
    for (const flag of ["--version", "--help", "--list-rules"]) {
      const run = await runCli(["--post-renderer", flag], { input: CONFIGMAP });
      assertOneLineError(run, new RegExp(`^trustlint: --post-renderer cannot be combined with ${flag}: the install gate's standard output is what Helm installs$`));
    }
  });
});
