import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch } from "../support/cli";
import type { CliRun } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { HELMS, ROOT, TOOLS, assertToolsPresent } from "../support/tools";
import { processRunning } from "../../src/render/process-groups";

/**
 * Helm and kubectl as subprocesses: no shell, a timeout, the whole process group ended on
 * SIGINT/SIGTERM, and temporary directories removed on every exit path. Fake tools (shell
 * scripts) stand in where a real one cannot be made slow or noisy on demand.
 */

before(() => assertToolsPresent());

// Characters a shell would act on; every path and value below carries them.
const NASTY = "a b, c; $(touch pwned) `touch pwned2` 'q' \"d\" & | > x";

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A fake helm or kustomize: records its own pid and a grandchild sleeper's pid in $HELM_FAKE_PIDS
 * (a HELM_ name, because only those reach a child: see render/child-env.ts),
 * then waits (so it runs until killed), or prints forever with `flood`.
 */
function fakeTool(dir: string, name: string, mode: "wait" | "flood" | "ignore-term" = "wait"): string {
  const file = join(dir, name);
  const body = {
    wait: 'sleep 300 &\necho "$$ $!" > "$HELM_FAKE_PIDS"\nwait\n',
    // A grandchild that ignores SIGTERM must still end: trustlint follows with SIGKILL.
    "ignore-term": "sh -c 'trap \"\" TERM; sleep 300' &\necho \"$$ $!\" > \"$HELM_FAKE_PIDS\"\nwait\n",
    flood: 'echo "$$ $$" > "$HELM_FAKE_PIDS"\nwhile :; do echo "# padding padding padding padding padding padding padding padding"; done\n',
  }[mode];
  writeFileSync(file, `#!/bin/sh\n${body}`);
  chmodSync(file, 0o755);
  return file;
}

function readPids(file: string): number[] | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8").trim();
  return /^\d+ \d+$/.test(text) ? text.split(" ").map(Number) : undefined;
}

/** A private TMPDIR, and what trustlint left in it. */
function privateTmp(dir: string): { env: NodeJS.ProcessEnv; leftovers: () => string[] } {
  const tmp = join(dir, "tmp");
  mkdirSync(tmp, { recursive: true });
  return { env: { TMPDIR: tmp }, leftovers: () => readdirSync(tmp).filter((f) => f.startsWith("trustlint-")) };
}

function writeChart(dir: string, name = "chart"): string {
  const chart = join(dir, name);
  mkdirSync(join(chart, "templates"), { recursive: true });
  writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: nasty\nversion: 0.1.0\n");
  writeFileSync(join(chart, "values.yaml"), "caPath: /ca/default.crt\nextra: none\n");
  writeFileSync(
    join(chart, "templates", "pod.yaml"),
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    extra: {{ .Values.extra | quote }}\nspec:\n  containers:\n    - name: c\n      image: i\n      env:\n        - name: SSL_CERT_FILE\n          value: {{ .Values.caPath }}\n",
  );
  return chart;
}

/** Starts the CLI, waits for the fake tool to record its pids, sends `signal`, and returns the run and the pids. */
async function interrupt(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; pidFile: string; signal: NodeJS.Signals; beforeSignal?: () => void }): Promise<{ run: CliRun; pids: number[] }> {
  let child: ChildProcess | undefined;
  const running = runCli(args, { cwd: options.cwd, env: { ...options.env, HELM_FAKE_PIDS: options.pidFile }, onSpawn: (c) => (child = c) });
  const pids = await waitFor("the fake tool to start", () => readPids(options.pidFile));
  options.beforeSignal?.();
  child!.kill(options.signal);
  const run = await running;
  return { run, pids };
}

