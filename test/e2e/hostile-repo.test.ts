import { deepStrictEqual, doesNotMatch, match, ok, strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch, summarise } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { assertSchemaValid } from "../support/sarif";
import { HELMS, ROOT, TOOLS } from "../support/tools";

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

/** Runner secrets as GitHub Actions sets them; none may reach helm, kustomize or kubectl. */
const RUNNER_SECRETS = {
  ACTIONS_RUNTIME_TOKEN: "canary-actions-runtime-token",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "canary-id-token",
  GITHUB_TOKEN: "canary-github-token",
  NPM_TOKEN: "canary-npm-token",
  DEPLOY_SECRET: "canary-deploy-secret",
  DB_PASSWORD: "canary-db-password",
  HELM_REPO_PASSWORD: "canary-helm-repo-password",
  AWS_SECRET_ACCESS_KEY: "canary-aws-secret",
};

/**
 * A wrapper that records the environment it was started with (one `NAME=value` per line, into
 * `envFile`) and then runs the real tool: what Helm or kustomize would see, on a real render.
 */
function envRecordingTool(dir: string, name: string, envFile: string, real: readonly string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh
env > ${JSON.stringify(envFile)}
exec ${real.map((a) => JSON.stringify(a)).join(" ")} "$@"
`);
  chmodSync(file, 0o755);
  return file;
}

function assertNoSecrets(envFile: string): void {
  const text = readFileSync(envFile, "utf8");
  for (const [name, value] of Object.entries(RUNNER_SECRETS)) {
    ok(!text.includes(value), `${name} reached the child:\n${text}`);
  }
  match(text, /^PATH=/m);
}

/** Runs dist/action.cjs as the Actions runner does (run `npm run build` first). */
function runAction(workspace: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const output = join(workspace, ".github-output");
  const summary = join(workspace, ".github-step-summary");
  writeFileSync(output, "");
  writeFileSync(summary, "");
  const full: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: workspace, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: "true", ...env };
  for (const [k, v] of Object.entries(inputs)) full[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [join(ROOT, "dist", "action.cjs")], { cwd: workspace, env: full, encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: readFileSync(output, "utf8"), summary: readFileSync(summary, "utf8") };
}

describe("issue 10 class 1: a repository's config reads no file outside it, no child sees a credential", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    writeFileSync(join(dir, "runner-secret.txt"), "canary-runner-file\n");
    mkdirSync(join(dir, "repo"));
    writeEchoChart(join(dir, "repo", "chart"));
    writeFileSync(join(dir, "repo", "chart", "prod.yaml"), "a: prod\n");
    symlinkSync(join(dir, "runner-secret.txt"), join(dir, "repo", "linked.txt"));
  });
  after(() => cleanup());

  const config = (render: string) => writeFileSync(join(dir, "repo", ".trustlint.yaml"), `renders:\n  - name: prod\n${render}`);

  for (const [what, render, line, key, file, why] of [
    ["an absolute setFile", "    setFile: [a=/etc/passwd]\n", 3, "setFile", "/etc/passwd", "is an absolute path"],
    ["a setFile that climbs out with ..", "    values: [chart/prod.yaml]\n    setFile: [a=chart/../../runner-secret.txt]\n", 4, "setFile", "chart/../../runner-secret.txt", "leaves the config's directory"],
    ["a values file behind a symlink out", "    values: [linked.txt]\n", 3, "values", "linked.txt", "is a symlink that leads out of the config's directory"],
  ] as const) {
    it(`${what} is exit 2 naming the key and the file`, async () => {
      config(render);
      assertOneLineError(
        await runCli(["chart"], { cwd: join(dir, "repo") }),
        new RegExp(`^trustlint: \\.trustlint\\.yaml:${line}: invalid config: renders\\[\\]\\.${key} "${file.replace(/[.]/g, "\\.")}" ${why}; config files may only name files in the directory tree that holds the config$`),
      );
    });
  }

  it("files inside the config's tree still render", async () => {
    config("    values: [chart/prod.yaml]\n    setFile: [b=chart/prod.yaml]\n");
    const run = await runCli(["chart", "--format", "json"], { cwd: join(dir, "repo") });
    strictEqual(run.code, 0, run.stderr);
    strictEqual(jsonReport(run).summary.objects, 1);
  });

  for (const h of HELMS) {
    it(`${h.name}: helm renders without the runner's tokens in its environment`, async () => {
      config("    values: [chart/prod.yaml]\n");
      const envFile = join(dir, `helm-env-${h.name.replace(/\W/g, "")}`);
      const helm = envRecordingTool(dir, `helm-${h.name.replace(/\W/g, "")}`, envFile, [h.bin]);
      const run = await runCli(["chart", "--format", "json"], { cwd: join(dir, "repo"), env: { HELM_BIN: helm, ...RUNNER_SECRETS } });
      strictEqual(run.code, 0, run.stderr);
      strictEqual(jsonReport(run).summary.objects, 1);
      assertNoSecrets(envFile);
    });
  }

  it("kustomize runs without the runner's tokens in its environment", async () => {
    mkdirSync(join(dir, "kust"), { recursive: true });
    writeFileSync(join(dir, "kust", "kustomization.yaml"), "resources: [cm.yaml]\n");
    writeFileSync(join(dir, "kust", "cm.yaml"), CONFIGMAP);
    const envFile = join(dir, "kustomize-env");
    const kustomize = envRecordingTool(dir, "kustomize-recording", envFile, [TOOLS.kubectl, "kustomize"]);
    const run = await runCli(["kust", "--format", "json", "--no-config", "--kustomize-cmd", kustomize], { cwd: dir, env: RUNNER_SECRETS });
    strictEqual(run.code, 0, run.stderr);
    assertNoSecrets(envFile);
  });

  for (const h of HELMS) {
    it(`${h.name}: the Action refuses a config that reads outside the workspace, and its helm sees no token`, () => {
      const workspace = join(dir, `ws-${h.name.replace(/\W/g, "")}`);
      mkdirSync(join(workspace, ".bin"), { recursive: true });
      writeEchoChart(join(workspace, "chart"));
      const envFile = join(workspace, "helm-env");
      envRecordingTool(join(workspace, ".bin"), "helm", envFile, [h.bin]);
      const env = { ...RUNNER_SECRETS, PATH: `${join(workspace, ".bin")}:${process.env.PATH ?? ""}` };
      writeFileSync(join(workspace, ".trustlint.yaml"), "renders:\n  - name: prod\n    setFile: [a=../runner-secret.txt]\n");
      const refused = runAction(workspace, { target: "chart" }, env);
      strictEqual(refused.code, 2, refused.stdout + refused.stderr);
      match(refused.stdout, /^::error title=trustlint::\.trustlint\.yaml:3: invalid config: renders\[\]\.setFile "\.\.\/runner-secret\.txt" leaves the config's directory; /m);
      ok(!existsSync(envFile), "helm must not run on a refused config");
      writeFileSync(join(workspace, ".trustlint.yaml"), "renders:\n  - name: prod\n    setFile: [a=chart/values.yaml]\n");
      const clean = runAction(workspace, { target: "chart" }, env);
      strictEqual(clean.code, 0, clean.stdout + clean.stderr);
      assertNoSecrets(envFile);
      ok(!/canary-/.test(readFileSync(envFile, "utf8")));
    });
  }
});

