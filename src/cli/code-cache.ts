import { crypto } from "../util/on-demand";
import { sha256Hex } from "../util/sha256";
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { Script } from "node:vm";

/** Node's CommonJS wrapper (the bundle is a CommonJS module); the tail's newline ends a last-line comment. */
const COMMONJS_HEAD = "(function (exports, require, module, __filename, __dirname) { ";
const COMMONJS_TAIL = "\n});";

/**
 * Loads the CLI bundle (dist/trustlint-cli.cjs) with a V8 code cache, so that a run after the
 * first does not compile its JavaScript (0.9 MB) again (issue 16 target 5; Node 20 has no
 * module.enableCompileCache).
 *
 * The cache is code V8 runs, so it must be safe for a global install, where the bundle is shared
 * and the cache is not: it lives in the user's own cache directory ($XDG_CACHE_HOME/trustlint,
 * else ~/.cache/trustlint, created 0700), and a cache file is used only when it is a regular
 * file, opened without following a symlink, owned by this user and writable by nobody else — a
 * file only this user (or root) can have written. It is written to a new file (O_EXCL, 0600) and
 * renamed into place, so a reader never sees half a file. Its name carries a hash of the bundle
 * file's path and identity (inode, size, modification and change times: see readBundle), Node's
 * version, the architecture and Node's flags; V8 also rejects data made by another V8 or
 * with other flags. Whatever fails (no home, a read-only or foreign directory, a rejected cache)
 * only means the bundle is compiled as before. TRUSTLINT_CODE_CACHE=0 turns it off.
 */
export function requireWithCodeCache(file: string): unknown {
  // Made when the run ends, the cache also holds the functions the run compiled, not only the
  // modules' top-level code. The bundle is ASCII (scripts/build.mjs writes every bundle so, and
  // `build --check` keeps the committed ones so), which reads as Latin-1 in half the time of
  // UTF-8; checking 2 MB for other bytes would cost 3 ms of that.
  return loadWithCodeCache(file, { env: process.env, writeAt: "exit", encoding: "latin1" }).exports;
}

/** How a load used the cache: read and accepted, not there or refused (then written), or off. */
export type CodeCacheUse = "hit" | "miss" | "off";

/** requireWithCodeCache, with its environment and the moment the cache is written given (tests). */
export function loadWithCodeCache(file: string, options: { readonly env: NodeJS.ProcessEnv; readonly writeAt: "exit" | "now"; readonly encoding?: "latin1" | "utf8" }): { readonly exports: unknown; readonly cache: CodeCacheUse } {
  const bundle = readBundle(file, options.encoding ?? "utf8");
  const cacheFile = codeCacheFile(file, bundle.identity, options.env);
  const cached = cacheFile === undefined ? undefined : readOwnFile(cacheFile);
  const script = new Script(`${COMMONJS_HEAD}${bundle.text}${COMMONJS_TAIL}`, { filename: file, cachedData: cached });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (cacheFile === undefined) return { exports: module.exports, cache: "off" };
  if (cached !== undefined && script.cachedDataRejected !== true) return { exports: module.exports, cache: "hit" };
  if (options.writeAt === "now") writeCache(cacheFile, script);
  else process.once("exit", () => writeCache(cacheFile, script));
  return { exports: module.exports, cache: "miss" };
}

/**
 * The bundle's text and what identifies this copy of it: the file's device, inode, size and
 * modification and change times (nanoseconds); hashing its 2 MB took 10 ms of every run. Any write to the file changes its
 * change time, which no user can set, so a changed bundle never meets the cache of the old one.
 */
function readBundle(file: string, encoding: "latin1" | "utf8"): { readonly text: string; readonly identity: string } {
  const fd = openSync(file, constants.O_RDONLY);
  try {
    const st = fstatSync(fd, { bigint: true });
    const bytes = readFileSync(fd);
    return { text: bytes.toString(encoding), identity: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` };
  } finally {
    closeSync(fd);
  }
}

/** The cache file for this copy of the bundle, or undefined when there is no safe place for it. */
function codeCacheFile(file: string, identity: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.TRUSTLINT_CODE_CACHE === "0" || typeof process.getuid !== "function") return undefined;
  const xdg = env.XDG_CACHE_HOME;
  let base: string;
  try {
    base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), ".cache");
  } catch {
    return undefined;
  }
  const key = sha256Hex(`${file}\0${identity}\0${process.version}\0${process.arch}\0${process.execArgv.join(" ")}`).slice(0, 32);
  return join(base, "trustlint", `cli-${key}.v8`);
}

/** The file's bytes if it is a regular file of this user that nobody else can write; else undefined. */
function readOwnFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== process.getuid!() || (st.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Writes the code cache atomically into a directory of this user's that only it can write. */
function writeCache(path: string, script: Script): void {
  const dir = dirname(path);
  const temp = `${path}.${process.pid}.${crypto().randomBytes(6).toString("hex")}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || st.uid !== process.getuid!() || (st.mode & 0o022) !== 0) return;
    writeFileSync(temp, script.createCachedData(), { flag: "wx", mode: 0o600 });
    renameSync(temp, path);
    // One cache per bundle: an upgrade leaves no stale cache behind.
    for (const name of readdirSync(dir)) {
      if (/^cli-[0-9a-f]{32}\.v8$/.test(name) && join(dir, name) !== path) rmSync(join(dir, name), { force: true });
    }
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written, or it cannot be removed: either way the run goes on.
    }
  }
}
