import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../support/tools";

/**
 * src/cli/code-cache.ts: the CLI bundle is loaded with a V8 code cache kept in the user's cache
 * directory (issue 16 target 5). The cache is code V8 runs, so only a file this user owns, that
 * nobody else can write and that is not reached through a symlink is used; anything else is
 * compiled as before, and the module behaves the same either way. Each load runs in a new Node
 * process: within one process V8 keeps compiled scripts itself and would not consult the file.
 */
describe("code cache for the CLI bundle", () => {
  let dir: string;
  let bundle: string;
  let env: NodeJS.ProcessEnv;
  const cacheDir = () => join(dir, "xdg", "trustlint");
  const cacheFiles = () => readdirSync(cacheDir()).filter((n) => n.endsWith(".v8"));
  const load = (extra: NodeJS.ProcessEnv = {}): { exports: unknown; cache: string } => {
    const runner = join(dir, "runner.mts");
    writeFileSync(runner, `import { loadWithCodeCache } from ${JSON.stringify(pathToFileURL(join(ROOT, "src", "cli", "code-cache.ts")).href)};\nprocess.stdout.write(JSON.stringify(loadWithCodeCache(process.argv[2], { env: process.env, writeAt: "now" })));\n`);
    const tsx = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
    const run = spawnSync(process.execPath, ["--import", tsx, runner, bundle], { env: { PATH: process.env.PATH, ...env, ...extra }, encoding: "utf8" });
    strictEqual(run.stderr, "");
    return JSON.parse(run.stdout) as { exports: unknown; cache: string };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "trustlint-code-cache-"));
    bundle = join(dir, "bundle.cjs");
    // A CommonJS module like the bundle: it uses require, module, exports, __filename and __dirname.
    writeFileSync(bundle, `const { basename } = require("node:path");\nfunction add(a, b) { return a + b; }\nmodule.exports = { sum: add(40, 2), file: basename(__filename), dir: __dirname, self: exports === module.exports };\n`);
    env = { XDG_CACHE_HOME: join(dir, "xdg") };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const expected = () => ({ sum: 42, file: "bundle.cjs", dir, self: true });

  it("writes the cache on the first load (0600 in a 0700 directory) and uses it on the next", () => {
    const first = load();
    strictEqual(first.cache, "miss");
    deepStrictEqual(first.exports, expected());
    strictEqual(lstatSync(cacheDir()).mode & 0o777, 0o700);
    const [name] = cacheFiles();
    strictEqual(/^cli-[0-9a-f]{32}\.v8$/.test(name ?? ""), true);
    strictEqual(lstatSync(join(cacheDir(), name!)).mode & 0o777, 0o600);
    const second = load();
    strictEqual(second.cache, "hit");
    deepStrictEqual(second.exports, expected());
  });

  it("a changed bundle gets its own cache, and the old one is removed", () => {
    load();
    const [before] = cacheFiles();
    writeFileSync(bundle, `module.exports = { sum: 43 };\n`);
    const changed = load();
    strictEqual(changed.cache, "miss");
    deepStrictEqual(changed.exports, { sum: 43 });
    const after = cacheFiles();
    strictEqual(after.length, 1);
    strictEqual(after[0] === before, false);
  });

  it("a cache file others can write is not used, and is replaced by one only this user can write", () => {
    load();
    const file = join(cacheDir(), cacheFiles()[0]!);
    chmodSync(file, 0o666);
    const run = load();
    strictEqual(run.cache, "miss");
    deepStrictEqual(run.exports, expected());
    strictEqual(lstatSync(file).mode & 0o777, 0o600);
    strictEqual(load().cache, "hit");
  });

  it("a symlink at the cache file is not followed, and is replaced by a file (its target is untouched)", () => {
    load();
    const file = join(cacheDir(), cacheFiles()[0]!);
    const elsewhere = join(dir, "elsewhere.v8");
    const planted = readFileSync(file);
    writeFileSync(elsewhere, planted, { mode: 0o600 });
    rmSync(file);
    symlinkSync(elsewhere, file);
    const run = load();
    strictEqual(run.cache, "miss");
    deepStrictEqual(run.exports, expected());
    strictEqual(lstatSync(file).isFile(), true);
    deepStrictEqual(readFileSync(elsewhere), planted);
  });

  it("a cache directory others can write is neither read nor written", () => {
    mkdirSync(cacheDir(), { recursive: true });
    chmodSync(cacheDir(), 0o777);
    const run = load();
    strictEqual(run.cache, "miss");
    deepStrictEqual(run.exports, expected());
    deepStrictEqual(cacheFiles(), []);
  });

  it("data V8 rejects (not a code cache) only means a compile, and a good cache is written", () => {
    load();
    const file = join(cacheDir(), cacheFiles()[0]!);
    writeFileSync(file, "not a V8 code cache");
    const run = load();
    strictEqual(run.cache, "miss");
    deepStrictEqual(run.exports, expected());
    strictEqual(load().cache, "hit");
  });

  it("TRUSTLINT_CODE_CACHE=0 turns it off: nothing is read or written", () => {
    const run = load({ TRUSTLINT_CODE_CACHE: "0" });
    strictEqual(run.cache, "off");
    deepStrictEqual(run.exports, expected());
    strictEqual(readdirSync(dir).includes("xdg"), false);
  });
});
