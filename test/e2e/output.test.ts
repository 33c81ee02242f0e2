import { deepStrictEqual, doesNotMatch, match, ok, strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { jsonReport, runCli, scratch } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { HELMS, ROOT, TOOLS, assertToolsPresent } from "../support/tools";

/**
 * Issue 11, deliverable 6: output for people and for CI, through the real CLI. Each layout is
 * asserted line for line: the compact stylish finding, the summary, colour and hyperlinks, the
 * github annotations that drop nothing, and the flags that shape a run's output and exit code.
 */

before(() => assertToolsPresent());

const DOCS = "https://github.com/trustlint/trustlint/blob/main/rules";

/** One error (a CA file no volume provides) and one warning (a certificate mounted with subPath). */
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
spec:
  containers:
    - name: api
      image: curlimages/curl:8.10.1
      env:
        - name: CURL_CA_BUNDLE
          value: /ca/bundle.crt
      volumeMounts:
        - name: tls
          mountPath: /certs/tls.crt
          subPath: tls.crt
  volumes:
    - name: tls
      secret:
        secretName: api-tls
`;

const ERROR_LINE = '  11:11  error    CURL_CA_BUNDLE=/ca/bundle.crt in container "api" names a path no volume mount provides.  ca-bundle-path-not-mounted';
const WARNING_LINE =
  '  16:11  warning  volume "tls" (Secret api-tls) is mounted with subPath "tls.crt" at /certs/tls.crt in container "api": "tls.crt" is named like a certificate, key or CA file, and a subPath mount is a copy taken when the container starts, so the container never sees a renewed certificate or CA.  cert-mounted-with-subpath';
const ERROR_FIX = "                  fix: Mount the CA volume at /ca (volumeMounts: [{name: ca, mountPath: /ca, readOnly: true}], with items: [{key: <key>, path: bundle.crt}] on the volume), or point the setting at the path where the CA is mounted.";

/** The CLI on a pseudo-terminal (util-linux `script`), so that stdout and stderr are a TTY as for a person. */
function runOnTerminal(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number; output: string } {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, "--import", pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, join(ROOT, "src", "bin.ts"), ...args].map(quote).join(" ");
  const r = spawnSync("script", ["-qec", command, "/dev/null"], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: "xterm-256color", HELM_BIN: TOOLS.helm4, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return { code: r.status ?? -1, output: r.stdout.replace(/\r\n/g, "\n") };
}

describe("issue 11: output for people and for CI", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    mkdirSync(join(dir, "app"));
    writeFileSync(join(dir, "app", "pod.yaml"), POD);
    mkdirSync(join(dir, "other"));
    writeFileSync(join(dir, "other", "pod.yaml"), POD);
    mkdirSync(join(dir, "vendor"));
    writeFileSync(join(dir, "vendor", "pod.yaml"), POD);
  });
  after(() => cleanup());

  describe("stylish", () => {
    it("is compact: one line per finding, then the object and field, then the docs link as text; the summary counts objects", async () => {
      const run = await runCli(["app"], { cwd: dir });
      strictEqual(run.code, 1, run.stderr);
      strictEqual(
        run.stdout,
        [
          "app/pod.yaml",
          ERROR_LINE,
          "                  Pod/shop/api spec.containers[0].env[0]",
          `                  docs: ${DOCS}/ca-bundle-path-not-mounted/README.md`,
          WARNING_LINE,
          "                  Pod/shop/api spec.containers[0].volumeMounts[0].subPath",
          `                  docs: ${DOCS}/cert-mounted-with-subpath/README.md`,
          "",
          "config: none",
          "✖ 2 problems (1 error, 1 warning, 0 info) in 1 object (1 object linted)",
          "",
        ].join("\n"),
      );
      strictEqual(run.stderr, "");
    });

    it("--verbose adds each finding's fix under it", async () => {
      const run = await runCli(["app", "--verbose", "--rule", "ca-bundle-path-not-mounted"], { cwd: dir });
      strictEqual(run.code, 1, run.stderr);
      deepStrictEqual(run.stdout.split("\n").slice(0, 5), ["app/pod.yaml", ERROR_LINE, "                  Pod/shop/api spec.containers[0].env[0]", ERROR_FIX, `                  docs: ${DOCS}/ca-bundle-path-not-mounted/README.md`]);
    });

    for (const helm of HELMS) {
      it(`${helm.name}: a value a values file set says where: set at values.yaml:N`, async () => {
        const run = await runCli(["examples/external-dns", "--rule", "trust-store-shadowed"], { env: { HELM_BIN: helm.bin } });
        strictEqual(run.code, 1, run.stderr);
        const lines = run.stdout.split("\n");
        strictEqual(lines[0], "examples/external-dns/templates/deployment.yaml");
        match(lines[1]!, /^ {2}34:15 {2}error {4}volume "corp-ca" \(ConfigMap corp-ca\) is mounted over \/etc\/ssl\/certs in container "external-dns", .* {2}trust-store-shadowed$/);
        deepStrictEqual(lines.slice(2, 5), [
          "                  Deployment/default/release-name-external-dns spec.template.spec.containers[0].volumeMounts[0].mountPath",
          "                  set at examples/external-dns/values.yaml:7",
          `                  docs: ${DOCS}/trust-store-shadowed/README.md`,
        ]);
        strictEqual(lines.at(-2), "✖ 1 problem (1 error, 0 warnings, 0 info) in 1 object (3 objects linted)");
      });
    }

    it("on a terminal: colour, and the rule id is an OSC 8 hyperlink to its docs instead of a docs line", () => {
      const r = runOnTerminal(["app"], dir);
      strictEqual(r.code, 1, r.output);
      ok(r.output.includes(`\u001b[31merror  \u001b[0m  CURL_CA_BUNDLE=/ca/bundle.crt in container "api" names a path no volume mount provides.  \u001b[2m\u001b]8;;${DOCS}/ca-bundle-path-not-mounted/README.md\u001b\\ca-bundle-path-not-mounted\u001b]8;;\u001b\\\u001b[0m\n`), JSON.stringify(r.output));
      doesNotMatch(r.output, /docs: /);
      // --no-color on a terminal: no colour and no hyperlink; the link is text again.
      const plain = runOnTerminal(["app", "--no-color"], dir);
      ok(plain.output.includes(`${ERROR_LINE}\n`), JSON.stringify(plain.output));
      ok(plain.output.includes(`docs: ${DOCS}/ca-bundle-path-not-mounted/README.md\n`));
      ok(!plain.output.includes("\u001b]8;;"));
      // NO_COLOR on a terminal, as before.
      ok(!runOnTerminal(["app"], dir, { NO_COLOR: "1" }).output.includes("\u001b[31m"));
    });

    it("--color and FORCE_COLOR colour a pipe (a CI log) but never add hyperlinks; --no-color and FORCE_COLOR=0 win", async () => {
      const colourLine = "  \u001b[2m11:11\u001b[0m  \u001b[31merror  \u001b[0m  CURL_CA_BUNDLE=/ca/bundle.crt in container \"api\" names a path no volume mount provides.  \u001b[2mca-bundle-path-not-mounted\u001b[0m";
      for (const [args, env] of [[["--color"], {}], [[], { FORCE_COLOR: "1" }], [[], { FORCE_COLOR: "1", NO_COLOR: "1" }], [["--no-color", "--color"], {}]] as const) {
        const run = await runCli(["app", ...args], { cwd: dir, env });
        strictEqual(run.stdout.split("\n")[1], colourLine, `${args.join(" ")} ${JSON.stringify(env)}`);
        ok(run.stdout.includes(`\n                  \u001b[2mdocs: ${DOCS}/ca-bundle-path-not-mounted/README.md\u001b[0m\n`), "the link stays text");
        ok(!run.stdout.includes("\u001b]8;;"));
      }
      for (const [args, env] of [[["--no-color"], { FORCE_COLOR: "1" }], [[], { FORCE_COLOR: "0" }], [["--color", "--no-color"], {}], [[], { NO_COLOR: "" }]] as const) {
        const run = await runCli(["app", ...args], { cwd: dir, env });
        strictEqual(run.stdout.split("\n")[1], ERROR_LINE, `${args.join(" ")} ${JSON.stringify(env)}`);
      }
      // Report files never carry colour.
      const out = join(dir, "colour.txt");
      await runCli(["app", "--color", "--format", "stylish", "--output", out], { cwd: dir });
      ok(!readFileSync(out, "utf8").includes("\u001b["));
    });
  });

  describe("--quiet, --max-warnings", () => {
    it("--quiet lists errors only, says how many it hid, and prints no warning", async () => {
      writeFileSync(join(dir, "other", "scalar.yaml"), "just a string\n");
      try {
        const run = await runCli(["other", "--quiet"], { cwd: dir });
        strictEqual(run.code, 1, run.stderr);
        strictEqual(
          run.stdout,
          [
            "other/pod.yaml",
            ERROR_LINE,
            "                  Pod/shop/api spec.containers[0].env[0]",
            `                  docs: ${DOCS}/ca-bundle-path-not-mounted/README.md`,
            "",
            "config: none",
            "✖ 2 problems (1 error, 1 warning, 0 info) in 1 object (1 object linted), 1 below error not shown (--quiet)",
            "",
          ].join("\n"),
        );
        strictEqual(run.stderr, "");
        // Without --quiet the load warning is shown; with JSON it goes to stderr, unless --quiet.
        match((await runCli(["other"], { cwd: dir })).stdout, /^warning: other\/scalar\.yaml:1: /m);
        match((await runCli(["other", "--format", "json"], { cwd: dir })).stderr, /^trustlint: warning: other\/scalar\.yaml:1: /m);
        const json = await runCli(["other", "--format", "json", "--quiet"], { cwd: dir });
        strictEqual(json.stderr, "");
        // JSON and SARIF are data: they keep every finding.
        deepStrictEqual(jsonReport(json).findings.map((f) => f.ruleId), ["ca-bundle-path-not-mounted", "cert-mounted-with-subpath"]);
        const github = await runCli(["other", "--format", "github", "--quiet"], { cwd: dir });
        deepStrictEqual(github.stdout.split("\n").filter(Boolean).map((l) => l.split("::")[1]), ["error file=other/pod.yaml,line=11,col=11,title=trustlint ca-bundle-path-not-mounted"]);
      } finally {
        rmSync(join(dir, "other", "scalar.yaml"));
      }
    });

    it("--max-warnings N: exit 1 with more than N warnings (counted with --quiet too), whatever --fail-level says", async () => {
      const over = await runCli(["app", "--fail-level", "none", "--max-warnings", "0"], { cwd: dir });
      strictEqual(over.code, 1);
      strictEqual(over.stderr, "trustlint: 1 warning, more than --max-warnings 0 allows\n");
      const quiet = await runCli(["app", "--fail-level", "none", "--max-warnings", "0", "--quiet"], { cwd: dir });
      strictEqual(quiet.code, 1);
      strictEqual(quiet.stderr, "trustlint: 1 warning, more than --max-warnings 0 allows\n");
      const within = await runCli(["app", "--fail-level", "none", "--max-warnings", "1"], { cwd: dir });
      strictEqual(within.code, 0, within.stderr);
      strictEqual(within.stderr, "");
      assertOneLineError(await runCli(["app", "--max-warnings=-1"], { cwd: dir }), /^trustlint: --max-warnings must be a whole number of at least 0 \(got "-1"\)$/);
      assertOneLineError(await runCli(["app", "--max-warnings", "two"], { cwd: dir }), /^trustlint: --max-warnings must be a whole number of at least 0 \(got "two"\)$/);
    });
  });

  describe("-o FILE without --format", () => {
    it("takes SARIF from .sarif and .sarif.json, JSON from .json, and refuses any other name (exit 2, nothing written)", async () => {
      const run = await runCli(["app", "-o", "out/r.sarif", "-o", "out/r.sarif.json", "--output", "out/r.json", "--format", "stylish"], { cwd: dir });
      strictEqual(run.code, 1, run.stderr);
      for (const f of ["out/r.sarif", "out/r.sarif.json"]) strictEqual((JSON.parse(readFileSync(join(dir, f), "utf8")) as { version: string }).version, "2.1.0");
      strictEqual((JSON.parse(readFileSync(join(dir, "out/r.json"), "utf8")) as { formatVersion: number }).formatVersion, 1);
      // The --format after the outputs is the terminal's.
      strictEqual(run.stdout.split("\n")[1], ERROR_LINE);
      // A format given just before -o still decides, whatever the name.
      await runCli(["app", "--format", "json", "-o", "out/r.sarif"], { cwd: dir });
      strictEqual((JSON.parse(readFileSync(join(dir, "out/r.sarif"), "utf8")) as { formatVersion: number }).formatVersion, 1);
      assertOneLineError(
        await runCli(["app", "-o", "out/report.txt"], { cwd: dir }),
        /^trustlint: --output out\/report\.txt has no --format before it, and its name does not say one \(\.sarif or \.json\); put --format stylish\|json\|sarif\|github before --output$/,
      );
      ok(!existsSync(join(dir, "out/report.txt")));
    });
  });

  describe("--print-config", () => {
    it("prints the effective config, the file it came from and the flags over it, and exits 0", async () => {
      const repo = join(dir, "cfg");
      mkdirSync(join(repo, "app"), { recursive: true });
      writeFileSync(join(repo, ".trustlint.yaml"), "rules:\n  trust-store-shadowed: off\n  ca-bundle-path-not-mounted:\n    level: warning\n    options: {imagePaths: [/opt/ca.pem]}\nfailLevel: warning\nclusterDomain: corp.local\nexclude: [vendor]\n");
      const run = await runCli(["--print-config", "app", "--fail-level", "error", "--exclude", "tmp/**"], { cwd: repo });
      strictEqual(run.code, 0, run.stderr);
      strictEqual(run.stderr, "");
      const c = JSON.parse(run.stdout) as Record<string, unknown> & { rules: Record<string, { level: string; options?: Record<string, unknown> }> };
      strictEqual(c.config, ".trustlint.yaml");
      strictEqual(c.failLevel, "error");
      strictEqual(c.clusterDomain, "corp.local");
      strictEqual(c.kubeVersion, "1.34.0");
      deepStrictEqual(c.rules["trust-store-shadowed"], { level: "off" });
      deepStrictEqual(c.rules["ca-bundle-path-not-mounted"], { level: "warning", options: { extraEnv: [], extraFlags: [], imagePaths: ["/opt/ca.pem"], images: [] } });
      deepStrictEqual(c.rules["cert-mounted-with-subpath"], { level: "warning", options: { extraFilePatterns: [] } });
      deepStrictEqual(c.exclude, ["**/.git", "**/node_modules", "**/vendor", "tmp/**"]);
      // From a directory below, the same file is named relative to it; --rule leaves the others off.
      const below = JSON.parse((await runCli(["--print-config", "--rule", "cert-mounted-with-subpath"], { cwd: join(repo, "app") })).stdout) as typeof c;
      strictEqual(below.config, "../.trustlint.yaml");
      deepStrictEqual(Object.entries(below.rules).filter(([, r]) => r.level !== "off").map(([id]) => id), ["cert-mounted-with-subpath"]);
      strictEqual((JSON.parse((await runCli(["--print-config", "--no-config"], { cwd: repo })).stdout) as typeof c).config, null);
      // A config that is wrong is the same exit 2 a lint gives.
      writeFileSync(join(repo, ".trustlint.yaml"), "rules:\n  ca-bundle-path-not-mounted: {options: {nope: 1}}\n");
      assertOneLineError(await runCli(["--print-config"], { cwd: repo }), /^trustlint: \.trustlint\.yaml:2: invalid options for rule ca-bundle-path-not-mounted: options must NOT have additional properties "nope"$/);
    });
  });

  describe("github annotations drop nothing", () => {
    it("stdin findings and files outside the working directory are annotated without a file, their place first", async () => {
      const stdin = await runCli(["-", "--format", "github"], { cwd: dir, input: POD });
      strictEqual(stdin.code, 1, stdin.stderr);
      const heads = (text: string) => text.split("\n").filter(Boolean).map((l) => l.slice(0, l.indexOf(" (Pod/")));
      deepStrictEqual(heads(stdin.stdout), [
        '::error title=trustlint ca-bundle-path-not-mounted::stdin:11:11: CURL_CA_BUNDLE=/ca/bundle.crt in container "api" names a path no volume mount provides.',
        `::warning title=trustlint cert-mounted-with-subpath::stdin:16:11: ${WARNING_LINE.slice(WARNING_LINE.indexOf("volume"), WARNING_LINE.lastIndexOf("  "))}`,
      ]);
      const outside = await runCli([join(dir, "other", "pod.yaml"), "pod.yaml", "--format", "github", "--rule", "ca-bundle-path-not-mounted"], { cwd: join(dir, "app") });
      strictEqual(outside.code, 1, outside.stderr);
      // In reading order: the file:// URI of the file outside sorts first.
      deepStrictEqual(heads(outside.stdout), [
        `::error title=trustlint ca-bundle-path-not-mounted::${join(dir, "other", "pod.yaml")}:11:11: CURL_CA_BUNDLE=/ca/bundle.crt in container "api" names a path no volume mount provides.`,
        '::error file=pod.yaml,line=11,col=11,title=trustlint ca-bundle-path-not-mounted::CURL_CA_BUNDLE=/ca/bundle.crt in container "api" names a path no volume mount provides.',
      ]);
    });
  });

  describe("--exclude and absolute globs", () => {
    it("an absolute glob lints what it matches; --exclude (relative, absolute or a bare name) skips paths of a search and of a glob", async () => {
      const files = async (args: string[]) => [...new Set(jsonReport(await runCli([...args, "--format", "json"], { cwd: dir })).findings.map((f) => f.location.file))];
      deepStrictEqual(await files([join(dir, "app", "*.yaml")]), ["app/pod.yaml"]);
      deepStrictEqual(await files([`${dir}/**/pod.yaml`]), ["app/pod.yaml", "other/pod.yaml", "vendor/pod.yaml"]);
      deepStrictEqual(await files([`${dir}/**/pod.yaml`, "--exclude", join(dir, "vendor")]), ["app/pod.yaml", "other/pod.yaml"]);
      deepStrictEqual(await files([".", "--exclude", "vendor", "--exclude", `${dir}/other/**`]), ["app/pod.yaml"]);
      deepStrictEqual(await files([".", "--exclude", "app/*.yaml"]), ["other/pod.yaml", "vendor/pod.yaml"]);
    });
  });

  describe("Helm errors are printed whole", () => {
    for (const helm of HELMS) {
      it(`${helm.name}: every line of a multi-line fail, indented and escaped under the one-line summary`, async () => {
        const chart = join(dir, `multi-${helm.name.replace(/\W/g, "")}`);
        mkdirSync(join(chart, "templates"), { recursive: true });
        writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: multi\nversion: 0.1.0\n");
        writeFileSync(join(chart, "templates", "cm.yaml"), '{{- fail "the chart needs two values:\\n  - image.tag\\n  - tls.secretName\\n::error::forged \\x1b[31m red" }}\n');
        const run = await runCli([chart], { cwd: dir, env: { HELM_BIN: helm.bin } });
        strictEqual(run.code, 2);
        strictEqual(run.stdout, "");
        strictEqual(
          run.stderr,
          [
            `trustlint: ${chart.slice(dir.length + 1)}: helm template failed: execution error at (multi/templates/cm.yaml:1:4): the chart needs two values:`,
            "      - image.tag",
            "      - tls.secretName",
            "    \\x3a:error::forged \\x1b[31m red",
            "",
          ].join("\n"),
        );
      });
    }

    it("a Helm that prints no Error: line: its first line is the summary and every other line is kept", async () => {
      const fake = join(dir, "fake-helm");
      writeFileSync(fake, "#!/bin/sh\nprintf 'panic: runtime error: index out of range\\n\\ngoroutine 1 [running]:\\nmain.main()\\n' >&2\nexit 2\n");
      chmodSync(fake, 0o755);
      const chart = join(dir, "plain-chart");
      mkdirSync(join(chart, "templates"), { recursive: true });
      writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: plain\nversion: 0.1.0\n");
      const run = await runCli(["plain-chart"], { cwd: dir, env: { HELM_BIN: fake } });
      strictEqual(run.code, 2);
      strictEqual(run.stderr, "trustlint: plain-chart: helm template failed: panic: runtime error: index out of range\n    goroutine 1 [running]:\n    main.main()\n");
    });
  });
});
