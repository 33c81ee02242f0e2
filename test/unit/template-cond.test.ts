import { strictEqual } from "node:assert/strict";
import { branchTaken, evalCondition } from "../../src/locate/template-cond";
import type { ConditionValues } from "../../src/locate/template-cond";
import { TOP_SCOPE } from "../../src/locate/template-expr";
import type { Scope } from "../../src/locate/template-expr";
import type { PathStep } from "../../src/model/types";

/** Values as the files set them; paths under `setByFlag` are set by --set (not known here). */
function values(data: Record<string, unknown>, setByFlag: string[] = []): ConditionValues {
  const get = (path: readonly PathStep[]) => path.reduce<unknown>((cur, s) => (cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[String(s)] : undefined), data);
  // A flag decides a path it sets, a part of it, or a value inside it (as ValuesView.decided).
  const related = (a: string[], b: string[]) => a.every((s, i) => i >= b.length || s === b[i]);
  return { value: get, decided: (path) => !setByFlag.some((f) => related(f.split("."), path.map(String))) };
}

describe("template conditions decided by the values files", () => {
  const v = values({ zooServers: "", configStorageType: "ConfigMap", extraArgs: ["--a"], tls: { enabled: true, ca: {} }, replicas: 0, proxy: { nativeSidecar: true } }, ["set.byFlag"]);
  const cases: [string, boolean | undefined][] = [
    [".Values.zooServers", false],
    [".Values.missing", false],
    ['eq .Values.configStorageType "Secret"', false],
    ['ne .Values.configStorageType "Secret"', true],
    ['kindIs "slice" .Values.extraArgs', true],
    ['kindIs "map" .Values.extraArgs', false],
    [".Values.tls.ca", false],
    ["not .Values.tls.enabled", false],
    ["and .Values.tls.enabled (not .Values.replicas)", true],
    ["or .Values.zooServers .Values.proxy.nativeSidecar", true],
    ["and $unknown .Values.zooServers", false],
    ["or $unknown .Values.zooServers", undefined],
    ['hasKey .Values.tls "enabled"', true],
    [".Values.set.byFlag", undefined],
    [".Values.set", undefined],
    ['include "x.enabled" .', undefined],
    [".Values.tls.enabled | not", false],
  ];
  for (const [expr, want] of cases) {
    it(`${expr} → ${String(want)}`, () => strictEqual(evalCondition(expr, TOP_SCOPE, v), want));
  }

  it("an else branch is taken when every earlier clause is false; an unknown earlier clause leaves it undecided", () => {
    strictEqual(branchTaken("if", [".Values.zooServers", ""], 0, TOP_SCOPE, v), false);
    strictEqual(branchTaken("if", [".Values.zooServers", ""], 1, TOP_SCOPE, v), true);
    strictEqual(branchTaken("if", [".Values.zooServers", "if .Values.tls.enabled", ""], 2, TOP_SCOPE, v), false);
    strictEqual(branchTaken("if", ["$unknown", ""], 1, TOP_SCOPE, v), undefined);
    strictEqual(branchTaken("with", ["$x := .Values.tls", ""], 0, TOP_SCOPE, v), true);
  });

  it("reads values through the dot a with block or a helper argument binds", () => {
    const scope: Scope = { dot: { kind: "values", path: ["tls"] }, dollar: { kind: "root" }, vars: new Map() };
    strictEqual(evalCondition(".enabled", scope, v), true);
    strictEqual(evalCondition("$.Values.zooServers", scope, v), false);
  });
});
