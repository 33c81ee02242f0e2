import { deepStrictEqual, doesNotMatch, match, ok, strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import { git, snapshotRepo } from "../support/repo-snapshot";
import { HELMS, ROOT, TOOLS, assertToolsPresent } from "../support/tools";

const FIXTURES = join(ROOT, "test", "fixtures", "integrations");

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial: boolean;
  pass_filenames: boolean;
  args?: string[];
}

function hook(): Hook {
  const hooks = parseYaml(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
  strictEqual(hooks.length, 1);
  return hooks[0]!;
}

describe(".pre-commit-hooks.yaml", () => {
  it("runs the package.json bin in --pre-commit mode, serially, on the files that can change a render", () => {
    const h = hook();
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; scripts: Record<string, string> };
    strictEqual(h.language, "node");
    strictEqual(h.entry, "trustlint --pre-commit");
    // pre-commit appends file names after the args: `--` keeps them from being read as options.
    deepStrictEqual(h.args, ["--"]);
    ok(pkg.bin.trustlint, "entry must be a package.json bin");
    // pre-commit installs the repository with npm: a build at install time breaks it (integration-facts §4).
    for (const script of ["prepare", "prepack", "preinstall", "install", "postinstall"]) strictEqual(pkg.scripts[script], undefined, `package.json must not have a ${script} script`);
    strictEqual(h.require_serial, true);
    strictEqual(h.pass_filenames, true);
    const files = new RegExp(h.files);
    for (const f of ["charts/a/Chart.yaml", "values-prod.yml", "charts/web/templates/_helpers.tpl", "templates/sub/dep.yaml", "k8s/overlays/prod/kustomization.yaml", "k8s/base/Kustomization", "k8s/base/deploy.yml", "charts/web/charts/redis-1.0.0.tgz", "manifests/list.json"]) {
      ok(files.test(f), `files: should match ${f}`);
    }
    for (const f of ["README.md", "templates/NOTES.txt", "src/x.ts", "release.tgz"]) ok(!files.test(f), `files: should not match ${f}`);
  });
});

/** pre-commit's own output for one hook run. */
interface HookRun {
  readonly code: number;
  readonly output: string;
}

