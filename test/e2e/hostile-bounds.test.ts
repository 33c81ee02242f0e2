import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { CliRun } from "../support/cli";
import { jsonReport, runCli, scratch } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { processRunning } from "../../src/render/process-groups";
import { HELMS, ROOT, TOOLS } from "../support/tools";

/**
 * Issue 10, class 6: unbounded work. Input that is large, deeply repetitive or slow to match must
 * end in a result or a clear error, never a crash, an exhausted heap, a stuck regex or a wait
 * that cannot be interrupted. Each item is reproduced on the real CLI.
 */

describe("issue 10 class 6b: more than 125,000 objects lint without a stack overflow", () => {
  // V8 refuses a call with more than about 125,000 arguments, which is what `push(...array)` and
  // `Math.min(...array)` make of a large array. Each ConfigMap here comes with a scalar document
  // that the loader skips with a warning, so the objects and the warnings both pass the limit.
  // Flow style and no data keep the input (9 MB) and the run (seconds) small.
  const COUNT = 130_000;
  it(`${COUNT.toLocaleString("en")} objects and as many warnings on stdin: every object counted, exit 0`, async () => {
    const parts: string[] = [];
    for (let i = 0; i < COUNT; i++) parts.push(`--- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}\n--- 0\n`);
    const run = await runCli(["-", "--format", "json", "--quiet"], { input: parts.join("") });
    strictEqual(run.code, 0, run.stderr.slice(0, 2000));
    const report = jsonReport(run);
    strictEqual(report.summary.objects, COUNT);
    strictEqual(report.findings.length, 0);
    strictEqual(report.warnings.length, COUNT);
    deepStrictEqual(report.warnings[COUNT - 1], { where: `<stdin>:${2 * COUNT}`, message: "document is a scalar, not a Kubernetes object; skipped" });
  });
});

/**
 * The CLI (sources through tsx) with standard input fed by a writer that never stops on its own
 * (`yes`); the writer is ended once trustlint exits. `writerEnded` tells whether the writer had
 * already died of a closed pipe, i.e. trustlint stopped reading instead of buffering to the end.
 */
function runWithEndlessStdin(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun & { writerEnded: boolean }> {
  const loader = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
  return new Promise((resolve, reject) => {
    const writer = spawn("yes", ["# a comment line, over and over"], { stdio: ["ignore", "pipe", "ignore"] });
    const child = spawn(process.execPath, ["--import", loader, join(ROOT, "src", "bin.ts"), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, HELM_BIN: TOOLS.helm4, ...env },
      stdio: [writer.stdout, "pipe", "pipe"],
    });
    // Our copy of the pipe's read end would keep the writer going: only trustlint may hold it.
    writer.stdout.destroy();
    let writerEnded = false;
    writer.on("exit", () => (writerEnded = true));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    // A build that buffers all of stdin would never finish (until its heap is gone): stop it.
    const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(guard);
      // Give the writer a moment to see the closed pipe (EPIPE/SIGPIPE) before judging.
      setTimeout(() => {
        const ended = writerEnded;
        writer.kill("SIGKILL");
        resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), writerEnded: ended });
      }, 500);
    });
  });
}

