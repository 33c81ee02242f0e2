import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch } from "../support/cli";
import type { CliRun, JsonReport } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";
import { assertSchemaValid } from "../support/sarif";
import { writeTree } from "../support/tree";
import { HELMS, assertToolsPresent } from "../support/tools";

/**
 * Issue 10, classes 8 and 10, on the real CLI (see hostile-repo.test.ts for the other classes).
 * Class 8: no error or warning line carries a Secret's value, however the document spells its
 * kind and whichever tool (js-yaml, Helm, Kustomize) found the problem. Class 10: every run names
 * the config file it used, and an ignore entry that cannot do what it says is a config error.
 */

before(() => assertToolsPresent());

/** "CANARY" itself, and its base64 at the three alignments a longer string can put it in. */
const NEEDLES = ["CANARY", ...[0, 1, 2].map((offset) => base64Of("CANARY", offset))];

function base64Of(word: string, offset: number): string {
  const b64 = Buffer.from(`${"x".repeat(offset)}${word}xxx`).toString("base64");
  let out = "";
  for (let i = 0; i < b64.length; i++) {
    const first = Math.floor((6 * i) / 8);
    const last = Math.floor((6 * i + 5) / 8);
    if (first >= offset && last < offset + word.length) out += b64[i];
  }
  return out;
}

function assertNoCanary(where: string, text: string): void {
  for (const needle of NEEDLES) ok(!text.includes(needle), `${where} leaks a Secret value (found ${needle}):\n${text}`);
}

