import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { CLI_BUNDLE_FILES, HELMS, ROOT, assertToolsPresent } from "../support/tools";


before(() => assertToolsPresent());

describe("bad input: one line, exit 2, never a stack trace", () => {
  it("a path that does not exist", async () => {
    assertOneLineError(await runCli(["no/such/chart"]), /^trustlint: no\/such\/chart: no such file or directory$/);
  });

  it("a directory with no YAML", async () => {
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, "notes.txt"), "hello");
      assertOneLineError(await runCli([dir]), /: directory has no YAML or JSON files \(--allow-empty accepts this\)$/);
    } finally {
      cleanup();
    }
  });

  it("a glob that matches nothing", async () => {
    assertOneLineError(await runCli(["test/fixtures/plain/*.nothing"]), /^trustlint: test\/fixtures\/plain\/\*\.nothing: no files match this pattern \(--allow-empty accepts this\)$/);
  });

  it("malformed YAML names the file and line", async () => {
    assertOneLineError(await runCli(["test/fixtures/bad/broken.yaml"]), /^trustlint: test\/fixtures\/bad\/broken\.yaml:10:1: malformed YAML: deficient indentation$/);
  });

  it("malformed YAML on stdin", async () => {
    assertOneLineError(await runCli(["-"], { input: "kind: [\n" }), /^trustlint: <stdin>:\d+:\d+: malformed YAML: /);
  });

  it("malformed YAML in a plain file with # Source: comments names the file read, not the commented template (issue 15)", async () => {
    assertOneLineError(await runCli(["test/fixtures/bad/saved-render.yaml"]), /^trustlint: test\/fixtures\/bad\/saved-render\.yaml:21:10: malformed YAML: bad indentation of a sequence entry$/);
  });

  it("a flow mapping as a key (an unrendered {{ b }}) is reported at its line and column, not 1:1 (issue 15)", async () => {
    assertOneLineError(
      await runCli(["test/fixtures/bad/template-expression.yaml"]),
      /^trustlint: test\/fixtures\/bad\/template-expression\.yaml:6:7: malformed YAML: a mapping key is a list or a mapping \(an unrendered template expression \{\{ \.\.\. \}\}\?\); Kubernetes manifests need scalar keys$/,
    );
    // A block-style complex key in a later document of a stream: the line counts from the stream's start.
    assertOneLineError(await runCli(["-"], { input: "kind: A\n---\na: 1\nb:\n  ? [x]\n  : 1\n" }), /^trustlint: <stdin>:5:5: malformed YAML: a mapping key is a list or a mapping; Kubernetes manifests need scalar keys$/);
  });

  it("binary input", async () => {
    assertOneLineError(await runCli(["-"], { input: Buffer.from([0x00, 0x01, 0x02, 0xff]) }), /^trustlint: <stdin>: input is binary, not YAML text$/);
  });

  it("an unknown flag", async () => {
    assertOneLineError(await runCli(["--frobnicate", "x"]), /^trustlint: unknown option --frobnicate \(see trustlint --help\)$/);
  });

  it("a flag without its value, and a bad --format", async () => {
    assertOneLineError(await runCli(["x", "--values"]), /^trustlint: option --values .*needs a value$/);
    assertOneLineError(await runCli(["x", "--format", "xml"]), /^trustlint: --format must be one of stylish, json, sarif, github \(got "xml"\)$/);
  });

  it("no target", async () => {
    assertOneLineError(await runCli([]), /^trustlint: no target given/);
  });

  it("a bad config file names the file, line and key", async () => {
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n");
      writeFileSync(join(dir, ".trustlint.yaml"), "rules:\n  trust-store-shadowed: loud\n");
      assertOneLineError(await runCli(["pod.yaml"], { cwd: dir }), /^trustlint: \.trustlint\.yaml:2: invalid config: rules\.trust-store-shadowed must be one of off, info, warning, error$/);
      writeFileSync(join(dir, ".trustlint.yaml"), "rules: {}\nignores: []\n");
      assertOneLineError(await runCli(["pod.yaml"], { cwd: dir }), /^trustlint: \.trustlint\.yaml:2: invalid config: unknown key "ignores" in \(top level\)$/);
      writeFileSync(join(dir, ".trustlint.yaml"), "rules:\n  no-such-rule: error\n");
      assertOneLineError(await runCli(["pod.yaml"], { cwd: dir }), /^trustlint: \.trustlint\.yaml:2: invalid config: unknown rule "no-such-rule"/);
      writeFileSync(join(dir, ".trustlint.yaml"), "rules:\n  trust-store-shadowed:\n    options:\n      extraDirectories: [relative/dir]\n");
      assertOneLineError(await runCli(["pod.yaml"], { cwd: dir }), /^trustlint: \.trustlint\.yaml:3: invalid options for rule trust-store-shadowed: extraDirectories\.0 must match pattern/);
      writeFileSync(join(dir, ".trustlint.yaml"), "rules: [unclosed\n");
      assertOneLineError(await runCli(["pod.yaml"], { cwd: dir }), /^trustlint: \.trustlint\.yaml:\d+:\d+: malformed YAML in config: /);
      assertOneLineError(await runCli(["pod.yaml", "--config", "missing.yaml"], { cwd: dir }), /^trustlint: missing\.yaml: cannot read config file$/);
    } finally {
      cleanup();
    }
  });

  it("no Helm binary found", async () => {
    // A copy of the bundle in a package without the pinned toolchain, and no helm on PATH.
    const { dir, cleanup } = scratch();
    try {
      mkdirSync(join(dir, "dist"));
      for (const f of CLI_BUNDLE_FILES) copyFileSync(join(ROOT, "dist", f), join(dir, "dist", f));
      copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
      assertOneLineError(
        await runCli(["examples/external-dns"], { entry: join(dir, "dist", "trustlint.cjs"), env: { HELM_BIN: "", PATH: "/nonexistent" } }),
        /^trustlint: examples\/external-dns: no Helm binary found: set HELM_BIN, put helm on PATH, or run `npm run tools`$/,
      );
    } finally {
      cleanup();
    }
  });

  for (const helm of HELMS) {
    describe(`charts on ${helm.name}`, () => {
      const env = { HELM_BIN: helm.bin };

      it("a chart whose render fails carries Helm's own message", async () => {
        assertOneLineError(await runCli(["test/fixtures/charts/fails"], { env }), /^trustlint: test\/fixtures\/charts\/fails: helm template failed: execution error at \(fails\/templates\/fail\.yaml:6:\d+\): replicas must be set$/);
      });

      it("a multi-line Helm error is kept whole: every value the chart's schema refuses", async () => {
        // The summary on one line, then every other line Helm printed, indented under it (issue 11).
        const run = await runCli(["test/fixtures/charts/schema-fails"], { env });
        strictEqual(run.code, 2);
        strictEqual(run.stdout, "");
        const lines = run.stderr.split("\n").filter(Boolean);
        match(lines[0]!, /^trustlint: test\/fixtures\/charts\/schema-fails: helm template failed: values don't meet the specifications of the schema\(s\) in the following chart\(s\):$/);
        strictEqual(lines[1], "    schema-fails:");
        strictEqual(lines.length, 4, run.stderr);
        ok(lines.slice(2).every((l) => l.startsWith("    - ")), run.stderr);
        ok(lines.some((l) => /replicas/.test(l)) && lines.some((l) => /mode/.test(l)), run.stderr);
      });

      it("missing dependencies are named, with `helm dependency build`", async () => {
        assertOneLineError(
          await runCli(["test/fixtures/charts/missing-deps"], { env }),
          /^trustlint: test\/fixtures\/charts\/missing-deps: chart dependencies are missing: localsub; run `helm dependency build test\/fixtures\/charts\/missing-deps`$/,
        );
      });

      it("a render with zero objects is an error, not a pass", async () => {
        assertOneLineError(await runCli(["test/fixtures/charts/empty"], { env }), /^trustlint: test\/fixtures\/charts\/empty: rendered no Kubernetes objects \(--allow-empty accepts this\)$/);
      });

      it("a chart path with shell metacharacters is passed literally", async () => {
        const { dir, cleanup } = scratch();
        try {
          const chart = join(dir, "a chart; $(touch pwned) 'q'");
          mkdirSync(join(chart, "templates"), { recursive: true });
          writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: odd\nversion: 0.1.0\n");
          writeFileSync(join(chart, "templates", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
          const run = await runCli([chart, "--set", "a=$(touch pwned2);b", "--format", "json"], { env, cwd: dir });
          strictEqual(run.code, 0, run.stderr);
          const { existsSync } = await import("node:fs");
          ok(!existsSync(join(dir, "pwned")) && !existsSync(join(dir, "pwned2")));
        } finally {
          cleanup();
        }
      });
    });
  }

  it("a file with no Kubernetes objects is an error", async () => {
    assertOneLineError(await runCli(["-"], { input: "# only a comment\n---\n" }), /^trustlint: -: contains no Kubernetes objects \(--allow-empty accepts this\)$/);
  });

  it("a document without apiVersion/kind is a warning, not a crash", async () => {
    const run = await runCli(["-", "--format", "json"], { input: "foo: bar\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n" });
    strictEqual(run.code, 0, run.stderr);
    deepStrictEqual(jsonReport(run).warnings, [{ where: "<stdin>:1", message: "document has no apiVersion/kind; skipped" }]);
    match(run.stderr, /^trustlint: warning: <stdin>:1: document has no apiVersion\/kind; skipped$/m);
  });
});

describe("secret hygiene", () => {
  const CANARIES = ["CANARY-SECRET-STRINGDATA-7731", "CANARY-SECRET-DATA-5512", Buffer.from("CANARY-SECRET-DATA-5512").toString("base64")];

  for (const format of ["stylish", "json", "sarif", "github"]) {
    it(`no Secret value appears in ${format} output, even through envFrom and secretKeyRef`, async () => {
      const run = await runCli(["test/fixtures/charts/secrets", "--format", format, "--debug"], { env: { HELM_BIN: HELMS[0].bin } });
      strictEqual(run.code, 1, run.stderr);
      for (const canary of CANARIES) {
        ok(!run.stdout.includes(canary), `${canary} leaked into ${format} stdout`);
        ok(!run.stderr.includes(canary), `${canary} leaked into stderr`);
      }
      match(run.stdout, /AWS_CA_BUNDLE/);
    });
  }
});
