import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileGoGlob, goMatch, helmIgnoredFiles, ignoredByHelm, parseHelmIgnore, type HelmIgnoreRules } from "../../src/render/helm-ignore";
import { unpackChart } from "../../src/render/untar";
import { HELMS, TOOLS } from "../support/tools";

/**
 * src/render/helm-ignore.ts: which files Helm's directory loader leaves out because of a chart's
 * .helmignore. The tables pin Go's filepath.Match and Helm's rule semantics (odd ones included);
 * the last part checks the predictions against Helm 3.18 and 4.1 themselves, on fixed charts and
 * on seeded random ones: what `helm package` puts in the archive (all that the loader loaded),
 * what `helm template` renders, and which .helmignore files Helm refuses.
 */

const match = (pattern: string, name: string): boolean | "bad" => {
  const glob = compileGoGlob(Buffer.from(pattern, "utf8"));
  return glob === undefined ? "bad" : goMatch(glob, Buffer.from(name, "utf8"));
};

const rules = (text: string): HelmIgnoreRules => {
  const parsed = parseHelmIgnore(text);
  assert.ok(parsed, `Helm accepts ${JSON.stringify(text)}`);
  return parsed;
};

/** The paths of `paths` (a trailing `/` marks a directory) that `text`'s rules ignore. */
const ignoredOf = (text: string, paths: readonly string[]): string[] => {
  const r = rules(text);
  return paths.filter((p) => (p.endsWith("/") ? ignoredByHelm(r, p.slice(0, -1), true) : ignoredByHelm(r, p, false)));
};

describe("helm-ignore: Go's filepath.Match", () => {
  const cases: [pattern: string, name: string, expected: boolean | "bad"][] = [
    ["abc", "abc", true],
    ["abc", "abcd", false],
    ["", "", true],
    ["", "a", false],
    ["*", "", true],
    ["*", "abc", true],
    ["*", "a/b", false], // a star never crosses a `/`
    ["a*", "a/b", false],
    ["*/b", "a/b", true],
    ["a*b*c", "axbyc", true],
    ["a*b*c", "axbycx", false],
    ["a*b", "ab/b", false],
    ["*c", "abc", true],
    ["*.txt", ".txt", true],
    ["?", "a", true],
    ["?", "", false],
    ["?", "/", false], // nor does `?`
    ["?", "é", true], // `?` is one rune, not one byte
    ["??", "é", false],
    ["a?c", "abc", true],
    ["[abc]", "b", true],
    ["[abc]", "d", false],
    ["[a-c]x", "bx", true],
    ["[^a-c]", "d", true],
    ["[^a-c]", "b", false],
    ["[!a]", "!", true], // `!` is no negation in Go: a class holding `!` and `a`
    ["[!a]", "b", false],
    ["[^a]", "/", true], // a class may match `/`
    ["a[/]b", "a/b", true],
    ["[z-a]", "m", false], // an empty range is no error
    ["[é-ë]", "ê", true], // ranges of runes
    ["[]]", "]", "bad"],
    ["[\\]]", "]", true],
    ["[\\-]", "-", true],
    ["[a\\-z]", "m", false],
    ["[*]", "*", true],
    ["[*]x", "*x", true],
    ["\\*", "*", true],
    ["\\*", "a", false],
    ["\\a", "a", true],
    ["a\\*b", "a*b", true],
    ["\\[", "[", true],
    ["\\?", "?", true],
    ["\\\\", "\\", true],
    // malformed: Go says so whatever the name, so Helm refuses them at parse time
    ["[", "a", "bad"],
    ["[^", "a", "bad"],
    ["[]", "a", "bad"],
    ["[^]", "a", "bad"],
    ["[a", "a", "bad"],
    ["[a-", "a", "bad"],
    ["[a-]", "a", "bad"],
    ["[-a]", "a", "bad"],
    ["[a-]]", "a", "bad"],
    ["[\\", "a", "bad"],
    ["[\\a", "a", "bad"],
    ["\\", "a", "bad"],
    ["a\\", "a", "bad"],
    ["x*[", "x", "bad"],
    ["nomatch*[", "x", "bad"], // checked past the first chunk that fails
    ["*[a*", "x", "bad"],
  ];
  for (const [pattern, name, expected] of cases) {
    it(`${JSON.stringify(pattern)} on ${JSON.stringify(name)}: ${expected}`, () => {
      assert.equal(match(pattern, name), expected);
    });
  }

  it("keeps Go's first-fit placement of starred chunks and matches bytes", () => {
    // `*` takes bytes, so a class may be tried inside a rune: é's second byte is invalid alone
    // and decodes as U+FFFD, which the class holds.
    assert.equal(match("*[\uFFFD]", "é"), true);
    assert.equal(match("*[\uFFFD]", "e"), false);
    const bytes = compileGoGlob(Uint8Array.of(0x61, 0x3f)); // "a?"
    assert.ok(bytes);
    assert.equal(goMatch(bytes, Uint8Array.of(0x61, 0xff)), true); // an invalid byte is one rune for `?`
    assert.equal(compileGoGlob(Uint8Array.of(0x5b, 0xff, 0x5d)), undefined); // an invalid rune in a class is an error
  });
});

