import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch, summarise } from "../support/cli";
import type { CliOptions, CliRun, JsonReport } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { HELMS, TOOLS } from "../support/tools";

/**
 * Issue 10, classes 3 and 7: a repository tries to make the locator (which turns a finding into
 * a file and line) read files outside what is linted, or walk forever. Reproduced on the real
 * CLI with real kustomize and Helm; the safe outcome is asserted exactly.
 */

/** Written into every file outside the linted tree: it must never reach any output. */
const CANARY = "OUTSIDE-CANARY-3b9e";

/**
 * A relative path that, resolved against kustomize's build directory (trustlint's wrapper in the
 * temporary directory), names `abs`: enough `../` to reach / from any temporary directory.
 */
function fromRoot(abs: string): string {
  return "../".repeat(24) + abs.slice(1);
}

function mkfifo(path: string): void {
  const r = spawnSync("mkfifo", [path]);
  if (r.status !== 0) throw new Error(`mkfifo ${path}: ${r.stderr.toString()}`);
}

/** The same lint in every format: what an attacker could read in any report. */
async function everyFormat(args: readonly string[], options: CliOptions): Promise<CliRun[]> {
  return Promise.all(["stylish", "json", "sarif", "github"].map((format) => runCli([...args, "--format", format], options)));
}

function assertNothingFromOutside(runs: readonly CliRun[]): void {
  for (const run of runs) {
    for (const text of [run.stdout, run.stderr]) {
      ok(!text.includes(CANARY), `the outside file's content reached the output:\n${text}`);
      ok(!/root:x?:0:0/.test(text), `/etc/passwd reached the output:\n${text}`);
    }
  }
}