describe("issue 10 class 6a: the input limit holds on stdin and for gzip in user data", () => {
  for (const args of [["-"], ["--post-renderer"]]) {
    it(`trustlint ${args.join(" ")} stops reading an endless stdin at the limit: exit 2 in one line`, async () => {
      const run = await runWithEndlessStdin(args, { TRUSTLINT_MAX_INPUT_MB: "1" });
      assertOneLineError(run, /^trustlint: <stdin>: input is over trustlint's limit of 1\.0 MiB; stopped reading it \(set TRUSTLINT_MAX_INPUT_MB to raise it\)$/);
      ok(run.writerEnded, "the pipe was closed while the writer was still writing");
    });
  }

  describe("gzip user data", () => {
    let dir: string;
    let cleanup: () => void;
    before(() => ({ dir, cleanup } = scratch()));
    after(() => cleanup());

    // An AL2 launch template that installs a CA and never restarts containerd: node-ca-not-reloaded.
    const SCRIPT = "#!/bin/bash\nset -e\ncurl -fsSL -o /etc/pki/ca-trust/source/anchors/corp.crt https://pki.corp.example/root.crt\nupdate-ca-trust extract\n";
    const launchTemplate = (name: string, gzip: Buffer) =>
      `apiVersion: ec2.services.k8s.aws/v1alpha1\nkind: LaunchTemplate\nmetadata: {name: ${name}, namespace: infra}\nspec:\n  name: ${name}\n  data:\n    userData: ${gzip.toString("base64")}\n`;

    it("within the limit, gzip+base64 user data is read: the CA install is found", async () => {
      writeFileSync(join(dir, "small.yaml"), launchTemplate("small", gzipSync(SCRIPT)));
      const run = await runCli(["small.yaml", "--format", "json"], { cwd: dir });
      strictEqual(run.code, 1, run.stderr);
      const report = jsonReport(run);
      deepStrictEqual(report.findings.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.location.line}`), ["node-ca-not-reloaded LaunchTemplate/small 7"]);
      deepStrictEqual(report.warnings, []);
    });

    it("a 1 GiB gzip bomb (2 MB of base64) is not inflated: a warning names the field, no crash, no finding", async () => {
      // The same script, then sixteen gzip members of 64 MiB of comment lines each (gunzip reads
      // concatenated members as one stream): 1 GiB inflated, more than a JavaScript string holds.
      const padding = gzipSync(Buffer.alloc(64 * 1024 * 1024, "# padding\n"), { level: 9 });
      writeFileSync(join(dir, "bomb.yaml"), launchTemplate("bomb", Buffer.concat([gzipSync(SCRIPT), ...Array<Buffer>(16).fill(padding)])));
      const run = await runCli(["bomb.yaml", "--format", "json"], { cwd: dir });
      strictEqual(run.code, 0, run.stderr);
      const report = jsonReport(run);
      deepStrictEqual(report.findings, []);
      deepStrictEqual(report.warnings, [
        { where: "bomb.yaml:1", message: "LaunchTemplate/infra/bomb spec.data.userData: gzip data inflates to more than 16 MiB; not read, so nothing in it is checked" },
      ]);
    });
  });
});

describe("issue 10 class 6c: template lines are mapped in linear time, 40 actions in a name included", () => {
  let dir: string;
  let cleanup: () => void;
  // Two Deployments in one template, each named by 40 actions: picking the document of a
  // finding matches the other's name pattern (40 wildcards, 40 dashes) against a name with 39
  // dashes, and the `--zones=` line is 40 actions that are no YAML key. Both took the old
  // backtracking regexes longer than any CI run (2^40 and C(80,40) ways to try).
  const name = (suffix: string) => Array<string>(40).fill("{{ $env }}").join("-") + suffix;
  const TEMPLATE = [
    "{{- $env := .Values.env }}",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${name("-tls")}`,
    "spec:",
    "  selector: {matchLabels: {app: tls}}",
    "  template:",
    "    metadata: {labels: {app: tls}}",
    "    spec:",
    "      containers:",
    "        - name: app",
    "          image: node:20",
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${name("")}`,
    "spec:",
    "  selector: {matchLabels: {app: plain}}",
    "  template:",
    "    metadata: {labels: {app: plain}}",
    "    spec:",
    "      containers:",
    "        - name: app",
    "          image: node:20",
    "          args:",
    `            - --zones=${Array<string>(40).fill("{{ $env }}").join("")}`,
    "          env:",
    "            - name: NODE_TLS_REJECT_UNAUTHORIZED",
    '              value: "0"',
    "",
  ].join("\n");
  before(() => {
    ({ dir, cleanup } = scratch());
    mkdirSync(join(dir, "chart", "templates"), { recursive: true });
    writeFileSync(join(dir, "chart", "Chart.yaml"), "apiVersion: v2\nname: zones\nversion: 1.0.0\n");
    writeFileSync(join(dir, "chart", "values.yaml"), "env: prod\n");
    writeFileSync(join(dir, "chart", "templates", "workers.yaml"), TEMPLATE);
  });
  after(() => cleanup());

  for (const h of HELMS) {
    it(`${h.name}: the finding in the second Deployment points at its env item, line 30`, async () => {
      const run = await runCli(["chart", "--format", "json", "--rule", "tls-verification-disabled"], {
        cwd: dir,
        env: { HELM_BIN: h.bin },
        // A build with the backtracking regexes never finishes: end it rather than leave it running.
        onSpawn: (child) => setTimeout(() => child.kill("SIGKILL"), 90_000).unref(),
      });
      strictEqual(run.code, 1, run.stderr);
      const report = jsonReport(run);
      const plain = Array<string>(40).fill("prod").join("-");
      deepStrictEqual(
        report.findings.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.location.file}:${f.location.line} ${f.location.method}`),
        [`tls-verification-disabled Deployment/${plain} chart/templates/workers.yaml:30 key-search`],
      );
    });
  }
});