/**
 * A Pod whose container name and CA path carry an OSC title sequence, a colour sequence, a bidi
 * override and line breaks that would start forged workflow commands; ca-bundle-path-not-mounted
 * quotes both in its message.
 */
const FORGING_POD = [
  "apiVersion: v1",
  "kind: Pod",
  "metadata:",
  "  name: forge",
  "spec:",
  "  containers:",
  '    - name: "evil\\e]0;pwned\\a\\e[31m\\u202e\\n::error::forged-by-name"',
  "      image: curlimages/curl",
  "      env:",
  "        - name: CURL_CA_BUNDLE",
  '          value: "/ca/bundle.crt\\r\\n::add-mask::x\\n  ::stop-commands::tok"',
  "",
].join("\n");
const FORGED_NAME = "evil\u001b]0;pwned\u0007\u001b[31m\u202e\n::error::forged-by-name";

/** Every line that starts (after blanks) with `::` must be one of the github format's own annotations. */
function assertNoForgedCommand(text: string): void {
  for (const line of text.split(/\r?\n|\r/)) {
    if (/^\s*::/.test(line)) match(line, /^::(error|warning|notice) (file=[^:]+,line=\d+,col=\d+,)?title=trustlint [a-z-]+::[^\r\n]*$|^::error title=trustlint::/, `forged command line: ${JSON.stringify(line)}`);
  }
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/.test(text), `control character in ${JSON.stringify(text)}`);
}

