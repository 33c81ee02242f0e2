import { deepStrictEqual } from "node:assert/strict";
import { ignoreComments, ignoreCommentsFor } from "../../src/filter/comments";
import { loadStreams } from "../../src/load/loader";
import { dedent } from "../support/dedent";

const load = (text: string) => loadStreams([{ text, origin: { via: "file", file: "/m.yaml" } }], "default").objects;
const rulesOf = (text: string) => load(text).map((o) => `${o.name}: ${ignoreCommentsFor(o).map((c) => `${c.rules.join(",")} (${c.reason})`).join(" | ")}`);

describe("filter: # trustlint:ignore comments", () => {
  it("reads rule ids (comma-separated, or *) and the reason", () => {
    deepStrictEqual(rulesOf("# trustlint:ignore a,b because\n#trustlint:ignore * all of them\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"), ["x: a,b (because) | * (all of them)"]);
  });

  it("applies the leading comment block to its document's object, not comments inside it or above an earlier document", () => {
    const text = dedent(`
      # trustlint:ignore first-rule above the first object
      apiVersion: v1
      kind: ConfigMap
      metadata:
        # trustlint:ignore inner-rule inside the object
        name: one
      # trustlint:ignore trailing-rule after the first object, before the separator
      ---
      # Source: chart/templates/two.yaml
      # trustlint:ignore second-rule below the separator

      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: two
    `);
    deepStrictEqual(rulesOf(text), ["one: first-rule (above the first object)", "two: second-rule (below the separator)"]);
  });

  it("applies a comment right above a List item to that item only", () => {
    const text = dedent(`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: a}
        # trustlint:ignore r for b
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: b}
    `);
    deepStrictEqual(rulesOf(text), ["a: ", "b: r (for b)"]);
  });

  it("lists every comment of a document with its line, including ones that name no rule", () => {
    const [o] = load("apiVersion: v1\nkind: ConfigMap\n# trustlint:ignore\nmetadata: {name: x}\n");
    deepStrictEqual(ignoreComments(o!.doc).map((c) => ({ line: c.line, rules: c.rules })), [{ line: 2, rules: [] }]);
  });
});