function sortedWarnings(report: JsonReport): { where: string; message: string }[] {
  return [...report.warnings].sort((a, b) => (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
}

/** An OpenShift-injected ConfigMap with data of its own: cabundle-configmap-overwritten, on `data.config.yaml`. */
const INJECTED = "    service.beta.openshift.io/inject-cabundle: \"true\"\n";

describe("issue 10 class 3: an origin annotation never makes the locator read outside the kustomization", () => {
  let dir: string;
  let cleanup: () => void;
  let outside: string;
  before(() => {
    ({ dir, cleanup } = scratch());
    // What an attacker would like the locator to read: a kustomization and a patch outside the
    // repository (which would place the finding in them), a FIFO (which would block) and /dev/zero.
    outside = join(dir, "outside");
    mkdirSync(outside);
    const names = ["webhook-config", "via-outside", "via-dev-zero", "via-absolute", "via-fifo-outside", "via-fifo-inside"];
    writeFileSync(join(outside, "secret.yaml"), names.map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\ndata:\n  config.yaml: ${CANARY}\n`).join("---\n"));
    writeFileSync(join(outside, "kustomization.yaml"), `# ${CANARY}\npatches:\n  - path: secret.yaml\n`);
    mkfifo(join(outside, "fifo"));
  });
  after(() => cleanup());

  it("a value holding a config.kubernetes.io/origin line is a value: the object's own annotation places the finding", async () => {
    const repo = join(dir, "text");
    mkdirSync(join(repo, "base"), { recursive: true });
    mkdirSync(join(repo, "overlay"));
    writeFileSync(join(repo, "base", "kustomization.yaml"), "resources: [cm.yaml]\n");
    // Kustomize sorts `data` before `metadata`: this text comes first in the rendered document.
    writeFileSync(
      join(repo, "base", "cm.yaml"),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: webhook-config\n  annotations:\n${INJECTED}data:\n  config.yaml: |\n    config.kubernetes.io/origin: |\n      path: ${fromRoot(join(outside, "secret.yaml"))}\n`,
    );
    writeFileSync(join(repo, "overlay", "kustomization.yaml"), "resources: [../base]\n");
    const runs = await everyFormat(["overlay"], { cwd: repo });
    for (const run of runs) strictEqual(run.code, 0, run.stderr);
    const report = jsonReport(runs[1]!);
    deepStrictEqual(summarise(report), ["cabundle-configmap-overwritten ConfigMap/default/webhook-config base/cm.yaml:8"]);
    // The key through its block scalar, whose last line is the origin-like text.
    const lastLine = `      path: ${fromRoot(join(outside, "secret.yaml"))}`;
    deepStrictEqual(report.findings[0]!.location, { file: "base/cm.yaml", line: 8, column: 3, endLine: 10, endColumn: lastLine.length + 1, method: "exact" });
    deepStrictEqual(report.warnings, []);
    assertNothingFromOutside(runs);
  });

  {
    // kustomize --enable-helm runs `helm version -c`, which only Helm 3 answers.
    const h = HELMS[0];
    it(`${h.name}: an origin annotation a generated object carries (outside the tree, /dev/zero, a FIFO, an absolute path) leaves its finding on the rendered output, with a warning`, async () => {
      // kustomize --enable-helm keeps the annotations a chart's objects carry: the chart forges them.
      const repo = join(dir, "generated");
      const chart = join(repo, "overlay", "charts", "evil");
      mkdirSync(join(chart, "templates"), { recursive: true });
      writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: evil\nversion: 0.1.0\n");
      writeFileSync(join(chart, "values.yaml"), "");
      mkfifo(join(repo, "overlay", "fifo"));
      const claims: Record<string, string> = {
        "via-absolute": "/etc/passwd",
        "via-dev-zero": fromRoot("/dev/zero"),
        "via-fifo-inside": fromRoot(join(repo, "overlay", "fifo")),
        "via-fifo-outside": fromRoot(join(outside, "fifo")),
        "via-outside": fromRoot(join(outside, "secret.yaml")),
      };
      writeFileSync(
        join(chart, "templates", "cms.yaml"),
        Object.entries(claims)
          .map(([name, path]) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations:\n${INJECTED}    config.kubernetes.io/origin: |\n      path: ${path}\ndata:\n  config.yaml: port\n`)
          .join("---\n"),
      );
      writeFileSync(join(repo, "overlay", "kustomization.yaml"), "helmCharts:\n  - name: evil\n    releaseName: evil\n");
      const env = { TRUSTLINT_KUSTOMIZE: `${TOOLS.kubectl} kustomize --enable-helm --helm-command ${h.bin}` };
      const runs = await everyFormat(["overlay"], { cwd: repo, env });
      for (const run of runs) strictEqual(run.code, 0, run.stderr);
      const report = jsonReport(runs[1]!);
      // Each finding stays where it is in the rendered output (kustomize sorts the objects by name).
      deepStrictEqual(summarise(report), [
        "cabundle-configmap-overwritten ConfigMap/default/via-absolute overlay/<kustomize>:3",
        "cabundle-configmap-overwritten ConfigMap/default/via-dev-zero overlay/<kustomize>:14",
        "cabundle-configmap-overwritten ConfigMap/default/via-fifo-inside overlay/<kustomize>:25",
        "cabundle-configmap-overwritten ConfigMap/default/via-fifo-outside overlay/<kustomize>:36",
        "cabundle-configmap-overwritten ConfigMap/default/via-outside overlay/<kustomize>:47",
      ]);
      for (const f of report.findings) deepStrictEqual({ ...f.location, line: 0, endLine: 0 }, { file: "overlay/<kustomize>", line: 0, column: 3, endLine: 0, endColumn: 20, method: "exact" });
      const why = (name: string, reason: string, line: number) => ({
        where: `overlay/<kustomize>:${line}`,
        message: `ConfigMap default/${name}: the config.kubernetes.io/origin annotation names ${JSON.stringify(claims[name])}, which is not used (${reason}); its findings point at the rendered output`,
      });
      deepStrictEqual(sortedWarnings(report), [
        why("via-absolute", "an absolute path, which kustomize never writes there", 1),
        why("via-dev-zero", "outside the kustomization and the bases it includes", 11),
        why("via-fifo-inside", "it is not a regular file", 22),
        why("via-fifo-outside", "outside the kustomization and the bases it includes", 33),
        why("via-outside", "outside the kustomization and the bases it includes", 44),
      ]);
      // The warning is in the stylish report, and on stderr when no stylish report carries it.
      const warned = /^(?:trustlint: )?warning: overlay\/<kustomize>:44: ConfigMap default\/via-outside: the config\.kubernetes\.io\/origin annotation names "(?:\.\.\/)+.*\/outside\/secret\.yaml", which is not used/m;
      match(runs[0]!.stdout, warned);
      match(runs[3]!.stderr, warned);
      assertNothingFromOutside(runs);
    });
  }

  it("a transformations annotation a resource writes itself (kustomize keeps it) names no kustomization outside the build: the real patch places the finding", async () => {
    const repo = join(dir, "patched");
    mkdirSync(join(repo, "base"), { recursive: true });
    mkdirSync(join(repo, "overlay"));
    mkfifo(join(repo, "base", "fifo"));
    const forged = [join(outside, "kustomization.yaml"), "/dev/zero", join(outside, "fifo")].map(fromRoot);
    const entries = [...forged, "/etc/passwd"].map((p) => `      - configuredIn: ${p}\n        configuredBy:\n          apiVersion: builtin\n          kind: PatchTransformer\n`).join("");
    writeFileSync(join(repo, "base", "kustomization.yaml"), "resources: [cm.yaml]\n");
    writeFileSync(join(repo, "base", "cm.yaml"), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: webhook-config\n  annotations:\n${INJECTED}    alpha.config.kubernetes.io/transformations: |\n${entries}`);
    writeFileSync(join(repo, "overlay", "kustomization.yaml"), "resources: [../base]\npatches:\n  - path: patch.yaml\n");
    writeFileSync(join(repo, "overlay", "patch.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: webhook-config\ndata:\n  config.yaml: port\n");
    const runs = await everyFormat(["overlay"], { cwd: repo });
    for (const run of runs) strictEqual(run.code, 0, run.stderr);
    const report = jsonReport(runs[1]!);
    deepStrictEqual(summarise(report), ["cabundle-configmap-overwritten ConfigMap/default/webhook-config overlay/patch.yaml:6"]);
    const why = (path: string, reason: string) => ({
      where: "overlay/<kustomize>:1",
      message: `ConfigMap default/webhook-config: the alpha.config.kubernetes.io/transformations annotation names ${JSON.stringify(path)}, which is not used (${reason})`,
    });
    deepStrictEqual(report.warnings, [
      why(forged[0]!, "outside the kustomization and the bases it includes"),
      why(forged[1]!, "outside the kustomization and the bases it includes"),
      why(forged[2]!, "outside the kustomization and the bases it includes"),
      why("/etc/passwd", "an absolute path, which kustomize never writes there"),
    ]);
    assertNothingFromOutside(runs);
  });
});

/** A Deployment whose env comes from a named template: where the finding lands is the define that wrote it. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
          env:
            {{- include "web.env" . | nindent 12 }}
`;

/**
 * A Helm wrapper that records the chart directory it is given (`find -printf`: inode, link count,
 * size, type, path) before running the real Helm: what trustlint's copy of the chart holds.
 */
function recordingHelm(dir: string, real: string, record: string): string {
  const file = join(dir, "helm-recording");
  writeFileSync(file, `#!/bin/sh\nfor a; do last=$a; done\nfind "$last" -printf '%i %n %s %y %P\\n' > ${JSON.stringify(record)}\nexec ${JSON.stringify(real)} "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}

describe("issue 10 class 7: symlinks in charts are followed for locating only as for rendering, and copied once", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = scratch()));
  after(() => cleanup());

  for (const h of HELMS) {
    it(`${h.name}: a template symlinked from outside the chart is never read to place a finding`, async () => {
      const root = join(dir, `define-${h.name.replace(/\W/g, "")}`);
      const chart = join(root, "chart");
      mkdirSync(join(chart, "templates"), { recursive: true });
      mkdirSync(join(root, "outside"));
      writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
      writeFileSync(join(chart, "templates", "deployment.yaml"), DEPLOYMENT);
      writeFileSync(join(chart, "templates", "_helpers.tpl"), `{{- define "web.env" -}}\n- name: SSL_CERT_FILE\n  value: /etc/corp/ca.pem\n{{- end }}\n`);
      // Named first, the outside file would win the define index: a finding placed in it.
      writeFileSync(join(root, "outside", "helpers.tpl"), `{{/* ${CANARY} */}}\n\n\n\n{{- define "web.env" -}}\n- name: SSL_CERT_FILE\n  value: /etc/corp/ca.pem\n{{- end }}\n`);
      symlinkSync(join(root, "outside", "helpers.tpl"), join(chart, "templates", "_a.tpl"));
      const runs = await everyFormat(["chart"], { cwd: root, env: { HELM_BIN: h.bin } });
      for (const run of runs) strictEqual(run.code, 1, run.stderr);
      const report = jsonReport(runs[1]!);
      deepStrictEqual(summarise(report), ["ca-bundle-path-not-mounted Deployment/default/web chart/templates/_helpers.tpl:2"]);
      strictEqual(report.findings[0]!.location.method, "key-search");
      deepStrictEqual(report.warnings, [
        { where: "chart/templates/_a.tpl", message: `symlink not followed: it leads to ${join(root, "outside", "helpers.tpl")}, outside the chart (--follow-symlinks renders it as Helm would)` },
      ]);
      assertNothingFromOutside(runs);
    });

    it(`${h.name}: a link loop and many links to one large file: the chart renders from a copy that holds the file once`, async () => {
      const root = join(dir, `loop-${h.name.replace(/\W/g, "")}`);
      const chart = join(root, "chart");
      mkdirSync(join(chart, "templates"), { recursive: true });
      mkdirSync(join(chart, "files"));
      writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
      writeFileSync(join(chart, "templates", "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: curl\nspec:\n  containers:\n    - name: curl\n      image: curl\n      env:\n        - {name: CURL_CA_BUNDLE, value: /ca/bundle.crt}\n");
      // Helm itself fails on this loop ("too many levels of symbolic links").
      symlinkSync("..", join(chart, "templates", "up"));
      const big = 512 * 1024;
      writeFileSync(join(chart, "files", "big.bin"), Buffer.alloc(big, "x"));
      const LINKS = 64;
      for (let i = 0; i < LINKS; i++) symlinkSync("big.bin", join(chart, "files", `copy-${String(i).padStart(2, "0")}.bin`));
      const record = join(root, "copy.txt");
      // 2 MiB: the links copied one by one (32 MiB) would not fit; the file once does.
      const env = { HELM_BIN: recordingHelm(root, h.bin, record), TRUSTLINT_MAX_INPUT_MB: "2" };
      const run = await runCli(["chart", "--format", "json"], { cwd: root, env });
      strictEqual(run.code, 1, run.stderr);
      const report = jsonReport(run);
      deepStrictEqual(summarise(report), ["ca-bundle-path-not-mounted Pod/default/curl chart/templates/pod.yaml:10"]);
      deepStrictEqual(report.warnings, [{ where: "chart/templates/up", message: `symlink not followed: it leads to ${chart}, a directory that holds it (a loop)` }]);
      const copied = readFileSync(record, "utf8")
        .trim()
        .split("\n")
        .map((l) => {
          const [inode, links, size, type, path] = l.split(" ");
          return { inode, links: Number(links), size: Number(size), type, path: path ?? "" };
        });
      deepStrictEqual(copied.filter((e) => e.path.startsWith("templates")).map((e) => `${e.type} ${e.path}`), ["d templates", "f templates/pod.yaml"], "the loop is not in the copy");
      const files = copied.filter((e) => e.path.startsWith("files/"));
      strictEqual(files.length, LINKS + 1);
      // One copy of the file: every name is a hard link to it.
      deepStrictEqual(new Set(files.map((e) => e.inode)).size, 1);
      ok(files.every((e) => e.type === "f" && e.size === big && e.links === LINKS + 1), JSON.stringify(files.slice(0, 2)));
    });
  }

  it("a chart whose copy would exceed the size budget is exit 2 naming the chart", async () => {
    const chart = join(dir, "huge");
    mkdirSync(join(chart, "templates"), { recursive: true });
    writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: huge\nversion: 0.1.0\n");
    writeFileSync(join(chart, "a.bin"), Buffer.alloc(1536 * 1024, "a"));
    writeFileSync(join(chart, "b.bin"), Buffer.alloc(1536 * 1024, "b"));
    symlinkSync("..", join(chart, "templates", "up"));
    const run = await runCli(["huge"], { cwd: dir, env: { TRUSTLINT_MAX_INPUT_MB: "2" } });
    assertOneLineError(run, /^trustlint: huge: the chart's files come to more than trustlint's limit of 2\.0 MiB for the copy it renders without its outside symlinks \(set TRUSTLINT_MAX_INPUT_MB to raise it\)$/);
  });
});
