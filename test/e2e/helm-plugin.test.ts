import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { load as parseYaml } from "js-yaml";
import type { JsonReport } from "../support/cli";
import { summarise } from "../support/cli";
import { HelmHome, installIdentityPostRenderer } from "../support/helm-home";
import { git, shippedFiles, snapshotRepo } from "../support/repo-snapshot";
import { HELMS, ROOT, assertToolsPresent } from "../support/tools";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const CHART = join(ROOT, "test", "fixtures", "integrations", "web");
const BROKEN_VALUES = join(CHART, "values-broken.yaml");
const RULES = ["--rule", "ca-bundle-path-not-mounted", "--rule", "trust-store-shadowed"];
const GATE = join(ROOT, "helm-postrenderer", "trustlint-gate.cjs");

function report(stdout: string, stderr: string): JsonReport {
  try {
    return JSON.parse(stdout) as JsonReport;
  } catch {
    throw new Error(`not a JSON report:\n${stdout}\n${stderr}`);
  }
}

before(() => assertToolsPresent());

describe("Helm plugin files", () => {
  it("plugin.yaml is the legacy format every Helm loads, running the committed bundle, at package.json's version", () => {
    const plugin = parseYaml(readFileSync(join(ROOT, "plugin.yaml"), "utf8")) as Record<string, unknown>;
    strictEqual(plugin.version, VERSION);
    strictEqual(plugin.name, "trustlint");
    // Helm 3 parses strictly: any key outside this set makes every plugin fail to load; args and
    // platformHooks break Helm <= 3.17; command together with platformCommand breaks Helm >= 3.18.
    deepStrictEqual(Object.keys(plugin).sort(), ["description", "ignoreFlags", "name", "platformCommand", "usage", "version"]);
    strictEqual(plugin.ignoreFlags, false);
    const commands = plugin.platformCommand as Record<string, unknown>[];
    deepStrictEqual(commands.map((c) => c.os).sort(), ["darwin", "linux", "windows"]);
    for (const c of commands) deepStrictEqual(Object.keys(c).sort(), ["command", "os"]);
    for (const c of commands) strictEqual(c.command, "node $HELM_PLUGIN_DIR/dist/trustlint.cjs");
  });

  it("the Helm 4 gate plugin is a postrenderer/v1 at package.json's version, in its own directory", () => {
    const plugin = parseYaml(readFileSync(join(ROOT, "helm-postrenderer", "plugin.yaml"), "utf8")) as Record<string, unknown>;
    strictEqual(plugin.apiVersion, "v1");
    strictEqual(plugin.type, "postrenderer/v1");
    strictEqual(plugin.runtime, "subprocess");
    strictEqual(plugin.version, VERSION);
    strictEqual(plugin.name, "trustlint-gate");
  });

  it("everything a git install (plugin, gate, pre-commit, action) needs is shipped and not git-ignored", () => {
    const files = shippedFiles();
    for (const f of ["plugin.yaml", "helm-postrenderer/plugin.yaml", "helm-postrenderer/trustlint-gate.cjs", "dist/trustlint.cjs", "dist/action.cjs", "action.yml", ".pre-commit-hooks.yaml", "package.json"]) {
      ok(files.includes(f), `${f} is not shipped`);
    }
    const ignored = spawnSync("git", ["check-ignore", "--no-index", "--", ...files], { cwd: ROOT, encoding: "utf8" });
    strictEqual(ignored.stdout, "", `git-ignored, so a git install would miss them:\n${ignored.stdout}`);
    for (const f of ["dist/trustlint.cjs", "helm-postrenderer/trustlint-gate.cjs"]) ok((statSync(join(ROOT, f)).mode & 0o111) !== 0, `${f} must be executable (Helm 3 runs the gate by path)`);
  });
});