describe("subprocesses: no shell, a timeout, killed with their children, temp dirs removed", () => {
  for (const helm of HELMS) {
    it(`${helm.name}: -f and --set-file paths and --set values with shell characters are passed literally`, async () => {
      const { dir, cleanup } = scratch();
      try {
        const chart = writeChart(dir, `chart ${NASTY}`);
        const values = join(dir, `values ${NASTY}.yaml`);
        writeFileSync(values, "caPath: /from/values/file.crt\n");
        // --set-file takes Helm's key=path[,key=path] syntax, so its path is the one without a comma.
        const extra = join(dir, `extra ${NASTY.replace(",", "")}.txt`);
        writeFileSync(extra, "from the set-file");
        const run = await runCli([chart, "-f", values, "--set-file", `extra=${extra}`, "--set", `unused=$(touch pwned3);x`, "--format", "json"], { cwd: dir, env: { HELM_BIN: helm.bin } });
        strictEqual(run.code, 1, run.stderr);
        const [finding] = jsonReport(run).findings;
        ok(finding?.message.includes("SSL_CERT_FILE=/from/values/file.crt"), finding?.message);
        deepStrictEqual(readdirSync(dir).filter((f) => f.startsWith("pwned")), []);
      } finally {
        cleanup();
      }
    });
  }

  it("a kustomization directory with shell characters is built literally", async () => {
    const { dir, cleanup } = scratch();
    try {
      const overlay = join(dir, `overlay ${NASTY}`);
      cpSync(join(ROOT, "test", "fixtures", "kustomize"), join(dir, "k"), { recursive: true });
      mkdirSync(overlay);
      writeFileSync(join(overlay, "kustomization.yaml"), "resources:\n  - ../k/overlay\nnamePrefix: odd-\n");
      const run = await runCli([overlay, "--format", "json", "--fail-level", "none"], { cwd: dir });
      strictEqual(run.code, 0, run.stderr);
      ok(jsonReport(run).summary.objects > 0);
      deepStrictEqual(readdirSync(dir).filter((f) => f.startsWith("pwned")), []);
    } finally {
      cleanup();
    }
  });

  it("helm is stopped at --timeout, with its grandchildren, and says so in one line", async () => {
    const { dir, cleanup } = scratch();
    try {
      const chart = writeChart(dir);
      const pidFile = join(dir, "pids");
      const run = await runCli([chart, "--timeout", "1"], { cwd: dir, env: { HELM_BIN: fakeTool(dir, "helm"), HELM_FAKE_PIDS: pidFile } });
      assertOneLineError(run, /^trustlint: chart: helm template timed out after 1s and was stopped \(raise --timeout\)$/);
      const pids = readPids(pidFile)!;
      await waitFor("helm and its grandchild to end", () => (pids.some(processRunning) ? undefined : true), 5000);
    } finally {
      cleanup();
    }
  });

  it("kustomize is stopped at --timeout, and its wrapper directory is removed", async () => {
    const { dir, cleanup } = scratch();
    try {
      const tmp = privateTmp(dir);
      const pidFile = join(dir, "pids");
      const run = await runCli([join(ROOT, "test", "fixtures", "kustomize", "overlay"), "--timeout", "0.5"], { cwd: dir, env: { ...tmp.env, TRUSTLINT_KUSTOMIZE: fakeTool(dir, "kustomize"), HELM_FAKE_PIDS: pidFile } });
      assertOneLineError(run, /: kustomize build timed out after 0\.5s and was stopped \(raise --timeout\)$/);
      await waitFor("kustomize and its grandchild to end", () => (readPids(pidFile)!.some(processRunning) ? undefined : true), 5000);
      deepStrictEqual(tmp.leftovers(), []);
    } finally {
      cleanup();
    }
  });

  it("a render that never stops writing is stopped at the input limit", async () => {
    const { dir, cleanup } = scratch();
    try {
      const chart = writeChart(dir);
      const pidFile = join(dir, "pids");
      const run = await runCli([chart], { cwd: dir, env: { HELM_BIN: fakeTool(dir, "helm", "flood"), HELM_FAKE_PIDS: pidFile, TRUSTLINT_MAX_INPUT_MB: "1" } });
      assertOneLineError(run, /^trustlint: chart: helm template wrote more than trustlint's limit of 1 MiB and was stopped \(set TRUSTLINT_MAX_INPUT_MB to raise it\)$/);
      await waitFor("the flooding helm to end", () => (readPids(pidFile)!.some(processRunning) ? undefined : true), 5000);
    } finally {
      cleanup();
    }
  });

  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal} ends helm and the grandchild it started, and exits ${code}`, async () => {
      const { dir, cleanup } = scratch();
      try {
        const chart = writeChart(dir);
        const { run, pids } = await interrupt([chart], { cwd: dir, env: { HELM_BIN: fakeTool(dir, "helm") }, pidFile: join(dir, "pids"), signal });
        strictEqual(run.code, code, run.stderr);
        strictEqual(run.stdout, "");
        for (const pid of pids) ok(!processRunning(pid), `process ${pid} survived ${signal}`);
      } finally {
        cleanup();
      }
    });
  }

  it("SIGINT also ends a grandchild that ignores SIGTERM", async () => {
    const { dir, cleanup } = scratch();
    try {
      const chart = writeChart(dir);
      const { run, pids } = await interrupt([chart], { cwd: dir, env: { HELM_BIN: fakeTool(dir, "helm", "ignore-term") }, pidFile: join(dir, "pids"), signal: "SIGINT" });
      strictEqual(run.code, 130, run.stderr);
      for (const pid of pids) ok(!processRunning(pid), `process ${pid} survived`);
    } finally {
      cleanup();
    }
  });

  describe("temporary directories are removed on every exit path", () => {
    it("after a successful kustomize build, and after a failing one", async () => {
      const { dir, cleanup } = scratch();
      try {
        const tmp = privateTmp(dir);
        const ok1 = await runCli([join(ROOT, "test", "fixtures", "kustomize", "overlay"), "--fail-level", "none"], { cwd: dir, env: tmp.env });
        strictEqual(ok1.code, 0, ok1.stderr);
        deepStrictEqual(tmp.leftovers(), []);
        const broken = join(dir, "broken");
        mkdirSync(broken);
        writeFileSync(join(broken, "kustomization.yaml"), "resources:\n  - missing.yaml\n");
        assertOneLineError(await runCli([broken], { cwd: dir, env: tmp.env }), /^trustlint: broken: kustomize build failed: /);
        deepStrictEqual(tmp.leftovers(), []);
      } finally {
        cleanup();
      }
    });

    it("after SIGINT during a kustomize build (the wrapper existed while it ran)", async () => {
      const { dir, cleanup } = scratch();
      try {
        const tmp = privateTmp(dir);
        let during: string[] = [];
        const { run } = await interrupt([join(ROOT, "test", "fixtures", "kustomize", "overlay")], {
          cwd: dir,
          env: { ...tmp.env, TRUSTLINT_KUSTOMIZE: fakeTool(dir, "kustomize") },
          pidFile: join(dir, "pids"),
          signal: "SIGINT",
          beforeSignal: () => (during = tmp.leftovers()),
        });
        strictEqual(run.code, 130, run.stderr);
        strictEqual(during.length, 1, `the wrapper directory while kustomize ran: ${during.join(", ")}`);
        deepStrictEqual(tmp.leftovers(), []);
      } finally {
        cleanup();
      }
    });

    it("after success, failure, timeout and SIGTERM of a chart rendered from a copy (a symlink leaves it)", async () => {
      const { dir, cleanup } = scratch();
      try {
        const tmp = privateTmp(dir);
        const chart = writeChart(dir);
        writeFileSync(join(dir, "outside.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: outside}\n");
        symlinkSync(join(dir, "outside.yaml"), join(chart, "templates", "outside.yaml"));
        const env = { ...tmp.env, HELM_BIN: TOOLS.helm4 };
        const success = await runCli([chart, "--format", "json", "--fail-level", "none"], { cwd: dir, env });
        strictEqual(success.code, 0, success.stderr);
        deepStrictEqual(tmp.leftovers(), []);
        writeFileSync(join(chart, "templates", "bad.yaml"), "{{ fail \"no\" }}\n");
        assertOneLineError(await runCli([chart], { cwd: dir, env }), /^trustlint: chart: helm template failed: .*no$/);
        deepStrictEqual(tmp.leftovers(), []);
        const pidFile = join(dir, "pids");
        const slow = { ...tmp.env, HELM_BIN: fakeTool(dir, "helm"), HELM_FAKE_PIDS: pidFile };
        assertOneLineError(await runCli([chart, "--timeout", "1"], { cwd: dir, env: slow }), /timed out after 1s/);
        deepStrictEqual(tmp.leftovers(), []);
        let during: string[] = [];
        const { run } = await interrupt([chart], { cwd: dir, env: slow, pidFile: join(dir, "pids2"), signal: "SIGTERM", beforeSignal: () => (during = tmp.leftovers()) });
        strictEqual(run.code, 143, run.stderr);
        strictEqual(during.length, 1, "the chart copy existed while helm ran");
        deepStrictEqual(tmp.leftovers(), []);
      } finally {
        cleanup();
      }
    });
  });
});
