import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { globbySync } from "globby";
import { ROOT } from "./tools";

/**
 * What a user's `helm plugin install <git url>`, pre-commit clone or `uses: trustlint/trustlint@v1`
 * gets: the files package.json publishes, package.json and its lock, and the integration files
 * at the repository root.
 */
export function shippedFiles(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] };
  const patterns = pkg.files.map((f) => (f.endsWith("/") ? `${f}**` : f));
  const published = globbySync(patterns, { cwd: ROOT, dot: true, onlyFiles: true, followSymbolicLinks: false });
  return [...new Set([...published, "package.json", "package-lock.json", ".pre-commit-hooks.yaml", "action.yml"])].sort();
}

/** git with no user or system configuration (signing, hooks, templates) leaking in. */
export function git(cwd: string, args: readonly string[]): string {
  return execFileSync("git", ["-c", "user.name=trustlint-test", "-c", "user.email=test@trustlint.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * A git repository at `dir` holding one commit of the working tree's shipped files, so that
 * installs from git are tested on what would be committed, whatever the session's own git state.
 * Returns the commit.
 */
export function snapshotRepo(dir: string, files: readonly string[] = shippedFiles()): string {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f), { preserveTimestamps: true });
  }
  git(dir, ["init", "-q"]);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "trustlint snapshot for tests"]);
  return git(dir, ["rev-parse", "HEAD"]).trim();
}
