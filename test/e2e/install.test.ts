import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../../src/cli/main";
import { scratch, summarise } from "../support/cli";
import type { JsonReport } from "../support/cli";
import { snapshotRepo } from "../support/repo-snapshot";
import { CLI_BUNDLE_FILES, ROOT, TOOLS, assertToolsPresent } from "../support/tools";

/**
 * README "Install" (issue 11, item 8), as a user on a fresh machine runs it: `npm pack` and
 * `npm install -g` of the tarball (offline: the package must need nothing from the registry),
 * and `npm install -g` from a git URL; then the installed command lints the example chart.
 */

/** npm as a user runs it: no tsx loader from the test runner, a cache of its own, no registry. */
function npm(args: readonly string[], cwd: string, cache: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: cache, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
  delete env.NODE_OPTIONS;
  for (const k of Object.keys(env)) if (k.startsWith("npm_config_") && !["npm_config_cache", "npm_config_audit", "npm_config_fund", "npm_config_update_notifier"].includes(k)) delete env[k];
  const r = spawnSync("npm", args, { cwd, env, encoding: "utf8" });
  if (r.error) throw r.error;
  strictEqual(r.status, 0, `npm ${args.join(" ")}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The installed command, run from the checkout (so paths in the report are relative to it), with the pinned Helm. */
function installed(prefix: string, args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: prefix, HELM_BIN: TOOLS.helm4, NO_COLOR: "1" };
  const r = spawnSync(join(prefix, "bin", "trustlint"), args, { cwd: ROOT, env, encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The example chart's findings (README quick start): what the installed command must print. */
const EXAMPLE = [
  "ca-flag-ignored Deployment/default/release-name-external-dns examples/external-dns/templates/deployment.yaml:26",
  "ca-bundle-path-not-mounted Deployment/default/release-name-external-dns examples/external-dns/templates/deployment.yaml:30",
  "trust-store-shadowed Deployment/default/release-name-external-dns examples/external-dns/templates/deployment.yaml:34",
];

function assertLintsExample(prefix: string): void {
  const version = installed(prefix, ["--version"]);
  strictEqual(version.stdout, `${VERSION}\n`, version.stderr);
  strictEqual(version.code, 0);
  const run = installed(prefix, ["examples/external-dns", "--format", "json"]);
  strictEqual(run.code, 1, run.stderr);
  deepStrictEqual(summarise(JSON.parse(run.stdout) as JsonReport), EXAMPLE);
  // The gate is installed too, beside the CLI.
  ok(existsSync(realpathSync(join(prefix, "bin", "trustlint-gate"))));
}

describe("install (README): npm pack + npm install -g, offline, and from git", function () {
  this.timeout(300_000);
  let dir: string;
  let cleanup: () => void;
  before(() => {
    assertToolsPresent();
    ({ dir, cleanup } = scratch("trustlint-install-"));
  });
  after(() => cleanup());

  it("the package has no runtime dependencies and packs the committed bundle, not the sources", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    for (const key of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies"]) strictEqual(pkg[key], undefined, `package.json ${key}: the bundle must carry everything`);
    const [packed] = JSON.parse(npm(["pack", "--dry-run", "--json", "--ignore-scripts"], ROOT, join(dir, "cache"))) as { files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    for (const f of [...CLI_BUNDLE_FILES.map((b) => `dist/${b}`), "dist/action.cjs", "helm-postrenderer/trustlint-gate.cjs", "plugin.yaml", "package.json", "README.md"]) ok(files.includes(f), `packed: ${f}`);
    deepStrictEqual(files.filter((f) => /^(src|test|scripts|node_modules)\//.test(f)), []);
  });

  it("npm pack, then npm install -g --offline of the tarball into an empty prefix: trustlint --version and the example's findings", () => {
    const out = join(dir, "pack");
    const [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", dir], ROOT, join(dir, "cache"))) as { filename: string }[];
    strictEqual(packed!.filename, `trustlint-${VERSION}.tgz`);
    npm(["install", "-g", "--offline", "--prefix", out, join(dir, packed!.filename)], dir, join(dir, "empty-cache"));
    assertLintsExample(out);
  });

  it("npm install -g --install-links from a git URL pinned to a commit (a local clone stands for GitHub)", () => {
    const repo = join(dir, "repo");
    const sha = snapshotRepo(repo);
    const out = join(dir, "from-git");
    npm(["install", "-g", "--install-links", "--offline", "--prefix", out, `git+file://${repo}#${sha}`], dir, join(dir, "git-cache"));
    assertLintsExample(out);
  });
});