describe("issue 10 class 6d: config regexes are checked when the config loads and run in linear time", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = scratch()));
  after(() => cleanup());

  /** A Deployment that mounts ConfigMap key `key` with subPath at /etc/app/<key>. */
  const mounting = (name: string, keys: readonly string[]) =>
    [
      "apiVersion: apps/v1",
      "kind: Deployment",
      `metadata: {name: ${name}}`,
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: app",
      "          image: nginx:1.27",
      "          volumeMounts:",
      ...keys.map((k) => `            - {name: conf, mountPath: /etc/app/${k}, subPath: ${k}}`),
      "      volumes:",
      "        - {name: conf, configMap: {name: conf}}",
      "",
    ].join("\n");

  const setUp = (config: string, manifests: string) => {
    writeFileSync(join(dir, ".trustlint.yaml"), config);
    writeFileSync(join(dir, "deploy.yaml"), manifests);
  };

  for (const [what, config, line, message] of [
    [
      "a backreference in a rule's extraFilePatterns",
      'rules:\n  cert-mounted-with-subpath:\n    level: warning\n    options:\n      extraFilePatterns:\n        - "\\\\.ca$"\n        - "(a)\\\\1"\n',
      7,
      'invalid options for rule cert-mounted-with-subpath: extraFilePatterns.1 "\\(a\\)\\\\1" uses a backreference or octal escape, which trustlint does not run \\(config patterns run in linear time: no backreferences, no lookaround\\)',
    ],
    [
      "an unterminated group in a knowledge controller's image",
      "knowledge:\n  controllers:\n    - id: my-injector\n      description: writes caBundles\n      evidence: []\n      issuesOwnCertificate: true\n      match:\n        image: \"my-injector(\"\n",
      8,
      'invalid config: knowledge\\.controllers\\.0\\.match\\.image "my-injector\\(" is not a valid regular expression \\(Unterminated group\\)',
    ],
  ] as const) {
    it(`${what} is exit 2 naming the file, line and key, before anything is linted`, async () => {
      setUp(config, mounting("web", ["app.conf"]));
      assertOneLineError(await runCli(["deploy.yaml"], { cwd: dir }), new RegExp(`^trustlint: \\.trustlint\\.yaml:${line}: ${message}$`));
    });
  }

  it("(x+x+)+y as extraFilePatterns against a 200-character key: the lint ends, and the key that matches is found", async () => {
    // 2^100 ways to split the x's for a backtracking engine; one pass here.
    const long = "x".repeat(200);
    setUp('rules:\n  cert-mounted-with-subpath:\n    level: warning\n    options:\n      extraFilePatterns: ["^(x+x+)+y$"]\n', mounting("web", [long, "xxxy"]));
    const run = await runCli(["deploy.yaml", "--format", "json", "--rule", "cert-mounted-with-subpath"], { cwd: dir, onSpawn: (child) => setTimeout(() => child.kill("SIGKILL"), 90_000).unref() });
    strictEqual(run.code, 0, run.stderr);
    deepStrictEqual(
      jsonReport(run).findings.map((f) => `${f.ruleId} ${f.object.name} ${f.path} ${f.location.line}`),
      ["cert-mounted-with-subpath web spec.template.spec.containers[0].volumeMounts[1].subPath 12"],
    );
  });

  it("an ignore glob *a*a*a*a*a*a*a*b against a 300-character name: the lint ends, the finding is not suppressed", async () => {
    // As a JavaScript RegExp, this glob took 16 minutes on 300 characters.
    const name = "a".repeat(300);
    setUp("ignore:\n  - rule: cert-mounted-with-subpath\n    name: \"*a*a*a*a*a*a*a*b\"\n    reason: hostile\n", mounting(name, ["tls.crt"]));
    const run = await runCli(["deploy.yaml", "--format", "json", "--rule", "cert-mounted-with-subpath"], { cwd: dir, onSpawn: (child) => setTimeout(() => child.kill("SIGKILL"), 90_000).unref() });
    strictEqual(run.code, 0, run.stderr);
    const report = jsonReport(run);
    deepStrictEqual(report.findings.map((f) => `${f.ruleId} ${f.object.name.length} ${f.suppressed} ${f.location.line}`), ["cert-mounted-with-subpath 300 false 11"]);
  });
});