describe("helm-ignore: parsing a .helmignore", () => {
  it("skips blank lines and comments, trims Go's white space, and appends the default rule", () => {
    const parsed = rules("# a comment\n\n   \n\t*.txt \r\n  # indented comment\n\u00a0/docs/\u0085\n");
    assert.deepEqual(
      parsed.rules.map((r) => [r.raw, r.negate, r.mustDir, r.wholePath]),
      [
        ["*.txt", false, false, false],
        ["/docs/", false, true, true],
        ["templates/.?*", false, false, true],
      ],
    );
    assert.deepEqual(rules("").rules.map((r) => r.raw), ["templates/.?*"]);
  });

  it("strips a byte order mark on the first line only; U+FEFF elsewhere is part of the rule (Go does not trim it)", () => {
    assert.deepEqual(ignoredOf("\uFEFFa.txt\n", ["a.txt", "b.txt"]), ["a.txt"]);
    assert.deepEqual(ignoredOf("x\n\uFEFFa.txt\n", ["a.txt", "\uFEFFa.txt"]), ["\uFEFFa.txt"]);
    assert.deepEqual(ignoredOf("\uFEFF#a.txt\n", ["#a.txt"]), []); // after the mark: a comment
  });

  it("refuses what Helm refuses: `**`, malformed patterns, lines of 64 KiB, `//` rules Helm 3 and 4 read differently", () => {
    for (const text of ["**", "a/**/b\n", "x\n**.txt\n", "[", "foo[\n", "!\\", "[]", "a\n" + "b".repeat(65536) + "\n", "//a", "!//a/", "//*"]) {
      assert.equal(parseHelmIgnore(text), undefined, JSON.stringify(text.slice(0, 20)));
    }
    // a comment holding `**` is a comment; a line just under the scanner's limit is fine
    assert.ok(parseHelmIgnore("# **\n"));
    assert.ok(parseHelmIgnore("b".repeat(65535) + "\n"));
    assert.ok(parseHelmIgnore("b".repeat(65535)));
    // slashes only after the anchor match nothing in either Helm
    assert.deepEqual(ignoredOf("//\n///\n", ["a", "a/"]), []);
  });

  it("checks the whole line: `foo\\/` is valid, its pattern `foo\\` is not, so the rule never matches (and negated, ignores all)", () => {
    assert.deepEqual(ignoredOf("foo\\/\n", ["foo/", "foo\\/", "foo", "x"]), []);
    assert.deepEqual(ignoredOf("!foo\\/\n", ["foo/", "x"]), ["foo/", "x"]);
  });
});

