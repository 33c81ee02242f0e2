import { deepStrictEqual, notStrictEqual, strictEqual, throws } from "node:assert/strict";
import { parseCli } from "../../src/cli/args";
import type { Finding } from "../../src/engine/finding";
import type { RuleMeta } from "../../src/engine/rule";
import { mergeRenders } from "../../src/findings/merge-renders";

const finding = (over: Partial<Finding> & { rule?: string; line?: number }): Finding => ({
  meta: { id: over.rule ?? "r" } as RuleMeta,
  severity: "error",
  messageId: "m",
  messageData: {},
  message: "m",
  fix: undefined,
  object: { apiVersion: "v1", kind: "Pod", namespace: "default", name: "p" },
  path: ["spec"],
  location: { uri: "chart/templates/p.yaml", line: over.line ?? 3, column: 1, endLine: over.line ?? 3, endColumn: 10, method: "key-search" },
  related: [],
  renders: [],
  fingerprint: `fp-${over.rule ?? "r"}-${over.line ?? 3}`,
  suppressions: [],
  ...over,
});

describe("render matrix: merging findings across renders", () => {
  const names = ["a", "b", "c"];

  it("reports a finding of every render once, with all render names and its single-render fingerprint", () => {
    const merged = mergeRenders(names.map((name) => ({ name, findings: [finding({})] })), names);
    deepStrictEqual(merged.map((f) => [f.renders, f.fingerprint]), [[["a", "b", "c"], "fp-r-3"]]);
  });

  it("names the renders of a partial finding and makes them part of its fingerprint", () => {
    const merged = mergeRenders([{ name: "a", findings: [finding({})] }, { name: "b", findings: [] }, { name: "c", findings: [finding({})] }], names);
    strictEqual(merged.length, 1);
    deepStrictEqual(merged[0]!.renders, ["a", "c"]);
    notStrictEqual(merged[0]!.fingerprint, "fp-r-3");
    const other = mergeRenders([{ name: "a", findings: [finding({})] }, { name: "b", findings: [] }, { name: "c", findings: [] }], names);
    notStrictEqual(other[0]!.fingerprint, merged[0]!.fingerprint);
  });

  it("keeps findings apart when their message or line differs", () => {
    const merged = mergeRenders([{ name: "a", findings: [finding({ message: "x" })] }, { name: "b", findings: [finding({ message: "y" })] }, { name: "c", findings: [finding({ message: "x", line: 9 })] }], names);
    deepStrictEqual(merged.map((f) => `${f.message}:${f.location.line}:${f.renders.join(",")}`), ["x:3:a", "y:3:b", "x:9:c"]);
  });

  it("merges related locations, saying which renders have one that not all have", () => {
    const values = (file: string) => ({ location: { uri: file, line: 1, column: 1, endLine: 1, endColumn: 5, method: "exact" as const }, object: finding({}).object, path: ["spec"], message: "the value is set here (x)" });
    const merged = mergeRenders([{ name: "a", findings: [finding({ related: [values("a.yaml")] })] }, { name: "b", findings: [finding({ related: [values("b.yaml")] })] }], ["a", "b"]);
    deepStrictEqual(merged[0]!.related.map((r) => `${r.location.uri}: ${r.message}`), ["a.yaml: the value is set here (x) (render a)", "b.yaml: the value is set here (x) (render b)"]);
  });
});

describe("render matrix: --values-set", () => {
  it("parses NAME=FILE[,FILE...], repeatable, and NAME= for the chart's defaults", () => {
    deepStrictEqual(parseCli(["c", "--values-set", "prod=a.yaml,b.yaml", "--values-set", "defaults="]).valuesSets, [
      { name: "prod", values: ["a.yaml", "b.yaml"] },
      { name: "defaults", values: [] },
    ]);
    deepStrictEqual(parseCli(["c"]).valuesSets, []);
  });

  it("rejects a missing name, a bad name and a name given twice", () => {
    throws(() => parseCli(["c", "--values-set", "a.yaml"]), /NAME=FILE/);
    throws(() => parseCli(["c", "--values-set", "pro d=a.yaml"]), /NAME=FILE/);
    throws(() => parseCli(["c", "--values-set", "x=a.yaml", "--values-set", "x=b.yaml"]), /twice/);
  });
});