describe("issue 10 class 4: input cannot drive the terminal or forge workflow commands", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    mkdirSync(join(dir, "hostile"));
    writeFileSync(join(dir, "hostile", "::warning::forged-by-file.yaml"), FORGING_POD);
    // At the top of the working directory, the file name opens stylish's file line.
    writeFileSync(join(dir, "::warning::forged-by-file.yaml"), FORGING_POD);
  });
  after(() => cleanup());

  it("stylish and github escape control characters and never start a line with :: from input", async () => {
    const run = await runCli([".", "--format", "stylish", "--format", "github"], { cwd: dir });
    strictEqual(run.code, 1, run.stderr);
    assertNoForgedCommand(run.stdout);
    // Shown escaped, so a reader still sees what the input holds.
    match(run.stdout, /^\\x3a:warning::forged-by-file\.yaml$/m);
    ok(run.stdout.includes(String.raw`in container "evil\x1b]0;pwned\x07\x1b[31m\u202e\n::error::forged-by-name"`), run.stdout);
    ok(run.stdout.includes(String.raw`/ca/bundle.crt\r\n::add-mask::x\n  ::stop-commands::tok`), run.stdout);
    match(run.stdout, /^::error file=hostile\/%3A%3Awarning%3A%3Aforged-by-file\.yaml,line=10,col=\d+,title=trustlint ca-bundle-path-not-mounted::/m);
  });

  it("github annotations without a file (stdin, issue 11) escape the message as well", async () => {
    const run = await runCli(["-", "--format", "github", "--format", "stylish"], { cwd: dir, input: FORGING_POD });
    strictEqual(run.code, 1, run.stderr);
    assertNoForgedCommand(run.stdout);
    match(run.stdout, /^::error title=trustlint ca-bundle-path-not-mounted::stdin:10:\d+: CURL_CA_BUNDLE=\/ca\/bundle\.crt\\r\\n::add-mask::x\\n {2}::stop-commands::tok /m);
  });

  it("JSON and SARIF stay exact", async () => {
    const run = await runCli(["hostile", "--format", "json"], { cwd: dir });
    const finding = jsonReport(run).findings[0]!;
    strictEqual(finding.location.file, "hostile/::warning::forged-by-file.yaml");
    ok(finding.message.includes(FORGED_NAME), finding.message);
    const sarif = JSON.parse((await runCli(["hostile", "--format", "sarif"], { cwd: dir })).stdout) as { runs: { results: { message: { text: string } }[] }[] };
    ok(sarif.runs[0]!.results[0]!.message.text.includes(FORGED_NAME));
  });

  it("errors and warnings on stderr are escaped, with --debug too", async () => {
    const target = "missing\u001b[2J\n::error::forged-by-error";
    for (const args of [[target], [target, "--debug"], ["hostile", "--format", "json", "--rule", "ca-bundle-path-not-mounted", "--", "also-missing\n::error::x"]]) {
      const run = await runCli(args, { cwd: dir });
      strictEqual(run.code, 2);
      assertNoForgedCommand(run.stderr);
      match(run.stderr, /^trustlint: (also-)?missing.*\\n::error::.*: no such file or directory$/m);
    }
  });

  for (const h of HELMS) {
    it(`${h.name}: the Action's log carries only its own workflow commands`, () => {
      const workspace = join(dir, `ws-${h.name.replace(/\W/g, "")}`);
      mkdirSync(join(workspace, "manifests"), { recursive: true });
      writeFileSync(join(workspace, "manifests", "::warning::forged-by-file.yaml"), FORGING_POD);
      writeEchoChart(join(workspace, "chart"));
      mkdirSync(join(workspace, ".bin"));
      symlinkSync(h.bin, join(workspace, ".bin", "helm"));
      const r = runAction(workspace, { target: "manifests chart" }, { PATH: `${join(workspace, ".bin")}:${process.env.PATH ?? ""}` });
      strictEqual(r.code, 1, r.stdout + r.stderr);
      assertNoForgedCommand(r.stdout);
      assertNoForgedCommand(r.stderr);
      match(r.stdout, /^::error file=manifests\/%3A%3Awarning%3A%3Aforged-by-file\.yaml,line=10,/m);
      match(r.stdout, /^::error title=trustlint::1 finding at or above the fail level/m);
      const missing = runAction(workspace, { target: "nope", args: "--set 'a=b'" }, { PATH: `${join(workspace, ".bin")}:${process.env.PATH ?? ""}` });
      strictEqual(missing.code, 2);
      assertNoForgedCommand(missing.stdout);
    });
  }
});