describe("helm-ignore: which paths a rule ignores", () => {
  const tree = ["a.txt", "b.yaml", "docs/", "docs/a.txt", "docs/x/", "docs/x/a.txt", "x/", "x/docs", "x/docs/", "templates/", "templates/a.yaml", "templates/sub/", "templates/sub/.hidden", ".helmignore"];

  it("a rule without a `/` matches the base name at any depth", () => {
    assert.deepEqual(ignoredOf("a.txt", tree), ["a.txt", "docs/a.txt", "docs/x/a.txt"]);
    assert.deepEqual(ignoredOf("docs", tree), ["docs/", "x/docs", "x/docs/"]);
    assert.deepEqual(ignoredOf(".*", tree), ["templates/sub/.hidden", ".helmignore"]);
  });

  it("a rule with a `/` matches the whole relative path, one segment per `*`", () => {
    assert.deepEqual(ignoredOf("docs/*.txt", tree), ["docs/a.txt"]);
    assert.deepEqual(ignoredOf("*/a.txt", tree), ["docs/a.txt"]);
    assert.deepEqual(ignoredOf("*/*/a.txt", tree), ["docs/x/a.txt"]);
  });

  it("a leading `/` anchors at the chart root", () => {
    assert.deepEqual(ignoredOf("/a.txt", tree), ["a.txt"]);
    assert.deepEqual(ignoredOf("/docs", tree), ["docs/"]);
    assert.deepEqual(ignoredOf("/*", tree), ["a.txt", "b.yaml", "docs/", "x/", "templates/", ".helmignore"]);
  });

  it("a trailing `/` matches directories only", () => {
    assert.deepEqual(ignoredOf("docs/", tree), ["docs/", "x/docs/"]);
    assert.deepEqual(ignoredOf("/docs/", tree), ["docs/"]);
    assert.deepEqual(ignoredOf("*/", tree), ["docs/", "docs/x/", "x/", "x/docs/", "templates/", "templates/sub/"]);
  });

  it("a negated rule ignores every path it does not match and lets the ones it matches go on to later rules", () => {
    assert.deepEqual(ignoredOf("!a.txt", ["a.txt", "b.yaml", "docs/", "docs/a.txt"]), ["b.yaml", "docs/"]);
    // no re-inclusion: the first rule decides for a.txt
    assert.deepEqual(ignoredOf("*.txt\n!a.txt", ["a.txt", "b.txt", "c.yaml"]), ["a.txt", "b.txt", "c.yaml"]);
    // a match falls through to the next rules
    assert.deepEqual(ignoredOf("!*.txt\na.txt", ["a.txt", "b.txt", "c.yaml"]), ["a.txt", "c.yaml"]);
    // a negated directory rule ignores every file, and the directories it does not match
    assert.deepEqual(ignoredOf("!docs/", ["docs/", "x/", "docs", "a.txt"]), ["x/", "docs", "a.txt"]);
    // a lone `!` (pattern "", which no base name is) or `!/` ignores everything
    assert.deepEqual(ignoredOf("!", ["a", "b/"]), ["a", "b/"]);
    assert.deepEqual(ignoredOf("!/", ["a", "b/"]), ["a", "b/"]);
    // `/` alone: a directory named "", never
    assert.deepEqual(ignoredOf("/", ["a", "b/"]), []);
  });

  it("the default rule ignores dotfiles directly in templates/ only, files and directories alike", () => {
    assert.deepEqual(ignoredOf("", [...tree, "templates/.hidden", "templates/..", "templates/.d/", "templates/.", "templates/x.", "x/templates/.y"]), ["templates/.hidden", "templates/..", "templates/.d/"]);
  });

  it("never ignores the chart root", () => {
    const all = rules("*\n!x\n");
    for (const root of ["", ".", "./"]) assert.equal(ignoredByHelm(all, root, true), false);
  });
});

/** A chart at `dir`: `files` maps relative paths to contents (a trailing `/`: an empty directory). */
function writeChart(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith("/")) mkdirSync(join(dir, path), { recursive: true });
    else {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  }
}

const CHART_YAML = "apiVersion: v2\nname: c\nversion: 0.1.0\n";

