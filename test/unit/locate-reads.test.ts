import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadStreams } from "../../src/load/loader";
import { readSourceFile } from "../../src/locate/read-file";
import { CopyBudgetExceeded, copyFollowedTree, escapingSymlinks } from "../../src/render/symlinks";
import { TreeFilter } from "../../src/util/tree-walk";
import { scratch } from "../support/cli";

/**
 * Issue 10, classes 3 and 7, at the unit level: the locator's one reader, the symlink filter the
 * renderer and the locator share, the chart copy, and where kustomize origins are read from.
 */

describe("locator reads (read-file.ts): a capped regular file, or nothing", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = scratch()));
  after(() => cleanup());

  it("reads a regular file, also through a link that stays inside the roots", () => {
    writeFileSync(join(dir, "a.yaml"), "a: 1\n");
    symlinkSync("a.yaml", join(dir, "link.yaml"));
    deepStrictEqual(readSourceFile(join(dir, "a.yaml")), { text: "a: 1\n" });
    deepStrictEqual(readSourceFile(join(dir, "link.yaml"), [dir]), { text: "a: 1\n" });
  });

  it("refuses a FIFO without blocking, devices, procfs, directories and what does not exist", () => {
    const fifo = join(dir, "fifo");
    strictEqual(spawnSync("mkfifo", [fifo]).status, 0);
    deepStrictEqual(readSourceFile(fifo), { unreadable: "not-a-file" });
    deepStrictEqual(readSourceFile("/dev/zero"), { unreadable: "special" });
    // procfs files say they are regular and empty, and hold the environment.
    deepStrictEqual(readSourceFile("/proc/self/environ"), { unreadable: "special" });
    symlinkSync("/dev/zero", join(dir, "zero.yaml"));
    deepStrictEqual(readSourceFile(join(dir, "zero.yaml")), { unreadable: "special" });
    deepStrictEqual(readSourceFile(dir), { unreadable: "not-a-file" });
    deepStrictEqual(readSourceFile(join(dir, "missing.yaml")), { unreadable: "missing" });
  });

  it("refuses a path whose real path leaves the roots: .., a link out, an absolute path", () => {
    mkdirSync(join(dir, "root"));
    writeFileSync(join(dir, "outside.yaml"), "secret: 1\n");
    symlinkSync(join(dir, "outside.yaml"), join(dir, "root", "out.yaml"));
    const roots = [join(dir, "root")];
    deepStrictEqual(readSourceFile(join(dir, "root", "..", "outside.yaml"), roots), { unreadable: "outside" });
    deepStrictEqual(readSourceFile(join(dir, "root", "out.yaml"), roots), { unreadable: "outside" });
    deepStrictEqual(readSourceFile("/etc/hostname", roots), existsSync("/etc/hostname") ? { unreadable: "outside" } : { unreadable: "missing" });
  });

  it("refuses a file over the cap, checked by size and while reading", () => {
    writeFileSync(join(dir, "big.yaml"), "x".repeat(1025));
    deepStrictEqual(readSourceFile(join(dir, "big.yaml"), undefined, 1024), { unreadable: "too-large" });
    deepStrictEqual(readSourceFile(join(dir, "big.yaml"), undefined, 1025), { text: "x".repeat(1025) });
  });
});

