import { deepStrictEqual } from "node:assert/strict";
import { staleDocs } from "../../scripts/docs";

describe("generated docs", () => {
  it("rule README headers and the README rules table match the rule metadata (npm run docs)", () => {
    deepStrictEqual(staleDocs().map((s) => s.file), []);
  });
});
