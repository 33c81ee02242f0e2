#!/usr/bin/env node
// Puts Microsoft's SARIF validator (@microsoft/sarif-multitool, pinned) into .tools/sarif-multitool,
// for the tests that validate trustlint's SARIF with `--rule-kind "Sarif;Gh"` (GitHub's ingestion
// rules). It is a 42 MB self-contained binary that runs offline once installed, so it lives in the
// git-ignored .tools/ instead of devDependencies: `npm ci` stays small for people who only lint.
// .ci/run installs it; the SARIF test installs it on first use.
//
// Usage: node scripts/sarif-multitool.mjs [--if-missing]    (prints the binary's path)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const MULTITOOL_VERSION = "5.7.0";
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const prefix = join(root, ".tools", "sarif-multitool");
const PLATFORM_PACKAGE = { linux: "sarif-multitool-linux", darwin: "sarif-multitool-darwin", win32: "sarif-multitool-win32" };

export function multitoolBinary() {
  const pkg = PLATFORM_PACKAGE[process.platform];
  if (!pkg) throw new Error(`sarif-multitool: no build for ${process.platform}`);
  return join(prefix, "node_modules", "@microsoft", pkg, process.platform === "win32" ? "Sarif.Multitool.exe" : "Sarif.Multitool");
}

function installedVersion(bin) {
  // It prints its version on stderr.
  const r = spawnSync(bin, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return r.error ? "" : `${r.stdout}${r.stderr}`.trim();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bin = multitoolBinary();
  const wanted = new RegExp(`^SARIF Multitool ${MULTITOOL_VERSION.replace(/\./g, "\\.")}\\b`);
  if (!(process.argv.includes("--if-missing") && wanted.test(installedVersion(bin)))) {
    mkdirSync(prefix, { recursive: true });
    // Scripts must run: the platform package's postinstall makes the binary executable.
    // The wrapper asks for its platform package with a caret range: both are pinned here.
    const packages = [`@microsoft/sarif-multitool@${MULTITOOL_VERSION}`, `@microsoft/${PLATFORM_PACKAGE[process.platform]}@${MULTITOOL_VERSION}`];
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", ...packages], { stdio: ["ignore", "inherit", "inherit"] });
    const version = installedVersion(bin);
    if (!wanted.test(version)) {
      process.stderr.write(`sarif-multitool: ${bin} does not run as version ${MULTITOOL_VERSION} (got "${version}")\n`);
      process.exit(1);
    }
  }
  if (!existsSync(bin)) process.exit(1);
  process.stdout.write(`${bin}\n`);
}