describe("the chart symlink filter (util/tree-walk.ts) and the chart copy", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = scratch()));
  after(() => cleanup());

  it("skips links that leave, dangle or loop, and walks each real directory once (links to links: linear, not exponential)", () => {
    const root = join(dir, "chart");
    mkdirSync(join(root, "templates"), { recursive: true });
    writeFileSync(join(dir, "outside.yaml"), "x: 1\n");
    writeFileSync(join(root, "templates", "a.yaml"), "a: 1\n");
    symlinkSync(join(dir, "outside.yaml"), join(root, "templates", "out.yaml"));
    symlinkSync("missing.yaml", join(root, "templates", "dangling.yaml"));
    symlinkSync("..", join(root, "templates", "up"));
    // 20 levels, each with two links to the next: 2^19 paths to the last, 20 real directories.
    for (let i = 0; i < 20; i++) {
      mkdirSync(join(root, "d", String(i)), { recursive: true });
      writeFileSync(join(root, "d", String(i), "f.yaml"), `${i}: 1\n`);
      if (i > 0) for (const l of ["l1", "l2"]) symlinkSync(`../${i}`, join(root, "d", String(i - 1), l));
    }
    const files: string[] = [];
    const skipped: string[] = [];
    new TreeFilter(root).walk(root, { file: (p) => files.push(relative(root, p)), skipped: (l) => skipped.push(`${relative(root, l.path)} ${l.reason}`) });
    strictEqual(files.length, 21, files.join("\n"));
    ok(files.includes("templates/a.yaml"));
    deepStrictEqual(skipped.sort(), ["templates/dangling.yaml dangling", "templates/out.yaml outside", "templates/up loop"]);
    deepStrictEqual(
      escapingSymlinks(root).map((l) => `${l.path} ${l.loop ? "loop" : "out"}`),
      ["templates/dangling.yaml out", "templates/out.yaml out", "templates/up loop"],
    );
  });

  it("copies each real file once (further links are hard links), and stops at the budget", () => {
    const root = join(dir, "many");
    mkdirSync(join(root, "files"), { recursive: true });
    writeFileSync(join(root, "files", "big.bin"), Buffer.alloc(64 * 1024, "x"));
    for (let i = 0; i < 50; i++) symlinkSync("big.bin", join(root, "files", `l${i}.bin`));
    symlinkSync("..", join(root, "files", "up"));
    const dest = join(dir, "copy");
    copyFollowedTree(root, dest, 100 * 1024);
    const names = readdirSync(join(dest, "files"));
    strictEqual(names.length, 51);
    deepStrictEqual(new Set(names.map((n) => statSync(join(dest, "files", n)).ino)).size, 1);
    strictEqual(statSync(join(dest, "files", "big.bin")).nlink, 51);
    ok(!existsSync(join(dest, "files", "up")));
    writeFileSync(join(root, "other.bin"), Buffer.alloc(64 * 1024, "y"));
    throws(() => copyFollowedTree(root, join(dir, "copy2"), 100 * 1024), CopyBudgetExceeded);
  });
});

describe("kustomize origins are read from the object's own metadata (load/kustomize-claims.ts)", () => {
  const stream = (text: string) => [{ text, origin: { via: "kustomize" as const, file: "/k/<kustomize>", kustomizeBuild: { dir: "/k", base: "/w" } } }];

  it("takes the annotations off the object and keeps them as untrusted claims", () => {
    const text = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: a",
      "  annotations:",
      "    alpha.config.kubernetes.io/transformations: |",
      "      - configuredIn: ../o/kustomization.yaml",
      "        configuredBy: {apiVersion: builtin, kind: PatchTransformer}",
      "      - configuredIn: ../o/kustomization.yaml",
      "        configuredBy: {apiVersion: builtin, kind: NamespaceTransformer}",
      "    config.kubernetes.io/origin: |",
      "      path: ../base/cm.yaml",
      "",
    ].join("\n");
    const [o] = loadStreams(stream(text), "default").objects;
    deepStrictEqual(o!.doc.origin.kustomizeClaims, { path: "../base/cm.yaml", patchedBy: ["../o/kustomization.yaml"] });
    strictEqual((o!.raw.metadata as Record<string, unknown>).annotations, undefined, "rules never see the build annotations");
  });

  it("a value holding an origin-like line claims nothing", () => {
    const text = "apiVersion: v1\ndata:\n  note: |\n    config.kubernetes.io/origin: |\n      path: ../../../etc/passwd\nkind: ConfigMap\nmetadata:\n  name: a\n";
    const [o] = loadStreams(stream(text), "default").objects;
    strictEqual(o!.doc.origin.kustomizeClaims, undefined);
  });
});