describe("helm-ignore: helmIgnoredFiles", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), "trustlint-helm-ignore-"));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it("lists ignored files and directories in walk order, a directory once without what is under it", () => {
    writeChart(tmp, {
      "Chart.yaml": CHART_YAML,
      ".helmignore": "docs/\n*.bak\n",
      "docs/a.md": "",
      "docs/b/c.md": "",
      "templates/cm.yaml": "",
      "templates/cm.yaml.bak": "",
      "templates/.editorconfig": "",
      "templates/sub/.keep": "",
      "z.bak/": "",
    });
    assert.deepEqual(helmIgnoredFiles(tmp), ["docs", "templates/.editorconfig", "templates/cm.yaml.bak", "z.bak"]);
  });

  it("is empty for a chart whose rules ignore nothing there, with or without a .helmignore", () => {
    writeChart(tmp, { "Chart.yaml": CHART_YAML, "templates/cm.yaml": "", "templates/sub/.keep": "" });
    assert.deepEqual(helmIgnoredFiles(tmp), []);
    writeFileSync(join(tmp, ".helmignore"), "# nothing\n.git/\n*.swp\n");
    assert.deepEqual(helmIgnoredFiles(tmp), []);
  });

  it("lists the .helmignore itself when one of its rules ignores it (Helm loads it as a file otherwise)", () => {
    writeChart(tmp, { "Chart.yaml": CHART_YAML, ".helmignore": ".*\n" });
    assert.deepEqual(helmIgnoredFiles(tmp), [".helmignore"]);
  });

  it("is undefined when Helm would refuse the .helmignore or the tree cannot be read", () => {
    writeChart(tmp, { "Chart.yaml": CHART_YAML, ".helmignore": "templates/**\n" });
    assert.equal(helmIgnoredFiles(tmp), undefined);
    writeFileSync(join(tmp, ".helmignore"), "[\n");
    assert.equal(helmIgnoredFiles(tmp), undefined);
    assert.equal(helmIgnoredFiles(join(tmp, "missing")), undefined);
    rmSync(join(tmp, ".helmignore"));
    mkdirSync(join(tmp, ".helmignore")); // Helm stats it, then fails to read it
    assert.equal(helmIgnoredFiles(tmp), undefined);
  });

  it("judges a symlink by its own path and its target's type, without following it", () => {
    writeChart(tmp, { "Chart.yaml": CHART_YAML, ".helmignore": "lib/\n", "shared/x.yaml": "", "t.yaml": "" });
    symlinkSync("../t.yaml", join(tmp, "shared", ".link")); // not in templates/: kept
    mkdirSync(join(tmp, "templates"));
    symlinkSync("../t.yaml", join(tmp, "templates", ".link.yaml"));
    symlinkSync("shared", join(tmp, "lib")); // a directory to Helm: `lib/` ignores it
    assert.deepEqual(helmIgnoredFiles(tmp), ["lib", "templates/.link.yaml"]);
    // a linked directory that no rule ignores would be walked by Helm: no answer without following it
    symlinkSync("shared", join(tmp, "more"));
    assert.equal(helmIgnoredFiles(tmp), undefined);
    rmSync(join(tmp, "more"));
    // Helm fails on a dangling link even when a rule would ignore it
    symlinkSync("nowhere", join(tmp, "templates", ".dangling"));
    assert.equal(helmIgnoredFiles(tmp), undefined);
  });

  it("matches file names as bytes, even when they are not UTF-8", () => {
    writeChart(tmp, { "Chart.yaml": CHART_YAML, ".helmignore": "a?\n" });
    writeFileSync(Buffer.concat([Buffer.from(tmp), Buffer.from("/b"), Uint8Array.of(0xff)]), "");
    assert.deepEqual(helmIgnoredFiles(tmp), []);
    // ignored but not nameable as a string: no answer
    writeFileSync(Buffer.concat([Buffer.from(tmp), Buffer.from("/a"), Uint8Array.of(0xff)]), "");
    assert.equal(helmIgnoredFiles(tmp), undefined);
  });
});

// ---------------------------------------------------------------------------------------------
// Against Helm itself.

/** Every file under `root` (relative, `/`), symlinks to files included, sorted. */
function filesUnder(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel === "" ? name : `${rel}/${name}`;
    const isLink = lstatSync(join(root, path)).isSymbolicLink();
    if (statSync(join(root, path)).isDirectory()) {
      if (!isLink) out.push(...filesUnder(root, path));
    } else out.push(path);
  }
  return out.sort();
}