interface Everywhere {
  readonly run: CliRun;
  readonly json: JsonReport & { errors: { target: string; stage: string; where?: string; message: string; detail?: string }[]; config: string | null };
  readonly sarif: { runs: { invocations: { executionSuccessful: boolean; properties?: { config: string | null }; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[] }[] };
  readonly github: string;
}

/**
 * Lints `args` once with every format (json, sarif and github to files, stylish to stdout) and
 * --debug, checks that no output carries a canary, and returns them all. The args include a
 * target that lints, so that the reports are written beside the errors of the others.
 */
async function lintEverywhere(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Everywhere> {
  const out = (name: string) => join(dir, `report.${name}`);
  const run = await runCli([...args, "--debug", "--format", "json", "--output", out("json"), "--format", "sarif", "--output", out("sarif"), "--format", "github", "--output", out("github"), "--format", "stylish"], { cwd: dir, env });
  assertNoCanary("stdout", run.stdout);
  assertNoCanary("stderr", run.stderr);
  for (const name of ["json", "sarif", "github"]) {
    ok(existsSync(out(name)), `the ${name} report is written (exit ${run.code}): ${run.stderr}`);
    assertNoCanary(`the ${name} report`, readFileSync(out(name), "utf8"));
  }
  const sarif = JSON.parse(readFileSync(out("sarif"), "utf8")) as Everywhere["sarif"];
  assertSchemaValid(sarif);
  return { run, json: JSON.parse(readFileSync(out("json"), "utf8")) as Everywhere["json"], sarif, github: readFileSync(out("github"), "utf8") };
}

/** The one stderr line of each failed target, in order. */
function errorLines(run: CliRun): string[] {
  return run.stderr.split("\n").filter((l) => l.startsWith("trustlint: "));
}

const CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: innocent}\ndata: {a: b}\n";

/**
 * Secrets whose kind the text does not spell as `kind: Secret`, each broken by a construct whose
 * parser message quotes the input. The text after `password:` is what the parser would quote.
 */
const KIND_SPELLINGS: Record<string, (password: string) => string> = {
  "an anchor on kind": (p) => `apiVersion: v1\nkind: &k Secret\nmetadata: {name: s, labels: {copy: *k}}\nstringData:\n  password: ${p}\n`,
  "kind through an alias": (p) => `apiVersion: v1\nmetadata:\n  name: s\n  labels: {type: &t Secret}\nkind: *t\nstringData:\n  password: ${p}\n`,
  "a !!str tag": (p) => `apiVersion: v1\nkind: !!str Secret\nmetadata: {name: s}\nstringData:\n  password: ${p}\n`,
  "an escape in double quotes": (p) => `apiVersion: v1\nkind: "Secr\\x65t"\nmetadata: {name: s}\nstringData:\n  password: ${p}\n`,
  "a List item": (p) => `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: !<tag:yaml.org,2002:str> "\\u0053ecret"\n    metadata: {name: s}\n    stringData:\n      password: ${p}\n`,
};

/**
 * What the parser would quote, the error class the line says instead, and where in the value the
 * parser stops (the column the line names): after `*`, at the blank after the handle, after `>`.
 */
const BREAKS: readonly { readonly name: string; readonly value: (n: number) => string; readonly at: (value: string) => number; readonly message: string }[] = [
  { name: "alias", value: (n) => `*CANARY-ALIAS-${n}`, at: () => 1, message: "malformed YAML: an alias names no anchor defined before it (the name is not shown)" },
  { name: "handle", value: (n) => `!CANARY-HANDLE-${"x".repeat(n)}! x`, at: (v) => v.indexOf(" x"), message: "malformed YAML: a tag handle that no %TAG directive declares (not shown)" },
  { name: "tag", value: (n) => `!<CANARY^TAG-${n}> x`, at: (v) => v.indexOf(">") + 1, message: "malformed YAML: a tag with characters a tag cannot have (not shown)" },
];

describe("issue 10 class 8: no error line quotes a Secret, however its kind is spelled", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    writeFileSync(join(dir, "innocent.yaml"), CONFIGMAP);
  });
  after(() => cleanup());

  it("a document that does not parse is named by file, line, column and error class only, in every format", async () => {
    const files: string[] = [];
    const expected: string[] = [];
    let n = 0;
    for (const [spelling, doc] of Object.entries(KIND_SPELLINGS)) {
      for (const b of BREAKS) {
        const value = b.value(n++);
        const text = doc(value);
        const file = `${spelling.replace(/\W+/g, "-")}-${b.name}.yaml`;
        writeFileSync(join(dir, file), text);
        // The construct is the document's last value: its last line, the column where the parser stopped in it.
        const lines = text.trimEnd().split("\n");
        files.push(file);
        expected.push(`${file}:${lines.length}:${lines.at(-1)!.indexOf(": ") + 2 + b.at(value) + 1}: ${b.message}`);
      }
    }
    const { run, json, sarif } = await lintEverywhere(dir, ["innocent.yaml", ...files]);
    strictEqual(run.code, 2, run.stderr);
    // Every error still says what and where, on stderr, in JSON and in SARIF.
    deepStrictEqual(errorLines(run), expected.map((e) => `trustlint: ${e}`));
    deepStrictEqual(json.errors.map((e) => `${e.where}: ${e.message}`), expected);
    deepStrictEqual(json.errors.map((e) => e.stage), expected.map(() => "load"));
    deepStrictEqual(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications!.map((t) => t.message.text), expected);
    // The other target was linted and reported.
    strictEqual(json.summary.objects, 1);
    match(run.stdout, /✔ 0 problems \(0 errors, 0 warnings, 0 info\) in 0 objects \(1 object linted\)\n$/);
  });

  it("a duplicate key inside a Secret's value is not named; elsewhere it still is", async () => {
    writeTree(join(dir, "dup"), {
      "secret.yaml": "apiVersion: v1\nmetadata: {name: s, labels: {t: &t Secret}}\nkind: *t\nstringData:\n  password: {CANARY-DUP-KEY: a, CANARY-DUP-KEY: b}\n",
      "list.yaml": "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: \"Secr\\x65t\"\n    metadata: {name: t}\n    data:\n      token:\n        CANARY-DUP-LIST: YQ==\n        CANARY-DUP-LIST: Yg==\n",
      "names.yaml": "apiVersion: v1\nkind: !!str Secret\nmetadata: {name: u}\nstringData:\n  user: a\n  user: b\n",
      "configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: x\n  a: y\n",
    });
    const { run, json } = await lintEverywhere(dir, ["dup"]);
    strictEqual(run.code, 0, run.stderr);
    const tail = ": the last value is used, as helm install does (kubectl apply, Kustomize and Flux reject the document)";
    deepStrictEqual(json.warnings, [
      { where: "dup/configmap.yaml:6:3", message: `duplicate mapping key "a"${tail}` },
      { where: "dup/list.yaml:10:9", message: `duplicate mapping key${tail}` },
      { where: "dup/names.yaml:6:3", message: `duplicate mapping key "user"${tail}` },
      { where: "dup/secret.yaml:5:33", message: `duplicate mapping key${tail}` },
    ]);
    strictEqual(json.summary.objects, 4);
    match(run.stdout, /^warning: dup\/secret\.yaml:5:33: duplicate mapping key: the last value is used/m);
  });

  for (const h of HELMS) {
    it(`${h.name}: Helm's errors are printed without anchor names, map keys or values it quotes`, async () => {
      const chart = (name: string, secret: string) =>
        writeTree(join(dir, h.name.replace(/\W/g, ""), name), {
          "Chart.yaml": `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`,
          "values.yaml": "password: CANARY-VALUES-PASSWORD\n",
          "templates/secret.yaml": `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n${secret}`,
        });
      chart("anchor", "  password: *CANARY-HELM-ANCHOR\n");
      chart("self", "  password: &CANARY-HELM-SELF [*CANARY-HELM-SELF]\n");
      chart("mapkey", "  ? [{{ .Values.password }}]\n  : x\n");
      chart("decode", "  password: !!int {{ .Values.password }}\n");
      const root = h.name.replace(/\W/g, "");
      const { run, json } = await lintEverywhere(dir, ["innocent.yaml", ...["anchor", "self", "mapkey", "decode"].map((c) => `${root}/${c}`)], { HELM_BIN: h.bin });
      strictEqual(run.code, 2, run.stderr);
      const yaml = (chartName: string, problem: string) => `trustlint: ${root}/${chartName}: helm template failed: YAML parse error on ${chartName}/templates/secret.yaml: error converting YAML to JSON: yaml: ${problem}`;
      deepStrictEqual(errorLines(run), [
        yaml("anchor", "unknown anchor (name not shown) referenced"),
        yaml("self", "anchor (name not shown) value contains itself"),
        yaml("mapkey", "invalid map key (not shown: it may hold a Secret value)"),
        yaml("decode", "cannot decode a value (not shown: it may hold a Secret value) as a !!int"),
      ]);
      deepStrictEqual(json.errors.map((e) => e.target), ["anchor", "self", "mapkey", "decode"].map((c) => `${root}/${c}`));
    });

    it(`${h.name}: a --set-json value Helm cannot parse is not repeated, nor any --set-json value`, async () => {
      const root = join(dir, `${h.name.replace(/\W/g, "")}-json`);
      writeTree(root, {
        "c/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
        "c/templates/secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: {{ .Values.db.password | quote }}\n",
        "innocent.yaml": CONFIGMAP,
      });
      for (const value of ['db={"password": "CANARY-SET-JSON-1"', 'db={"password":\n"CANARY-SET-JSON-2" [']) {
        const { run, json } = await lintEverywhere(root, ["innocent.yaml", "c", "--set-json", 'ok={"token": "CANARY-SET-JSON-OK"}', "--set-json", value], { HELM_BIN: h.bin });
        strictEqual(run.code, 2, run.stderr);
        deepStrictEqual(errorLines(run), ["trustlint: c: helm template failed: failed parsing --set-json data (not shown: it may hold a Secret value)"]);
        strictEqual(json.errors[0]!.detail, undefined);
      }
    });
  }

  it("Kustomize: generator literals with line breaks, brackets or the message's own words, and env-file lines, are not repeated", async () => {
    const generator = (literals: string[]) => `secretGenerator:\n  - name: s\n    literals:\n${literals.map((l) => `      - ${JSON.stringify(l)}\n`).join("")}`;
    writeTree(join(dir, "kust"), {
      "newline/kustomization.yaml": generator(["token=CANARY-K-VALID-1", "password\nCANARY-K-NEWLINE"]),
      "brackets/kustomization.yaml": generator(["token=CANARY-K-VALID-2]", "[CANARY-K-BRACKET] x]: invalid literal source y, expected key"]),
      "envfile/kustomization.yaml": "secretGenerator:\n  - name: s\n    envs: [secret.env]\n",
      "innocent.yaml": CONFIGMAP,
    });
    writeFileSync(join(dir, "kust", "envfile", "secret.env"), Buffer.concat([Buffer.from("password=CANARY-K-ENV"), Buffer.from([0xff]), Buffer.from("\n")]));
    const { run, json } = await lintEverywhere(join(dir, "kust"), ["innocent.yaml", "newline", "brackets", "envfile"]);
    strictEqual(run.code, 2, run.stderr);
    // Kustomize names the wrapper's path to each overlay first; then its own error, cut where it quotes.
    const literal = "loading KV pairs: literal sources \\[\\.\\.\\.\\]: invalid literal source \\(not shown: it may hold a Secret value\\), expected key=value";
    const lines = errorLines(run);
    strictEqual(lines.length, 3, run.stderr);
    match(lines[0]!, new RegExp(`^trustlint: newline: kustomize build failed: error: accumulating resources: .*/kust/newline': ${literal}$`));
    match(lines[1]!, new RegExp(`^trustlint: brackets: kustomize build failed: error: accumulating resources: .*/kust/brackets': ${literal}$`));
    match(lines[2]!, /^trustlint: envfile: kustomize build failed: error: accumulating resources: .*\/kust\/envfile': loading KV pairs: env source files: \[secret\.env\]: a line has invalid UTF-8 bytes \(not shown: it may hold a Secret value\)$/);
    deepStrictEqual(json.errors.map((e) => e.stage), ["render", "render", "render"]);
  });
});

