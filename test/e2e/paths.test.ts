import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { jsonReport, runCli, scratch, summarise } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { assertSchemaValid, assertValidSarif } from "../support/sarif";
import { HELMS, ROOT, assertToolsPresent } from "../support/tools";

/**
 * Paths: a symlink that leaves a chart, an overlay or a linted directory is not followed for
 * reading; SARIF URIs are relative to the working directory and never climb out of it with
 * `..`; a target outside the working directory gets an absolute file:// URI and a warning.
 */

before(() => assertToolsPresent());

const LEAK = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: LEAKED-FROM-OUTSIDE\n";
const POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: curl\nspec:\n  containers:\n    - name: curl\n      image: curl\n      env:\n        - {name: CURL_CA_BUNDLE, value: /ca/bundle.crt}\n";

describe("paths: symlinks out of what is linted are not followed", () => {
  it("a directory target skips a symlinked file and directory that leave it, with a warning, and reads links that stay inside once", async () => {
    const { dir, cleanup } = scratch();
    try {
      mkdirSync(join(dir, "outside", "more"), { recursive: true });
      writeFileSync(join(dir, "outside", "secret.yaml"), LEAK);
      writeFileSync(join(dir, "outside", "more", "x.yaml"), LEAK);
      mkdirSync(join(dir, "repo", "k8s"), { recursive: true });
      writeFileSync(join(dir, "repo", "k8s", "pod.yaml"), POD);
      symlinkSync(join(dir, "outside", "secret.yaml"), join(dir, "repo", "k8s", "leak.yaml"));
      symlinkSync(join(dir, "outside", "more"), join(dir, "repo", "k8s", "more"));
      symlinkSync("pod.yaml", join(dir, "repo", "k8s", "again.yaml"));
      symlinkSync("missing.yaml", join(dir, "repo", "k8s", "dangling.yaml"));
      const run = await runCli(["k8s", "--format", "json"], { cwd: join(dir, "repo") });
      strictEqual(run.code, 1, run.stderr);
      ok(!run.stdout.includes("LEAKED") && !run.stderr.includes("LEAKED"), "nothing from outside was read");
      const report = jsonReport(run);
      deepStrictEqual(summarise(report), ["ca-bundle-path-not-mounted Pod/default/curl k8s/pod.yaml:10"]);
      deepStrictEqual(report.warnings, [
        { where: "k8s/dangling.yaml", message: "symlink not followed: it does not resolve, outside the linted directory" },
        { where: "k8s/leak.yaml", message: `symlink not followed: it leads to ${join(dir, "outside", "secret.yaml")}, outside the linted directory` },
      ]);
    } finally {
      cleanup();
    }
  });

  it("a glob is bounded by its fixed directory; a directory of only escaping links is an error that says so", async () => {
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, "secret.yaml"), LEAK);
      mkdirSync(join(dir, "repo", "k8s"), { recursive: true });
      symlinkSync(join(dir, "secret.yaml"), join(dir, "repo", "k8s", "leak.yaml"));
      assertOneLineError(await runCli(["k8s/*.yaml"], { cwd: join(dir, "repo") }), /^trustlint: k8s\/\*\.yaml: no files match this pattern \(1 symlink leaving it not followed\) \(--allow-empty accepts this\)$/);
      assertOneLineError(await runCli(["k8s"], { cwd: join(dir, "repo") }), /^trustlint: k8s: directory has no YAML or JSON files \(1 symlink leaving it not followed\) \(--allow-empty accepts this\)$/);
    } finally {
      cleanup();
    }
  });

  for (const helm of HELMS) {
    it(`${helm.name}: a chart's template symlinked from outside is not rendered (unless --follow-symlinks)`, async () => {
      const { dir, cleanup } = scratch();
      try {
        writeFileSync(join(dir, "outside.yaml"), LEAK);
        const chart = join(dir, "chart");
        mkdirSync(join(chart, "templates"), { recursive: true });
        writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: linked\nversion: 0.1.0\n");
        writeFileSync(join(chart, "templates", "pod.yaml"), POD);
        symlinkSync(join(dir, "outside.yaml"), join(chart, "templates", "leak.yaml"));
        // A link that stays inside the chart is followed as Helm follows it.
        mkdirSync(join(chart, "shared"));
        writeFileSync(join(chart, "shared", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n");
        symlinkSync("../shared/cm.yaml", join(chart, "templates", "cm.yaml"));
        const env = { HELM_BIN: helm.bin };
        const run = await runCli(["chart", "--format", "json"], { cwd: dir, env });
        strictEqual(run.code, 1, run.stderr);
        ok(!run.stdout.includes("LEAKED"), "the outside template was not rendered");
        const report = jsonReport(run);
        strictEqual(report.summary.objects, 2);
        deepStrictEqual(summarise(report), ["ca-bundle-path-not-mounted Pod/default/curl chart/templates/pod.yaml:10"]);
        deepStrictEqual(report.warnings, [
          { where: "chart/templates/leak.yaml", message: `symlink not followed: it leads to ${join(dir, "outside.yaml")}, outside the chart (--follow-symlinks renders it as Helm would)` },
        ]);
        const followed = jsonReport(await runCli(["chart", "--format", "json", "--follow-symlinks"], { cwd: dir, env }));
        strictEqual(followed.summary.objects, 3);
        deepStrictEqual(followed.warnings, []);
      } finally {
        cleanup();
      }
    });
  }

  it("Kustomize itself refuses a file symlinked from outside the overlay", async () => {
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, "outside.yaml"), LEAK);
      mkdirSync(join(dir, "overlay"));
      writeFileSync(join(dir, "overlay", "kustomization.yaml"), "resources:\n  - leak.yaml\n");
      symlinkSync(join(dir, "outside.yaml"), join(dir, "overlay", "leak.yaml"));
      const run = await runCli(["overlay"], { cwd: dir });
      assertOneLineError(run, /^trustlint: overlay: kustomize build failed: .*security; file '.*leak\.yaml' is not in or below/);
      ok(!run.stderr.includes("LEAKED"));
    } finally {
      cleanup();
    }
  });
});