describe("issue 10 class 5: report files are never written through a symlink", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    mkdirSync(join(dir, "repo"));
    writeFileSync(join(dir, "repo", "pod.yaml"), FORGING_POD.replace(/evil[^"]*/, "app"));
  });
  after(() => cleanup());

  it("--output over a planted symlink replaces the link and leaves its target alone", async () => {
    const victim = join(dir, "bashrc");
    writeFileSync(victim, "original\n");
    symlinkSync(victim, join(dir, "repo", "trustlint.sarif"));
    symlinkSync(victim, join(dir, "repo", "report.txt"));
    const run = await runCli(["pod.yaml", "--format", "sarif", "--output", "trustlint.sarif", "--format", "stylish", "--output", "report.txt"], { cwd: join(dir, "repo") });
    strictEqual(run.code, 1, run.stderr);
    strictEqual(readFileSync(victim, "utf8"), "original\n");
    ok(!lstatSync(join(dir, "repo", "trustlint.sarif")).isSymbolicLink());
    strictEqual((JSON.parse(readFileSync(join(dir, "repo", "trustlint.sarif"), "utf8")) as { version: string }).version, "2.1.0");
    match(readFileSync(join(dir, "repo", "report.txt"), "utf8"), /ca-bundle-path-not-mounted/);
    deepStrictEqual(readdirSync(join(dir, "repo")).sort(), ["pod.yaml", "report.txt", "trustlint.sarif"], "no temporary file is left");
  });

  it("a path under /proc or /sys is refused", async () => {
    for (const target of ["/proc/self/fd/1", "/sys/kernel/mm/report"]) {
      assertOneLineError(
        await runCli(["pod.yaml", "--format", "json", "--output", target], { cwd: join(dir, "repo") }),
        new RegExp(`^trustlint: ${target.replace(/\//g, "\\/")}: will not write a report under /proc or /sys$`),
      );
    }
  });

  for (const h of HELMS) {
    it(`${h.name}: the Action's SARIF file replaces a committed symlink instead of writing through it`, () => {
      const workspace = join(dir, `ws-${h.name.replace(/\W/g, "")}`);
      mkdirSync(join(workspace, ".bin"), { recursive: true });
      symlinkSync(h.bin, join(workspace, ".bin", "helm"));
      writeEchoChart(join(workspace, "chart"));
      const victim = join(dir, `victim-${h.name.replace(/\W/g, "")}`);
      writeFileSync(victim, "runner file\n");
      symlinkSync(victim, join(workspace, "trustlint.sarif"));
      const r = runAction(workspace, { target: "chart" }, { PATH: `${join(workspace, ".bin")}:${process.env.PATH ?? ""}` });
      strictEqual(r.code, 0, r.stdout + r.stderr);
      strictEqual(readFileSync(victim, "utf8"), "runner file\n");
      ok(!lstatSync(join(workspace, "trustlint.sarif")).isSymbolicLink());
      match(r.outputs, /^sarif-file=trustlint\.sarif$/m);
      const refused = runAction(workspace, { target: "chart", "sarif-file": "/proc/self/fd/1" }, { PATH: `${join(workspace, ".bin")}:${process.env.PATH ?? ""}` });
      strictEqual(refused.code, 2);
      match(refused.stdout, /^::error title=trustlint::\/proc\/self\/fd\/1: will not write a report under \/proc or \/sys$/m);
    });
  }
});

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