/** The files Helm's loader keeps according to the module: those neither ignored nor under an ignored directory. */
function predictedLoaded(dir: string): string[] | undefined {
  const ignored = helmIgnoredFiles(dir);
  if (ignored === undefined) return undefined;
  return filesUnder(dir).filter((f) => !ignored.some((i) => f === i || f.startsWith(`${i}/`)));
}

interface HelmRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runHelm(bin: string, args: readonly string[], home: string): HelmRun {
  const r = spawnSync(bin, args, {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: home, HELM_DATA_HOME: join(home, "data"), HELM_CONFIG_HOME: join(home, "config"), HELM_CACHE_HOME: join(home, "cache") },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What `helm package` archived (the files the loader loaded), or Helm's error. */
function packaged(bin: string, chart: string, home: string): string[] | { error: string } {
  const out = mkdtempSync(join(home, "pkg-"));
  const r = runHelm(bin, ["package", chart, "-d", out], home);
  if (r.code !== 0) return { error: r.stderr };
  const dest = join(out, "x");
  unpackChart(readFileSync(join(out, "c-0.1.0.tgz")), dest, "test", 64 * 1024 * 1024);
  return filesUnder(join(dest, "c"));
}

/** A seeded generator (mulberry32), so a failing random chart can be reproduced. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const NAMES = ["a", "b", "a.txt", "b.yaml", ".a", ".b.yaml", "x[1]", "a*b", "q\\z", "é", "templates", "docs", "-", "]"];
const TOKENS = ["*", "?", "a", "b", ".", "/", "[a-b]", "[^a]", "[]", "\\*", "\\", "txt", "yaml", "templates", "docs", "x\\[1]", "é", "[é]", "-", "]", "["];

/** A random chart: Chart.yaml, a few files in a few directories, and a .helmignore of random rules. */
function randomChart(dir: string, next: (n: number) => number): string {
  const files: Record<string, string> = { "Chart.yaml": CHART_YAML };
  const dirs = ["", "templates", ...Array.from({ length: 3 }, () => NAMES[next(NAMES.length)]!)];
  for (let i = 0; i < 2; i++) dirs.push(`${dirs[next(dirs.length)]}/${NAMES[next(NAMES.length)]}`.replace(/^\//, ""));
  for (let i = 0; i < 10; i++) {
    const d = dirs[next(dirs.length)]!;
    const path = `${d === "" ? "" : `${d}/`}${NAMES[next(NAMES.length)]}`;
    // a name already used for a directory stays one
    if (!dirs.some((x) => x === path || x.startsWith(`${path}/`)) && !Object.keys(files).some((f) => f.startsWith(`${path}/`) || path.startsWith(`${f}/`))) files[path] = "x: 1\n";
  }
  for (const d of dirs) if (d !== "" && !Object.keys(files).some((f) => f.startsWith(`${d}/`) || d.startsWith(`${f}/`) || f === d)) files[`${d}/`] = "";
  const paths = Object.keys(files).map((f) => f.replace(/\/$/, ""));
  const lines: string[] = [];
  for (let i = 1 + next(3); i > 0; i--) {
    const kind = next(4);
    // mostly rules made from the chart's own names (so that they match something), loosened
    // with wildcards and classes; now and then one of random tokens (which Helm may refuse)
    let rule: string;
    if (kind === 3) rule = Array.from({ length: 1 + next(3) }, () => TOKENS[next(TOKENS.length)]!).join("");
    else {
      const path = paths[next(paths.length)]!;
      rule = kind === 2 ? path : path.slice(path.lastIndexOf("/") + 1);
      rule = [...rule]
        .map((c) => {
          const lit = /[[\]*?\\]/.test(c) ? `\\${c}` : c;
          const r = next(12);
          return c === "/" ? c : r === 0 ? "?" : r === 1 ? "*" : r === 2 ? `[${lit}]` : r === 3 ? "[^x]" : r === 4 ? "[a-z]" : lit;
        })
        .join("");
    }
    if (next(4) === 0) rule = `/${rule}`;
    if (next(4) === 0) rule = `${rule}/`;
    if (next(6) === 0) rule = `!${rule}`;
    lines.push(rule);
  }
  const text = lines.join("\n") + "\n";
  files[".helmignore"] = text;
  writeChart(dir, files);
  return text;
}

describe("helm-ignore: against Helm 3.18 and 4.1", function () {
  let tmp: string;
  before(function () {
    if (!existsSync(TOOLS.helm4) || !existsSync(TOOLS.helm3)) this.skip();
  });
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), "trustlint-helm-ignore-e2e-"));
  });
  afterEach(() => tmp && rmSync(tmp, { recursive: true, force: true }));