describe("pre-commit hook, run by real pre-commit", function () {
  // Each try-repo, and the first run from a config, installs the hook environment (npm install of this repository).
  this.timeout(600_000);
  let work: string;
  let hookRepo: string;
  let commit: string;
  let consumer: string;
  let bin: string;
  let config: string;

  before(function () {
    assertToolsPresent();
    const version = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
    if (version.error || version.status !== 0) throw new Error("pre-commit is not installed (apt-get install pre-commit; .ci/run does it)");
    work = mkdtempSync(join(tmpdir(), "trustlint-pre-commit-"));
    hookRepo = join(work, "trustlint");
    commit = snapshotRepo(hookRepo);
    consumer = join(work, "consumer");
    cpSync(join(FIXTURES, "repo"), consumer, { recursive: true });
    cpSync(join(FIXTURES, "web"), join(consumer, "charts", "web"), { recursive: true });
    git(consumer, ["init", "-q"]);
    git(consumer, ["add", "-A"]);
    git(consumer, ["commit", "-q", "-m", "consumer"]);
    bin = join(work, "bin");
    mkdirSync(bin);
    symlinkSync(TOOLS.kubectl, join(bin, "kubectl"));
    // What a user writes in .pre-commit-config.yaml (kept outside the consumer's tree).
    config = join(work, "pre-commit-config.yaml");
    writeFileSync(config, `repos:\n  - repo: ${JSON.stringify(hookRepo)}\n    rev: ${commit}\n    hooks:\n      - id: trustlint\n`);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** Runs pre-commit in the consumer repository with this Helm as `helm` on PATH. */
  function preCommit(helmBin: string, args: readonly string[]): HookRun {
    rmSync(join(bin, "helm"), { force: true });
    symlinkSync(helmBin, join(bin, "helm"));
    const r = spawnSync("pre-commit", [...args, "--verbose", "--color", "never"], {
      cwd: consumer,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, PRE_COMMIT_HOME: join(work, "pre-commit-home"), HELM_BIN: "", NO_COLOR: "1" },
    });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
  }

  const run = (helmBin: string, files: readonly string[]) => preCommit(helmBin, ["run", "--config", config, "trustlint", "--files", ...files]);

  /** The roots the hook linted, from its `trustlint: <root> (<kind>)` headers. */
  function linted(r: HookRun): string[] {
    return [...r.output.matchAll(/^trustlint: (\S+) \(([^)]+)\)$/gm)].map((m) => `${m[1]} (${m[2]})`);
  }

  it("try-repo: changed chart files lint the chart once, a changed base lints each overlay using it, other files are left alone", () => {
    const r = preCommit(TOOLS.helm4, ["try-repo", hookRepo, "trustlint", "--files", "charts/web/templates/_helpers.tpl", "charts/web/templates/deployment.yaml", "charts/web/values.yaml", "k8s/base/deployment.yaml", ".github/workflows/ci.yaml", "README.md"]);
    strictEqual(r.code, 1, r.output);
    match(r.output, /^trustlint\.+Failed$/m);
    match(r.output, /- exit code: 1/);
    deepStrictEqual(linted(r), ["charts/web (Helm chart)", "k8s/overlays/dev (Kustomize)", "k8s/overlays/prod (Kustomize)"]);
    // The base's Deployment fails in both overlays, at the base file's line.
    strictEqual(r.output.match(/^k8s\/base\/deployment\.yaml$/gm)?.length, 2, r.output);
    match(r.output, /^ {2}18:15 +error +SSL_CERT_FILE=\/etc\/corp-ca\/ca\.crt in container "api"/m);
    match(r.output, /Deployment\/dev\/dev-api spec\.template\.spec\.containers\[0\]\.env\[0\]/);
    match(r.output, /Deployment\/prod\/prod-api spec\.template\.spec\.containers\[0\]\.env\[0\]/);
  });

  for (const h of HELMS) {
    it(`${h.name}: a changed template and .tpl helper lint their chart once; clean passes`, () => {
      const r = run(h.bin, ["charts/web/templates/_helpers.tpl", "charts/web/templates/deployment.yaml", "charts/web/values.yaml", "charts/web/Chart.yaml"]);
      strictEqual(r.code, 0, r.output);
      match(r.output, /^trustlint\.+Passed$/m);
      deepStrictEqual(linted(r), ["charts/web (Helm chart)"]);
      match(r.output, /✔ 0 problems/);
    });

    it(`${h.name}: values that break trust fail the commit, pointing at the template line`, () => {
      const values = join(consumer, "charts", "web", "values.yaml");
      const original = readFileSync(values, "utf8");
      try {
        writeFileSync(values, original.replace("enabled: false", "enabled: true").replace("mounted: true", "mounted: false"));
        const r = run(h.bin, ["charts/web/values.yaml"]);
        strictEqual(r.code, 1, r.output);
        match(r.output, /^trustlint\.+Failed$/m);
        deepStrictEqual(linted(r), ["charts/web (Helm chart)"]);
        match(r.output, /^charts\/web\/templates\/deployment\.yaml$/m);
        match(r.output, /^ {2}24:15 +error +SSL_CERT_FILE=\/etc\/corp-ca\/ca\.crt in container "web" names a path no volume mount provides/m);
      } finally {
        writeFileSync(values, original);
      }
    });
  }

  it("issue 11 item 5: a changed values-*.yaml lints its chart with that file as a render, beside the defaults", () => {
    // values-broken.yaml breaks trust; the defaults are clean. Before, the hook linted the
    // defaults only and the commit passed.
    const r = run(TOOLS.helm4, ["charts/web/values-broken.yaml"]);
    strictEqual(r.code, 1, r.output);
    match(r.output, /^trustlint\.+Failed$/m);
    deepStrictEqual(linted(r), ["charts/web (Helm chart; renders with values-broken.yaml)"]);
    match(r.output, /^ {2}24:15 +error +SSL_CERT_FILE=\/etc\/corp-ca\/ca\.crt in container "web" names a path no volume mount provides/m);
    // The finding is of that render only: the defaults render was linted too, and is clean.
    match(r.output, /\[render: values-broken\.yaml\]/);
    match(r.output, /✖ 1 problem \(1 error, 0 warnings, 0 info\)/);
  });

  it("issue 11 item 5: a changed file that a config's renders: names, outside every chart, lints the charts of that config", () => {
    writeFileSync(join(consumer, ".trustlint.yaml"), "renders:\n  - name: env-prod\n    values: [env/prod.yaml]\n");
    mkdirSync(join(consumer, "env"), { recursive: true });
    writeFileSync(join(consumer, "env", "prod.yaml"), "ca:\n  enabled: true\n  mounted: false\n");
    try {
      const r = run(TOOLS.helm4, ["env/prod.yaml"]);
      strictEqual(r.code, 1, r.output);
      deepStrictEqual(linted(r), ["charts/web (Helm chart)"]);
      match(r.output, /^ {2}24:15 +error +SSL_CERT_FILE=\/etc\/corp-ca\/ca\.crt in container "web" names a path no volume mount provides/m);
      match(r.output, /\[render: env-prod\]/);
      // A file no renders: entry names is still left alone.
      writeFileSync(join(consumer, "env", "staging.yaml"), "ca:\n  enabled: true\n");
      const other = run(TOOLS.helm4, ["env/staging.yaml"]);
      strictEqual(other.code, 0, other.output);
      deepStrictEqual(linted(other), []);
    } finally {
      rmSync(join(consumer, ".trustlint.yaml"));
      rmSync(join(consumer, "env"), { recursive: true });
    }
  });

  it("issue 11 item 5: flow-style and quoted-key manifests are Kubernetes objects, linted with their directory", () => {
    const dir = join(consumer, "flow");
    mkdirSync(dir);
    // A JSON-style flow mapping after a licence header, and block style with quoted keys.
    writeFileSync(join(dir, "cm.yaml"), '# Licensed under Apache-2.0\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "flow", "namespace": "jobs"}, "data": {"a": "b"}}\n');
    writeFileSync(
      join(dir, "deploy.yaml"),
      '"apiVersion": apps/v1\n"kind": Deployment\n"metadata":\n  name: quoted\n  namespace: jobs\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          env:\n            - name: SSL_CERT_FILE\n              value: /etc/custom/ca.pem\n',
    );
    try {
      const r = run(TOOLS.helm4, ["flow/cm.yaml", "flow/deploy.yaml"]);
      strictEqual(r.code, 1, r.output);
      deepStrictEqual(linted(r), ["flow (manifests)"]);
      match(r.output, /^flow\/deploy\.yaml$/m);
      match(r.output, /^ {2}13:15 +error +SSL_CERT_FILE=\/etc\/custom\/ca\.pem in container "app" names a path no volume mount provides/m);
      // Both files were read: the ConfigMap counts among the objects linted.
      match(r.output, /✖ 1 problem \(1 error, 0 warnings, 0 info\) in 1 object \(2 objects linted\)|✖ 1 problem \(1 error, 0 warnings, 0 info\) in 2 objects/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("an overlay's own patch lints only that overlay; plain manifests lint their directory", () => {
    const r = run(TOOLS.helm4, ["k8s/overlays/dev/replicas.yaml", "manifests/worker.yaml"]);
    strictEqual(r.code, 1, r.output);
    deepStrictEqual(linted(r), ["k8s/overlays/dev (Kustomize)", "manifests (manifests)"]);
    doesNotMatch(r.output, /prod-api/);
    match(r.output, /✔ 0 problems \(0 errors, 0 warnings, 0 info\) in 0 objects \(1 object linted\)$/m);
  });

  it("issue 10 class 2: committed files named like options are files: no command runs, no file is written", () => {
    // The attack: a pull request adds a script and files whose names are trustlint options; a
    // commit that stages them (and touches an overlay) runs the hook on them by their bare names.
    writeFileSync(join(consumer, "evil.sh"), `touch ${JSON.stringify(join(consumer, "pwned"))}\n`);
    const names = ["--kustomize-cmd=sh evil.sh x.yaml", "--output=owned.yaml", "--config=x.yaml"];
    for (const name of names) writeFileSync(join(consumer, name), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: innocent\n");
    const replicas = join(consumer, "k8s", "overlays", "dev", "replicas.yaml");
    writeFileSync(replicas, `${readFileSync(replicas, "utf8")}# touched\n`);
    git(consumer, ["add", "-A"]);
    try {
      const r = preCommit(TOOLS.helm4, ["run", "--config", config, "trustlint"]);
      deepStrictEqual(linted(r), ["k8s/overlays/dev (Kustomize)", ". (manifests)"], r.output);
      ok(!existsSync(join(consumer, "pwned")), "the kustomize command named by a file must not run");
      ok(!existsSync(join(consumer, "owned.yaml")), "no report is written to a file named by a file");
      doesNotMatch(r.output, /unknown option/);
    } finally {
      git(consumer, ["reset", "-q", "--hard", "HEAD"]);
      git(consumer, ["clean", "-q", "-fdx", "--", "."]);
    }
  });

  it("args of a user's own without the closing -- are refused, not read together with the file names", () => {
    const own = join(work, "pre-commit-config-args.yaml");
    writeFileSync(own, `repos:\n  - repo: ${JSON.stringify(hookRepo)}\n    rev: ${commit}\n    hooks:\n      - id: trustlint\n        args: [--fail-level=warning]\n`);
    const r = preCommit(TOOLS.helm4, ["run", "--config", own, "trustlint", "--files", "manifests/worker.yaml"]);
    strictEqual(r.code, 1, r.output);
    match(r.output, /^- exit code: 2$/m);
    match(r.output, /^trustlint: --pre-commit needs -- before the file names \(end the hook's args with --\), so that no file name is read as an option$/m);
  });

  it("no chart, overlay or manifest among the files: passes without linting", () => {
    const r = run(TOOLS.helm4, [".github/workflows/ci.yaml"]);
    strictEqual(r.code, 0, r.output);
    deepStrictEqual(linted(r), []);
  });
});