describe("issue 10 class 9: the install gate never replaces manifests with text, and names its config", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    // A config in a parent directory that would turn the failing rule off: the gate must not use it.
    writeFileSync(join(dir, ".trustlint.yaml"), "rules:\n  ca-bundle-path-not-mounted: off\n");
    mkdirSync(join(dir, "work"));
  });
  after(() => cleanup());

  const POD = FORGING_POD.replace(/evil[^"]*/, "app").replace(/\/ca\/bundle[^"]*/, "/ca/bundle.crt");

  it("reads config only from the working directory (not a parent) and says so on stderr", async () => {
    const run = await runCli(["--post-renderer"], { cwd: join(dir, "work"), input: POD });
    strictEqual(run.code, 1, run.stderr);
    strictEqual(run.stdout, "");
    match(run.stderr, /^trustlint: config: none \(--config or a \.trustlint\.yaml in the working directory\)$/m);
    match(run.stderr, /ca-bundle-path-not-mounted/);
    writeFileSync(join(dir, "work", ".trustlint.yaml"), "rules:\n  ca-bundle-path-not-mounted: warning\n");
    const withConfig = await runCli(["--post-renderer"], { cwd: join(dir, "work"), input: POD });
    strictEqual(withConfig.code, 0, withConfig.stderr);
    strictEqual(withConfig.stdout, POD);
    match(withConfig.stderr, /^trustlint: config: \.trustlint\.yaml$/m);
  });

  it("Helm 3.18: --post-renderer-args=--version fails the render instead of installing a version string", () => {
    const chart = join(dir, "chart");
    writeEchoChart(chart);
    const gate = join(dir, "gate");
    writeFileSync(gate, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --import ${JSON.stringify(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs"))} ${JSON.stringify(join(ROOT, "src", "bin.ts"))} --post-renderer "$@"\n`);
    chmodSync(gate, 0o755);
    for (const flag of ["--version", "--help", "--list-rules"]) {
      const r = spawnSync(TOOLS.helm3, ["template", "r", chart, "--post-renderer", gate, `--post-renderer-args=${flag}`], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH, HOME: dir } });
      ok(r.status !== 0, `helm must fail with ${flag}: ${r.stdout}`);
      strictEqual(r.stdout, "");
      match(r.stderr, new RegExp(`--post-renderer cannot be combined with ${flag}`));
    }
  });
});

describe("issue 10 class 11: standard tags are resolved as Kubernetes resolves them", () => {
  it("a !!binary env value MA== is the string 0 to the rules", async () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bin\nspec:\n  containers:\n    - name: c\n      image: node:20\n      env:\n        - name: NODE_TLS_REJECT_UNAUTHORIZED\n          value: !!binary MA==\n";
    const run = await runCli(["-", "--format", "json", "--rule", "tls-verification-disabled"], { input: pod });
    strictEqual(run.code, 1, run.stderr);
    const f = jsonReport(run).findings;
    deepStrictEqual(f.map((x) => `${x.ruleId} ${x.location.line}`), ["tls-verification-disabled 10"]);
    match(f[0]!.message, /^NODE_TLS_REJECT_UNAUTHORIZED="0" in container "c" turns certificate verification off/);
  });
});

describe("issue 10 class 12: SARIF relative URIs are percent-encoded, a scheme-like name stays relative", () => {
  it("file:evil.yaml and a name with space, # and % are relative references under %SRCROOT%", async () => {
    const { dir, cleanup } = scratch();
    try {
      const pod = FORGING_POD.replace(/evil[^"]*/, "app").replace(/\/ca\/bundle[^"]*/, "/ca/bundle.crt");
      writeFileSync(join(dir, "file:evil.yaml"), pod);
      mkdirSync(join(dir, "a b#c%d"));
      writeFileSync(join(dir, "a b#c%d", "ü.yaml"), pod);
      const run = await runCli([".", "--format", "sarif"], { cwd: dir });
      strictEqual(run.code, 1, run.stderr);
      const sarif = JSON.parse(run.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      assertSchemaValid(sarif);
      const locations = sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
      for (const l of locations) ok(existsSync(join(dir, ...l.uri.split("/").map(decodeURIComponent))), l.uri);
      deepStrictEqual(locations, [
        { uri: "a%20b%23c%25d/%C3%BC.yaml", uriBaseId: "%SRCROOT%" },
        { uri: "file%3Aevil.yaml", uriBaseId: "%SRCROOT%" },
      ]);
      // The JSON report keeps the names exact.
      deepStrictEqual(jsonReport(await runCli([".", "--format", "json"], { cwd: dir })).findings.map((f) => f.location.file), ["a b#c%d/ü.yaml", "file:evil.yaml"]);
    } finally {
      cleanup();
    }
  });
});
