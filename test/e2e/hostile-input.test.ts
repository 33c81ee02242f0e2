import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateCorpus } from "../../bench/corpus";
import { jsonReport, runCli, scratch, summarise } from "../support/cli";
import type { JsonReport } from "../support/cli";
import { assertOneLineError } from "../support/cli-assert";

/**
 * Hostile and unusual YAML through the real CLI. Each case ends in a bounded-time result or a
 * clear exit-2 error: never a crash, a stack trace or a hang (mocha's timeout catches a hang).
 */

// A workload whose CA path nothing mounts: one known finding to compare across encodings.
const POD = ["apiVersion: v1", "kind: Pod", "metadata:", "  name: curl", "spec:", "  containers:", "    - name: curl", "      image: curlimages/curl", "      env:", "        - name: CURL_CA_BUNDLE", "          value: /ca/bundle.crt", ""].join("\n");
const POD_FINDING = "ca-bundle-path-not-mounted Pod/default/curl <stdin>:10";

function lintStdin(input: string | Buffer, args: string[] = []) {
  return runCli(["-", "--format", "json", ...args], { input });
}

function findingsOf(report: JsonReport): string[] {
  return summarise(report).map((s) => s.replace(/ stdin:/, " <stdin>:"));
}

describe("hostile input: bounded time or a clear exit 2", () => {
  it("an alias bomb (billion laughs) is refused, not expanded", async () => {
    const levels = ["  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${levels.join("\n")}\n`;
    assertOneLineError(await lintStdin(bomb), /^trustlint: <stdin>:1: YAML aliases expand this document to more than 1,000,000 nodes \(an alias bomb\); trustlint refuses it, as kubectl does$/);
  });

  it("a recursive alias is refused, not walked forever", async () => {
    const cyclic = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\ndata: &d\n  self: *d\n";
    assertOneLineError(await lintStdin(cyclic), /^trustlint: <stdin>:1: YAML alias refers to a node that contains it \(a recursive alias\); trustlint refuses it, as kubectl does$/);
  });

  it("aliases within bounds load and lint like written values", async () => {
    const env = "    - name: curl\n      image: curlimages/curl\n      env: &env\n        - {name: CURL_CA_BUNDLE, value: /ca/bundle.crt}\n";
    const run = await lintStdin(`apiVersion: v1\nkind: Pod\nmetadata: {name: twins}\nspec:\n  containers:\n${env}    - name: other\n      image: curlimages/curl\n      env: *env\n`);
    strictEqual(run.code, 1, run.stderr);
    strictEqual(jsonReport(run).findings.length, 2);
  });

  it("documents nested deeper than 1000 levels are refused, in flow and block style", async () => {
    const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`;
    assertOneLineError(await lintStdin(flow), /^trustlint: <stdin>:4:\d+: YAML nested more than 1000 levels deep; trustlint refuses it as hostile input$/);
    const block = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n${Array.from({ length: 1500 }, (_, i) => `${" ".repeat(2 * i + 2)}k:\n`).join("")}`;
    assertOneLineError(await lintStdin(block), /^trustlint: <stdin>:\d+:\d+: YAML nested more than 1000 levels deep; trustlint refuses it as hostile input$/);
  });

  it("a document nested 900 levels deep (under the limit) is linted", async () => {
    const deep = `${"[".repeat(900)}x${"]".repeat(900)}`;
    const run = await lintStdin(`${POD}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nextra: ${deep}\n`);
    strictEqual(run.code, 1, run.stderr);
    strictEqual(jsonReport(run).summary.objects, 2);
  });

  it("a 100 MB render is linted (the limit is 256 MiB, and a larger input is one clear line)", async function () {
    this.timeout(600_000);
    const { dir, cleanup } = scratch();
    try {
      const corpus = generateCorpus({ objects: 64_000 });
      ok(corpus.text.length > 100 * 1000 * 1000, `corpus is ${corpus.text.length} bytes`);
      const file = join(dir, "render.yaml");
      writeFileSync(file, corpus.text);
      const run = await runCli([file, "--format", "json", "--fail-level", "none"], { cwd: dir });
      strictEqual(run.code, 0, run.stderr);
      const report = jsonReport(run);
      strictEqual(report.summary.objects, 64_000);
      ok(report.findings.length > 0, "the corpus has broken workloads on purpose");
      assertOneLineError(
        await runCli([file], { cwd: dir, env: { TRUSTLINT_MAX_INPUT_MB: "64" } }),
        /^trustlint: render\.yaml: input is 9\d MiB, over trustlint's limit of 64 MiB \(set TRUSTLINT_MAX_INPUT_MB to raise it\)$/,
      );
      assertOneLineError(await runCli(["-"], { cwd: dir, input: corpus.text.slice(0, 3 * 1024 * 1024), env: { TRUSTLINT_MAX_INPUT_MB: "2" } }), /^trustlint: <stdin>: input is over trustlint's limit of 2\.0 MiB; stopped reading it \(set TRUSTLINT_MAX_INPUT_MB to raise it\)$/);
    } finally {
      cleanup();
    }
  });

  it("binary input is one clear line, from a file or with no NUL byte at all", async () => {
    const { dir, cleanup } = scratch();
    try {
      // A PNG header (with NUL bytes) under a .yaml name, in a directory target.
      writeFileSync(join(dir, "logo.yaml"), Buffer.from("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61", "hex"));
      assertOneLineError(await runCli(["."], { cwd: dir }), /^trustlint: logo\.yaml: input is binary, not YAML text$/);
      // Invalid UTF-8 and control bytes, without a NUL.
      const noNul = Buffer.from([0x80, 0x81, 0xfe, 0x07, 0x08, 0x1b, 0x9b, 0xc3, 0x28, 0x0b]);
      assertOneLineError(await lintStdin(noNul), /^trustlint: <stdin>:1:\d+: malformed YAML: /);
    } finally {
      cleanup();
    }
  });

  it("UTF-8 with a BOM, UTF-16 and UTF-32 (with and without a BOM) lint like UTF-8", async () => {
    const utf16be = (s: string) => Buffer.from(s, "utf16le").swap16();
    const utf32 = (s: string, le: boolean) => {
      const b = Buffer.alloc(s.length * 4);
      [...s].forEach((c, i) => (le ? b.writeUInt32LE(c.codePointAt(0)!, i * 4) : b.writeUInt32BE(c.codePointAt(0)!, i * 4)));
      return b;
    };
    const encodings: [string, Buffer][] = [
      ["UTF-8 BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POD)])],
      ["UTF-16LE BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POD, "utf16le")])],
      ["UTF-16BE BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(POD)])],
      ["UTF-16LE", Buffer.from(POD, "utf16le")],
      ["UTF-16BE", utf16be(POD)],
      ["UTF-32LE BOM", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(POD, true)])],
      ["UTF-32BE", utf32(POD, false)],
    ];
    for (const [name, bytes] of encodings) {
      const run = await lintStdin(bytes);
      strictEqual(run.code, 1, `${name}: ${run.stderr}`);
      const report = jsonReport(run);
      deepStrictEqual(findingsOf(report), [POD_FINDING], name);
      strictEqual(report.findings[0]!.location.column, 11, name);
    }
  });

  it("duplicate keys: the last value wins, as helm install applies it, with a warning", async () => {
    const dup = POD.replace("          value: /ca/bundle.crt\n", "          value: /etc/ssl/certs/ca-certificates.crt\n          value: /ca/bundle.crt\n");
    const run = await lintStdin(dup);
    strictEqual(run.code, 1, run.stderr);
    const report = jsonReport(run);
    deepStrictEqual(findingsOf(report), ["ca-bundle-path-not-mounted Pod/default/curl <stdin>:10"]);
    deepStrictEqual(report.warnings, [
      { where: "<stdin>:12:11", message: 'duplicate mapping key "value": the last value is used, as helm install does (kubectl apply, Kustomize and Flux reject the document)' },
    ]);
  });

  it("merge keys, !Ref, !!binary, !<verbatim> and unknown tags load as plain values", async () => {
    const tagged = [
      "x-env: &env {name: CURL_CA_BUNDLE, value: /ca/bundle.crt}",
      "apiVersion: v1",
      "kind: Pod",
      "metadata:",
      "  name: tagged",
      "  annotations:",
      "    ref: !Ref Bucket",
      "    att: !GetAtt [Role, Arn]",
      "    bin: !!binary aGVsbG8=",
      "    verbatim: !<tag:example.com,2024:thing> x",
      "    local: !thing {a: 1}",
      "spec:",
      "  containers:",
      "    - name: curl",
      "      image: !image curlimages/curl",
      "      env:",
      "        - <<: *env",
      "",
    ].join("\n");
    const run = await lintStdin(tagged);
    strictEqual(run.code, 1, run.stderr);
    deepStrictEqual(findingsOf(jsonReport(run)), ["ca-bundle-path-not-mounted Pod/default/tagged <stdin>:17"]);
  });

  it("documents that are scalars or lists are skipped with a warning; the objects beside them are linted", async () => {
    const run = await lintStdin(`just a string\n---\n- a\n- b\n---\n42\n---\n${POD}`);
    strictEqual(run.code, 1, run.stderr);
    const report = jsonReport(run);
    deepStrictEqual(findingsOf(report), ["ca-bundle-path-not-mounted Pod/default/curl <stdin>:17"]);
    deepStrictEqual(
      report.warnings.map((w) => `${w.where} ${w.message}`),
      ["<stdin>:1 document is a scalar, not a Kubernetes object; skipped", "<stdin>:2 document is a list, not a Kubernetes object; skipped", "<stdin>:5 document is a scalar, not a Kubernetes object; skipped"],
    );
  });

  it("CRLF line endings give the same findings at the same lines and columns", async () => {
    const lf = jsonReport(await lintStdin(POD));
    const crlf = jsonReport(await lintStdin(POD.replace(/\n/g, "\r\n")));
    deepStrictEqual(crlf.findings.map((f) => f.location), lf.findings.map((f) => f.location));
    deepStrictEqual(findingsOf(crlf), [POD_FINDING]);
  });

  it("a document of 10,000 containers is linted, one finding per container", async () => {
    const containers = Array.from({ length: 10_000 }, (_, i) => `    - name: c${i}\n      image: app\n      env:\n        - {name: SSL_CERT_FILE, value: /missing/ca.crt}\n      volumeMounts:\n        - {name: ca, mountPath: /etc/ssl/custom}\n`);
    const wide = `apiVersion: v1\nkind: Pod\nmetadata: {name: wide}\nspec:\n  volumes:\n    - {name: ca, configMap: {name: ca}}\n  containers:\n${containers.join("")}`;
    const run = await lintStdin(wide, ["--rule", "ca-bundle-path-not-mounted"]);
    strictEqual(run.code, 1, run.stderr);
    const report = jsonReport(run);
    strictEqual(report.findings.length, 10_000);
    // The last container's env entry: 8 header lines, 6 lines per container.
    strictEqual(report.findings.at(-1)!.location.line, 8 + 6 * 9_999 + 3);
  });

  it("complex mapping keys are one clear line; __proto__ keys are data, not a prototype", async () => {
    assertOneLineError(await lintStdin("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  ? [a, b]\n  : c\n"), /^trustlint: <stdin>:\d+:\d+: malformed YAML: a mapping key is a list or a mapping; Kubernetes manifests need scalar keys$/);
    const run = await lintStdin(`${POD}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: proto}\ndata:\n  __proto__: {polluted: "yes"}\n  constructor: x\n`);
    strictEqual(run.code, 1, run.stderr);
    strictEqual(jsonReport(run).summary.objects, 2);
  });

  it("100,000 tiny documents and a 20 MB single-line scalar are linted", async function () {
    this.timeout(300_000);
    const many = Array.from({ length: 100_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`).join("---\n");
    const run = await lintStdin(many);
    strictEqual(run.code, 0, run.stderr);
    strictEqual(jsonReport(run).summary.objects, 100_000);
    const long = await lintStdin(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: ${"x".repeat(20 * 1024 * 1024)}\n---\n${POD}`);
    strictEqual(long.code, 1, long.stderr);
    deepStrictEqual(findingsOf(jsonReport(long)), ["ca-bundle-path-not-mounted Pod/default/curl <stdin>:16"]);
  });
});