  const fixed: Record<string, Record<string, string>> = {
    "rules of every kind": {
      ".helmignore": "# comment\n\n*.bak\n/root-only.txt\ndocs/\nfiles/*.tmp\n[xy]-*.yaml\n\\[lit].txt\n",
      "root-only.txt": "",
      "files/root-only.txt": "",
      "a.bak": "",
      "files/deep/b.bak": "",
      "docs/readme.md": "",
      "files/docs": "",
      "files/c.tmp": "",
      "files/deep/c.tmp": "",
      "templates/x-1.yaml": "",
      "templates/z-1.yaml": "",
      "templates/.hidden.yaml": "",
      "templates/sub/.nested.yaml": "",
      "[lit].txt": "",
      "l.txt": "",
    },
    // Chart.yaml survives `!*.*` (it matches, so it goes on to the end); what has no dot does not
    "a negated rule": { ".helmignore": "*.bak\n!*.*\n", "a.bak": "", "README": "", "docs/x.yaml": "", "templates.d/a.yaml": "", "templates.d/b": "", "b.yaml": "" },
    // every file, Chart.yaml included: Helm fails
    "a negated directory rule": { ".helmignore": "!*/\n", "templates/a.yaml": "", "c.yaml": "" },
    "a .helmignore that ignores itself": { ".helmignore": ".*\n", "templates/.a.yaml": "", "b.yaml": "", ".c/d.yaml": "" },
    "escapes and classes": { ".helmignore": "\\*\n[^a-m]?.yaml\nq\\\\z\n", "*": "", "x*": "", "ab.yaml": "", "nb.yaml": "", "q\\z": "", "templates/zz.yaml": "" },
    "odd whitespace and a byte order mark": { ".helmignore": "\uFEFF  a.txt\u00a0\r\n\u0085b.txt\n\uFEFFc.txt\n", "a.txt": "", "b.txt": "", "c.txt": "", "\uFEFFc.txt": "" },
  };

  for (const [name, files] of Object.entries(fixed)) {
    it(`${name}: helm package archives exactly the files predicted`, () => {
      const chart = join(tmp, "c");
      writeChart(chart, { "Chart.yaml": CHART_YAML, ...files });
      const expected = predictedLoaded(chart);
      assert.ok(expected, "the module answers");
      for (const helm of HELMS) {
        const got = packaged(helm.bin, chart, tmp);
        if (expected.includes("Chart.yaml")) assert.deepEqual(got, expected, helm.name);
        else assert.deepEqual(got, { error: "Error: Chart.yaml file is missing\n" }, helm.name);
      }
    });
  }

  it("a symlink to a file is judged by its own name (Helm follows it)", () => {
    const chart = join(tmp, "c");
    writeChart(chart, { "Chart.yaml": CHART_YAML, "t.yaml": "x: 1\n", ".helmignore": "l2\n" });
    mkdirSync(join(chart, "templates"));
    symlinkSync("../t.yaml", join(chart, "templates", ".l1"));
    symlinkSync("t.yaml", join(chart, "l2"));
    symlinkSync("t.yaml", join(chart, "l3"));
    assert.deepEqual(helmIgnoredFiles(chart), ["l2", "templates/.l1"]);
    for (const helm of HELMS) assert.deepEqual(packaged(helm.bin, chart, tmp), ["Chart.yaml", ".helmignore", "l3", "t.yaml"].sort(), helm.name);
  });

