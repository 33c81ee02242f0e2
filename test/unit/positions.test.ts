import { deepStrictEqual } from "node:assert/strict";
import { positionOf } from "../../src/load/positions";
import type { JsonPath, LoadedDocument } from "../../src/model/types";
import { dedent } from "../support/dedent";

const TEXT = dedent(`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: &n trust
    labels: {app: web}
  data:
    quoted: "a b"   # comment
    empty:
    alias: *n
    ca.crt: |
      -----BEGIN CERTIFICATE-----
      MIIB

  items:
    - plain
    - {name: first, value: x}
    - - nested
`);
const doc: LoadedDocument = { origin: { via: "file", file: "/x.yaml" }, text: TEXT, lineOffset: 0, index: 0 };
const at = (path: JsonPath) => {
  const p = positionOf(doc, path);
  return `${p.line}:${p.column}-${p.endLine}:${p.endColumn}${p.exact ? "" : " ancestor"}`;
};

describe("positions: the region a path's text covers", () => {
  it("a key with a scalar value: the key through the value (quotes included, comment left out)", () => {
    deepStrictEqual(at(["data", "quoted"]), "7:3-7:16");
    deepStrictEqual(at(["metadata", "name"]), "4:3-4:17");
  });

  it("a key without a value, and a key whose value is an alias", () => {
    deepStrictEqual(at(["data", "empty"]), "8:3-8:8");
    deepStrictEqual(at(["data", "alias"]), "9:3-9:12");
  });

  it("a block scalar: the key through its last non-blank line", () => {
    deepStrictEqual(at(["data", "ca.crt"]), "10:3-12:9");
  });

  it("a key whose value is a mapping or a list: the key alone", () => {
    deepStrictEqual(at(["metadata"]), "3:1-3:9");
    deepStrictEqual(at(["metadata", "labels"]), "5:3-5:9");
  });

  it("an item by index: a scalar, a mapping's first entry, a nested list's first item", () => {
    deepStrictEqual(at(["items", 0]), "15:5-15:10");
    deepStrictEqual(at(["items", 1]), "16:5-16:17");
    deepStrictEqual(at(["items", 2]), "17:5-17:13");
  });

  it("a path that leaves what is written: the deepest node found, not exact", () => {
    deepStrictEqual(at(["data", "missing"]), "6:1-6:5 ancestor");
  });
});