const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: curlimages/curl\n      env:\n        - {name: CURL_CA_BUNDLE, value: /ca/bundle.crt}\n";

describe("issue 10 class 10: every run names its config; ignore entries that cannot work are errors", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch());
    writeTree(dir, { "repo/app/pod.yaml": POD, "repo/.trustlint.yaml": "rules:\n  ca-bundle-path-not-mounted: warning\n" });
  });
  after(() => cleanup());

  /** The config each format names: the stylish footer, JSON `config`, SARIF invocation property. */
  async function namedConfig(cwd: string, args: readonly string[]): Promise<{ stylish: string; json: string | null; sarif: string | null }> {
    const out = join(dir, "named.sarif");
    const run = await runCli([...args, "--format", "sarif", "--output", out, "--format", "stylish"], { cwd });
    strictEqual(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    // The footer is the line above the summary, which stays the last line.
    match(lines.at(-1)!, /^[✔✖] \d+ problems? \(/);
    const sarif = JSON.parse(readFileSync(out, "utf8")) as Everywhere["sarif"];
    assertSchemaValid(sarif);
    const json = jsonReport(await runCli([...args, "--format", "json"], { cwd })) as Everywhere["json"];
    return { stylish: lines.at(-2)!, json: json.config, sarif: sarif.runs[0]!.invocations[0]!.properties!.config };
  }

  it("names the config found above the target, relative to the working directory, in stylish, JSON and SARIF", async () => {
    deepStrictEqual(await namedConfig(join(dir, "repo"), ["app", "--fail-level", "error"]), { stylish: "config: .trustlint.yaml", json: ".trustlint.yaml", sarif: ".trustlint.yaml" });
    // From below the config's directory, the path climbs to it (never an absolute or file:// path).
    deepStrictEqual(await namedConfig(join(dir, "repo", "app"), ["pod.yaml"]), { stylish: "config: ../.trustlint.yaml", json: "../.trustlint.yaml", sarif: "../.trustlint.yaml" });
  });

  it("names --config relative to the working directory, and none for --no-config", async () => {
    deepStrictEqual(await namedConfig(join(dir, "repo", "app"), ["pod.yaml", "--config", join(dir, "repo", ".trustlint.yaml")]), { stylish: "config: ../.trustlint.yaml", json: "../.trustlint.yaml", sarif: "../.trustlint.yaml" });
    deepStrictEqual(await namedConfig(join(dir, "repo"), ["app", "--no-config", "--fail-level", "none"]), { stylish: "config: none", json: null, sarif: null });
  });

  it("a config path with control characters is escaped in stylish and exact in JSON", async () => {
    const evil = "cfg\u001b[31m\n::error::forged";
    mkdirSync(join(dir, evil));
    writeFileSync(join(dir, evil, "c.yaml"), "rules:\n  ca-bundle-path-not-mounted: warning\n");
    const run = await runCli(["repo/app", "--config", `${evil}/c.yaml`], { cwd: dir });
    strictEqual(run.code, 0, run.stderr);
    ok(run.stdout.includes("\nconfig: cfg\\x1b[31m\\n::error::forged/c.yaml\n"), run.stdout);
    strictEqual((jsonReport(await runCli(["repo/app", "--config", `${evil}/c.yaml`, "--format", "json"], { cwd: dir })) as Everywhere["json"]).config, `${evil}/c.yaml`);
  });

  const withConfig = async (config: string) => {
    writeFileSync(join(dir, "repo", ".trustlint.yaml"), config);
    return runCli(["app"], { cwd: join(dir, "repo") });
  };

  it("an ignore entry naming a rule trustlint does not have is exit 2 with the file and line", async () => {
    assertOneLineError(
      await withConfig("rules:\n  ca-bundle-path-not-mounted: warning\nignore:\n  - rule: '*'\n    reason: all of them\n    kind: Job\n  - rule: ca-bundle-path-not-mountd\n    reason: typo\n"),
      /^trustlint: \.trustlint\.yaml:7: invalid config: unknown rule "ca-bundle-path-not-mountd" in ignore\.1\.rule \(see trustlint --list-rules\)$/,
    );
  });

  it("an expires that is not a day of the calendar, or not a date, is exit 2 with the file and line", async () => {
    const entry = (expires: string) => `ignore:\n  - rule: ca-bundle-path-not-mounted\n    reason: vendor chart\n    expires: ${expires}\n`;
    for (const day of ["2026-02-30", "2026-13-01", "2026-04-31", "2027-02-29"]) {
      assertOneLineError(await withConfig(entry(day)), new RegExp(`^trustlint: \\.trustlint\\.yaml:4: invalid config: ignore\\.0\\.expires "${day}" is not a day of the calendar \\(YYYY-MM-DD\\)$`));
    }
    assertOneLineError(await withConfig(entry("'next spring'")), /^trustlint: \.trustlint\.yaml:4: invalid config: ignore\.0\.expires "next spring" is not a date: write YYYY-MM-DD$/);
    // A leap day is a day: the entry suppresses until then.
    const leap = await withConfig(entry("2028-02-29"));
    strictEqual(leap.code, 0, leap.stderr);
    match(leap.stdout, /^✔ 0 problems \(0 errors, 0 warnings, 0 info\) in 0 objects \(1 object linted\), 1 suppressed$/m);
  });
});