  it("helm template renders exactly the templates predicted (the `# Source:` lines)", () => {
    const chart = join(tmp, "c");
    const templates = ["a.yaml", ".dot.yaml", "sub/.dot.yaml", "sub/b.yaml", "skip-me.yaml", "dir/c.yaml", "dir/d.yaml", "e.yaml"];
    const files: Record<string, string> = { "Chart.yaml": CHART_YAML, ".helmignore": "skip-*\n/templates/dir/\n" };
    for (const t of templates) {
      const name = t.replace(/[^a-z]/g, "-").replace(/^-+|-+$/g, "");
      files[`templates/${t}`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    }
    writeChart(chart, files);
    const expected = predictedLoaded(chart)!
      .filter((f) => f.startsWith("templates/"))
      .map((f) => `c/${f}`)
      .sort();
    assert.deepEqual(expected, ["c/templates/a.yaml", "c/templates/e.yaml", "c/templates/sub/.dot.yaml", "c/templates/sub/b.yaml"]);
    for (const helm of HELMS) {
      const r = runHelm(helm.bin, ["template", "r", chart], tmp);
      assert.equal(r.code, 0, r.stderr);
      const sources = [...r.stdout.matchAll(/^# Source: (.*)$/gm)].map((m) => m[1]!).sort();
      assert.deepEqual(sources, expected, helm.name);
    }
  });

  it("Helm refuses exactly the .helmignore files the module refuses", () => {
    const refused = ["**", "a/**", "[", "x\\", "[]", "[a-]", "b".repeat(65536)];
    const accepted = ["# **", "x\\/", "!", "[\\]]", "b".repeat(65535)];
    for (const text of [...refused, ...accepted]) {
      const chart = join(tmp, `c${text.length}-${Buffer.from(text.slice(0, 8)).toString("hex")}`);
      writeChart(chart, { "Chart.yaml": CHART_YAML, ".helmignore": `${text}\n`, "templates/a.yaml": "" });
      const parsed = parseHelmIgnore(`${text}\n`);
      assert.equal(parsed === undefined, refused.includes(text), text.slice(0, 20));
      for (const helm of HELMS) {
        const r = runHelm(helm.bin, ["template", "r", chart], tmp);
        // `!` ignores Chart.yaml too: Helm fails later, for that
        const failedOnRules = r.code !== 0 && !/Chart\.yaml file is missing/.test(r.stderr);
        assert.equal(failedOnRules, parsed === undefined, `${helm.name} on ${text.slice(0, 20)}: ${r.stderr}`);
      }
    }
  });

  it("`//a.txt`: Helm 3.18 ignores a.txt (from the rule's third use on) and Helm 4.1 does not, so the module gives no answer", () => {
    const chart = join(tmp, "c");
    writeChart(chart, { "Chart.yaml": CHART_YAML, ".helmignore": "//a.txt\n", "a.txt": "" });
    assert.equal(helmIgnoredFiles(chart), undefined);
    assert.deepEqual(packaged(TOOLS.helm3, chart, tmp), [".helmignore", "Chart.yaml"]);
    assert.deepEqual(packaged(TOOLS.helm4, chart, tmp), [".helmignore", "Chart.yaml", "a.txt"]);
  });

  it("seeded random charts: helm package archives exactly the files predicted, or fails where the module refuses", () => {
    const next = random(20251207);
    let compared = 0;
    let refused = 0;
    for (let n = 0; n < 40; n++) {
      const chart = join(tmp, `r${n}`, "c");
      const text = randomChart(chart, next);
      const expected = predictedLoaded(chart);
      for (const helm of HELMS) {
        const got = packaged(helm.bin, chart, tmp);
        const what = `${helm.name}, chart ${n}, .helmignore ${JSON.stringify(text)}`;
        if (expected === undefined) assert.ok(!Array.isArray(got), `${what}: Helm accepted what the module refused`);
        else if (!expected.includes("Chart.yaml")) assert.ok(!Array.isArray(got) && /Chart\.yaml/.test(got.error), `${what}: ${JSON.stringify(got)}`);
        else assert.deepEqual(got, expected, what);
      }
      if (expected === undefined) refused++;
      else compared++;
    }
    // the generator must exercise both sides
    assert.ok(compared >= 25 && refused >= 3, `compared ${compared}, refused ${refused}`);
  });
});