for (const h of HELMS) {
  const helm4 = h.name.startsWith("Helm 4");

  describe(`Helm plugin on ${h.name}`, function () {
    this.timeout(120_000);
    let home: HelmHome;

    before(() => {
      home = new HelmHome(h.bin);
      const install = home.ok(["plugin", "install", ROOT]);
      match(install.stdout, /Installed plugin: trustlint/);
    });
    after(() => home.cleanup());

    it("is listed at package.json's version", () => {
      const list = home.ok(["plugin", "list"]).stdout;
      match(list, new RegExp(`^trustlint\\s+${VERSION.replace(/\./g, "\\.")}\\s`, "m"));
    });

    it("`helm trustlint ./chart -f values.yaml --set a=b -n team` renders with this Helm; exit 1 reaches the shell", () => {
      const run = home.helm(["trustlint", "web", "-f", "web/values-broken.yaml", "--set", "name=shop", "-n", "team", ...RULES, "--format", "json"], { cwd: join(CHART, "..") });
      strictEqual(run.code, 1, run.stderr);
      const r = report(run.stdout, run.stderr);
      // -f broke the mount, --set renamed the objects, -n (passed by Helm as HELM_NAMESPACE) set the namespace.
      deepStrictEqual(summarise(r), ["ca-bundle-path-not-mounted Deployment/team/release-name-shop web/templates/deployment.yaml:24"]);
      match(run.stderr, /plugin "trustlint" exited with error/);
    });

    it("exits 0 on a clean chart and 2 on a missing one", () => {
      const clean = home.helm(["trustlint", CHART]);
      strictEqual(clean.code, 0, clean.stderr);
      match(clean.stdout, /✔ 0 problems/);
      const missing = home.helm(["trustlint", join(CHART, "nope")]);
      strictEqual(missing.code, 2);
      match(missing.stderr, /trustlint: .*nope: no such file or directory/);
    });

    it("--debug (HELM_DEBUG) adds the stack trace; --kube-context (HELM_KUBECONTEXT) does not change a render", () => {
      const debug = home.helm(["trustlint", "--debug", join(CHART, "nope")]);
      strictEqual(debug.code, 2);
      match(debug.stderr, /\n\s+at /);
      const plain = home.helm(["trustlint", CHART, "-f", BROKEN_VALUES, ...RULES, "--format", "json"]);
      const withContext = home.helm(["trustlint", CHART, "-f", BROKEN_VALUES, ...RULES, "--format", "json", "--kube-context", "no-such-context"]);
      strictEqual(withContext.code, 1, withContext.stderr);
      deepStrictEqual(summarise(report(withContext.stdout, withContext.stderr)), summarise(report(plain.stdout, plain.stderr)));
    });

    it("passes --help through to trustlint", () => {
      const help = home.ok(["trustlint", "--help"]);
      match(help.stdout, /^Usage: trustlint/);
    });
  });

  describe(`Helm plugin installed from git on ${h.name}`, function () {
    this.timeout(120_000);
    let home: HelmHome;
    let repo: string;

    before(() => {
      home = new HelmHome(h.bin);
      repo = join(home.dir, "trustlint");
      snapshotRepo(repo);
    });
    after(() => home.cleanup());

    it(helm4 ? "installs with --verify=false (and refuses without it), then runs from the clone" : "installs from a file:// git URL, then runs from the clone", () => {
      const url = `file://${repo}`;
      if (helm4) {
        const refused = home.helm(["plugin", "install", url]);
        strictEqual(refused.code, 1);
        match(refused.stderr, /does not support verification.*--verify=false/);
      }
      const install = home.ok(["plugin", "install", url, ...(helm4 ? ["--verify=false"] : [])]);
      match(install.stdout, /Installed plugin: trustlint/);
      const clone = join(home.pluginsDir, "trustlint");
      ok(lstatSync(clone).isDirectory() && !lstatSync(clone).isSymbolicLink(), "a git install is a clone, not a link to the checkout");
      strictEqual(git(clone, ["rev-parse", "HEAD"]).trim(), git(repo, ["rev-parse", "HEAD"]).trim());
      strictEqual(home.ok(["trustlint", "--version"]).stdout, `${VERSION}\n`);
      const run = home.helm(["trustlint", CHART, "-f", BROKEN_VALUES, ...RULES, "--format", "json"]);
      strictEqual(run.code, 1, run.stderr);
      deepStrictEqual(
        report(run.stdout, run.stderr).findings.map((f) => f.ruleId),
        ["ca-bundle-path-not-mounted"],
      );
    });

    it("README Install: --version <commit SHA> installs that commit, not the newest", () => {
      const pinned = git(repo, ["rev-parse", "HEAD"]).trim();
      // A later commit on the default branch: the pin must not follow it.
      git(repo, ["commit", "-q", "--allow-empty", "-m", "a later commit"]);
      const later = git(repo, ["rev-parse", "HEAD"]).trim();
      const other = new HelmHome(h.bin);
      try {
        const install = other.ok(["plugin", "install", `file://${repo}`, "--version", pinned, ...(helm4 ? ["--verify=false"] : [])]);
        match(install.stdout, /Installed plugin: trustlint/);
        const clone = join(other.pluginsDir, "trustlint");
        strictEqual(git(clone, ["rev-parse", "HEAD"]).trim(), pinned);
        ok(pinned !== later);
        strictEqual(other.ok(["trustlint", "--version"]).stdout, `${VERSION}\n`);
      } finally {
        other.cleanup();
      }
    });

    if (helm4) {
      it("installs the gate plugin from the git-installed plugin's directory", () => {
        const gateDir = join(home.pluginsDir, "trustlint", "helm-postrenderer");
        home.ok(["plugin", "install", gateDir]);
        strictEqual(realpathSync(join(home.pluginsDir, "helm-postrenderer")), realpathSync(gateDir));
        const blocked = home.helm(["template", "r", CHART, "-f", BROKEN_VALUES, "--post-renderer", "trustlint-gate"]);
        strictEqual(blocked.code, 1);
        strictEqual(blocked.stdout, "");
        match(blocked.stderr, /ca-bundle-path-not-mounted/);
      });
    }
  });

  describe(`install gate (post-renderer) on ${h.name}`, function () {
    this.timeout(120_000);
    let home: HelmHome;
    let identity: string;
    let gate: string;

    before(() => {
      home = new HelmHome(h.bin);
      identity = installIdentityPostRenderer(home, helm4);
      if (helm4) {
        home.ok(["plugin", "install", join(ROOT, "helm-postrenderer")]);
        gate = "trustlint-gate";
      } else {
        gate = GATE;
      }
    });
    after(() => home.cleanup());

    const template = (extra: readonly string[], postRenderer: string, args: readonly string[] = []) =>
      home.helm(["template", "r", CHART, "-n", "team", ...extra, "--post-renderer", postRenderer, ...args.flatMap((a) => ["--post-renderer-args", a])]);

    it("passes a clean chart's manifests through unchanged", () => {
      for (const values of [[], ["--set", "ca.enabled=true"]]) {
        const expected = template(values, identity);
        strictEqual(expected.code, 0, expected.stderr);
        const gated = template(values, gate);
        strictEqual(gated.code, 0, gated.stderr);
        strictEqual(gated.stdout, expected.stdout);
        match(gated.stdout, /kind: Deployment/);
      }
    });

    it("fails the render on an error finding, with the report on stderr and nothing on stdout", () => {
      const run = template(["-f", BROKEN_VALUES], gate);
      strictEqual(run.code, 1);
      strictEqual(run.stdout, "");
      match(run.stderr, /SSL_CERT_FILE=\/etc\/corp-ca\/ca\.crt in container "web" names a path no volume mount provides/);
      match(run.stderr, /ca-bundle-path-not-mounted/);
      match(run.stderr, /Deployment\/default\/r-web/);
      match(run.stderr, /✖ 1 problem \(1 error/);
      match(run.stderr, helm4 ? /plugin "trustlint-gate" exited with error/ : /error while running command .*trustlint-gate\.cjs/);
    });

    it("takes lint options through --post-renderer-args: a warning passes by default, fails with --fail-level=warning", () => {
      const shadow = ["--set", "ca.enabled=true", "--set", "ca.overSystemStore=true"];
      const passes = template(shadow, gate, ["--rule=ca-bundle-path-not-mounted", "--rule=trust-store-shadowed"]);
      strictEqual(passes.code, 0, passes.stderr);
      strictEqual(passes.stdout, template(shadow, identity).stdout);
      const fails = template(shadow, gate, ["--fail-level=warning", "--namespace=team"]);
      strictEqual(fails.code, 1);
      strictEqual(fails.stdout, "");
      match(fails.stderr, /trust-store-shadowed/);
      match(fails.stderr, /Deployment\/team\/r-web/);
    });
  });
}