describe("paths: SARIF URIs", () => {
  it("are relative to the working directory, without ..: from the repository root and from a subdirectory", async () => {
    const { dir, cleanup } = scratch();
    try {
      cpSync(join(ROOT, "test", "fixtures", "kustomize"), join(dir, "kustomize"), { recursive: true });
      mkdirSync(join(dir, "deploy", "apps"), { recursive: true });
      writeFileSync(join(dir, "deploy", "apps", "pod.yaml"), POD);
      for (const [cwd, target, prefix] of [
        [dir, "deploy", "deploy/apps/"],
        [join(dir, "deploy"), ".", "apps/"],
        [join(dir, "deploy", "apps"), "pod.yaml", "pod.yaml"],
        [dir, "kustomize/overlay", "kustomize/"],
      ] as const) {
        const run = await runCli([target, "--format", "sarif"], { cwd });
        strictEqual(run.code, 1, run.stderr);
        const sarif = assertValidSarif(run.stdout);
        const uris = sarif.runs[0]!.results.flatMap((r) => [...(r.locations ?? []), ...(r.relatedLocations ?? [])].map((l) => l.physicalLocation?.artifactLocation?.uri ?? ""));
        ok(uris.length > 0);
        for (const uri of uris) ok(uri.startsWith(prefix) && !uri.split("/").includes(".."), `${uri} from ${cwd}`);
        strictEqual(run.stderr, "");
      }
    } finally {
      cleanup();
    }
  });

  it("a target outside the working directory: an absolute file:// URI (schema-valid), and a warning that GitHub will not show it", async () => {
    const { dir, cleanup } = scratch();
    try {
      mkdirSync(join(dir, "elsewhere"));
      mkdirSync(join(dir, "repo"));
      writeFileSync(join(dir, "elsewhere", "pod.yaml"), POD);
      const run = await runCli(["../elsewhere/pod.yaml", "--format", "sarif", "--output", "out.sarif", "--format", "json"], { cwd: join(dir, "repo") });
      strictEqual(run.code, 1, run.stderr);
      const url = pathToFileURL(join(dir, "elsewhere", "pod.yaml")).href;
      const text = readFileSync(join(dir, "repo", "out.sarif"), "utf8");
      const doc = JSON.parse(text) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
      assertSchemaValid(doc);
      deepStrictEqual(doc.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation, { uri: url });
      ok(!/"uri": "[^"]*\.\.\//.test(text), "no ../ path in any URI");
      deepStrictEqual(jsonReport(run).warnings, [
        { where: url, message: "1 SARIF location is outside the working directory and written as absolute file:// URIs; GitHub code scanning shows only files inside the repository, so run trustlint from the repository root" },
      ]);
      match(jsonReport(run).findings[0]!.location.file, /^file:\/\/\//);
    } finally {
      cleanup();
    }
  });
});