describe("issue 10 class 6f: --timeout is clamped to what a timer holds and ends the wait whatever holds the pipe", () => {
  let dir: string;
  let cleanup: () => void;
  const strays: number[] = [];
  before(() => {
    ({ dir, cleanup } = scratch());
    mkdirSync(join(dir, "chart", "templates"), { recursive: true });
    writeFileSync(join(dir, "chart", "Chart.yaml"), "apiVersion: v2\nname: slow\nversion: 1.0.0\n");
  });
  after(() => {
    for (const pid of strays) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    cleanup();
  });

  /** A fake helm (`HELM_BIN`): the shell script `body`, after `#!/bin/sh`. */
  const fakeHelm = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}`);
    chmodSync(file, 0o755);
    return file;
  };

  it("a timeout of 3,000,000 s (over Node's 24.8-day timer limit) does not fire at once: the render is linted", async () => {
    // Unclamped, setTimeout would run its callback after 1 ms and kill this helm before it printed.
    const helm = fakeHelm("helm-quick", "sleep 0.5\nprintf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: quick\\n'\n");
    const run = await runCli(["chart", "--timeout", "3000000", "--format", "json"], { cwd: dir, env: { HELM_BIN: helm } });
    strictEqual(run.code, 0, run.stderr);
    strictEqual(jsonReport(run).summary.objects, 1);
    strictEqual(run.stderr, "");
  });

  it("a grandchild in its own session that holds helm's stdout open does not outlast --timeout", async () => {
    // setsid puts the sleeper out of helm's process group, so killing the group leaves it alive,
    // holding the pipe: waiting for the pipe to close would wait 600 s.
    const pidFile = join(dir, "grandchild.pid");
    const helm = fakeHelm("helm-setsid", `setsid sh -c 'echo $$ > "$HELM_FAKE_PIDS"; exec sleep 600' &\nsleep 600\n`);
    const run = await runCli(["chart", "--timeout", "1"], {
      cwd: dir,
      env: { HELM_BIN: helm, HELM_FAKE_PIDS: pidFile },
      onSpawn: (child) => setTimeout(() => child.kill("SIGKILL"), 90_000).unref(),
    });
    if (existsSync(pidFile)) strays.push(Number(readFileSync(pidFile, "utf8").trim()));
    assertOneLineError(run, /^trustlint: chart: helm template timed out after 1s and was stopped \(raise --timeout\)$/);
    ok(strays.length === 1, "the grandchild had started");
  });
});

describe("issue 10 class 6e: SIGINT and SIGTERM stop a CPU-bound lint at once", () => {
  // 20,000 Deployments, each with a CA variable and a mount over the trust store: several seconds
  // of loading, building the trust model and running rules, all synchronous JavaScript.
  const COUNT = 20_000;
  let manifests: string;
  before(() => {
    const parts: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      parts.push(
        `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: ns-${i % 50}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: node:20\n          env:\n            - {name: NODE_EXTRA_CA_CERTS, value: /etc/ssl/certs/ca.pem}\n          volumeMounts:\n            - {name: ca, mountPath: /etc/ssl/certs}\n      volumes:\n        - {name: ca, configMap: {name: ca-${i}}}\n`,
      );
    }
    manifests = parts.join("");
  });

  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    it(`${signal} once the manifests are read: exit ${code} with one line, and no report (the lint did not run to its end)`, async () => {
      // The write completes when trustlint has read all but a pipe's buffer of its standard
      // input: from then on it is linting (seconds of synchronous work), with no I/O to wait for.
      // Before the lint ran in a worker, the signal waited for the lint's end and the report
      // was printed; now the report never comes.
      const run = await runCli(["-", "--format", "json"], { input: manifests, onSpawn: (child) => child.stdin!.on("finish", () => child.kill(signal)) });
      strictEqual(run.code, code, run.stderr);
      strictEqual(run.stderr, `trustlint: stopped by ${signal}\n`);
      strictEqual(run.stdout, "");
    });
  }

  // A small run (src/cli/thread-choice.ts) and a library caller lint on the main thread, which
  // handles a signal between event-loop turns: while helm renders, at once.
  it("on the main thread, SIGTERM while helm renders: helm's process group ends, one line, exit 143", async () => {
    const { dir, cleanup } = scratch();
    try {
      mkdirSync(join(dir, "chart", "templates"), { recursive: true });
      writeFileSync(join(dir, "chart", "Chart.yaml"), "apiVersion: v2\nname: slow\nversion: 1.0.0\n");
      const pidFile = join(dir, "helm.pid");
      const helm = join(dir, "helm");
      writeFileSync(helm, `#!/bin/sh\necho $$ > ${JSON.stringify(pidFile)}\nexec sleep 600\n`);
      chmodSync(helm, 0o755);
      const runner = join(dir, "runner.mts");
      writeFileSync(runner, `import { runProcess } from ${JSON.stringify(pathToFileURL(join(ROOT, "src", "cli", "main.ts")).href)};\nrunProcess();\n`);
      const tsx = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
      const child = spawn(process.execPath, ["--import", tsx, runner, "chart"], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, HELM_BIN: helm }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      while (!existsSync(pidFile) || readFileSync(pidFile, "utf8").trim() === "") await new Promise((r) => setTimeout(r, 20));
      const helmPid = Number(readFileSync(pidFile, "utf8").trim());
      child.kill("SIGTERM");
      strictEqual(await exited, 143, stderr);
      strictEqual(stderr, "trustlint: stopped by SIGTERM\n");
      strictEqual(stdout, "");
      // Gone, or a zombie that its new parent has not reaped yet.
      ok(!processRunning(helmPid), `helm (pid ${helmPid}) still runs`);
    } finally {
      cleanup();
    }
  });
});
