#!/usr/bin/env node
// Everything the test suite needs beyond `npm ci`, installed when missing, so that
// `npm ci && npm test` works on a fresh machine (and .ci/run is just that):
// - the pinned Helm 3.18.0, Helm 4.1.4 and kubectl 1.34.5 binaries (scripts/tools.mjs);
// - Microsoft's SARIF validator, pinned (scripts/sarif-multitool.mjs);
// - pre-commit, for the hook's end-to-end test: Debian's package through apt-get when it is not
//   on PATH (as root, as on CI); otherwise this says how to install it and fails;
// - docker-registry (the CNCF distribution registry, Debian's package), an OCI registry that the
//   remote-chart test runs on 127.0.0.1 to lint oci:// charts; installed the same way when root,
//   else that one test is skipped (and says so).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const node = (script, ...args) => execFileSync(process.execPath, [join(root, "scripts", script), ...args], { stdio: ["ignore", "ignore", "inherit"] });

function has(command) {
  const r = spawnSync(command, ["--version"], { stdio: "ignore" });
  return !r.error && r.status === 0;
}

function ensurePreCommit() {
  if (has("pre-commit")) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !has("apt-get")) {
    process.stderr.write("setup: pre-commit is not installed: install it (apt-get install pre-commit, or pipx install pre-commit) and run again\n");
    process.exit(2);
  }
  process.stderr.write("setup: apt-get install pre-commit\n");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
  execFileSync("apt-get", ["install", "-y", "-qq", "pre-commit"], { stdio: ["ignore", "ignore", "inherit"], env });
}

function ensureRegistry() {
  if (existsSync("/usr/bin/docker-registry")) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !has("apt-get")) {
    process.stderr.write("setup: docker-registry is not installed (apt-get install docker-registry): the oci:// test will be skipped\n");
    return;
  }
  process.stderr.write("setup: apt-get install docker-registry\n");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
  execFileSync("apt-get", ["install", "-y", "-qq", "docker-registry"], { stdio: ["ignore", "ignore", "inherit"], env });
}

try {
  node("tools.mjs", "--if-missing");
  node("sarif-multitool.mjs", "--if-missing");
  ensurePreCommit();
  ensureRegistry();
} catch (err) {
  process.stderr.write(`setup: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`);
  process.exit(2);
}
