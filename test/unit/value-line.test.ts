import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configureRules } from "../../src/engine/configure";
import { pathText } from "../../src/engine/finding";
import { defineRule } from "../../src/engine/rule";
import { runRules } from "../../src/engine/run";
import { EMPTY_CONFIG } from "../../src/config/config";
import { loadStreams } from "../../src/load/loader";
import { Locator } from "../../src/locate/locate";
import { embeddedPathAt, findValueLine } from "../../src/locate/value-line";
import { locateFinding } from "../../src/findings/located";
import { Model } from "../../src/model/model";
import type { K8sObject } from "../../src/model/types";
import { scratch } from "../support/cli";
import { dedent } from "../support/dedent";

const NODECLASS = dedent(`
  apiVersion: karpenter.k8s.aws/v1
  kind: EC2NodeClass
  metadata:
    name: n
  spec:
    userData: |
      #!/bin/bash
      update-ca-trust
      echo done
      update-ca-trust
    folded: >
      update-ca-trust
      echo done
    quoted: "echo a\\nupdate-ca-trust"
`);

function load(text: string, origin: { via: "file" | "helm"; file: string; chartDir?: string }): K8sObject {
  return loadStreams([{ text, origin }], "default").objects[0]!;
}

describe("locate: lines inside block scalars", () => {
  it("finds the n-th occurrence of a line nested under its key, skipping template-only lines", () => {
    const lines = ["spec:", "  userData: |", "    {{- if .Values.ca }}", "    update-ca-trust", "", "    update-ca-trust", "  other: x", "    update-ca-trust"];
    deepStrictEqual(findValueLine(lines, 1, { text: "update-ca-trust", occurrence: 0 }), { index: 3, column: 5 });
    deepStrictEqual(findValueLine(lines, 1, { text: "update-ca-trust", occurrence: 1 }), { index: 5, column: 5 });
    strictEqual(findValueLine(lines, 1, { text: "update-ca-trust", occurrence: 2 }), undefined);
  });

  it("finds the path and value behind a line of an embedded YAML document, the deepest key starting there", () => {
    const text = "apiVersion: 1\ndatasources:\n  - name: Loki\n    jsonData:\n      tlsSkipVerify: true\n";
    deepStrictEqual(embeddedPathAt(text, 4), { path: ["datasources", 0, "jsonData", "tlsSkipVerify"], value: true });
    deepStrictEqual(embeddedPathAt(text, 2), { path: ["datasources", 0, "name"], value: "Loki" });
    strictEqual(embeddedPathAt(text, 9), undefined);
    strictEqual(embeddedPathAt("plain text, not a mapping", 0), undefined);
    strictEqual(embeddedPathAt("a: [unclosed", 0), undefined);
  });

  it("points a plain YAML finding at the line of the value, and at the key when the value's lines are not the file's", () => {
    const o = load(NODECLASS, { via: "file", file: "/x/n.yaml" });
    const locator = new Locator("/x");
    deepStrictEqual(locator.locate(o, { path: ["spec", "userData"], valueLine: 3 }), { uri: "n.yaml", line: 10, column: 5, endLine: 10, endColumn: 20, method: "exact" });
    deepStrictEqual(locator.locate(o, { path: ["spec", "userData"], valueLine: 1 }), { uri: "n.yaml", line: 8, column: 5, endLine: 8, endColumn: 20, method: "exact" });
    // A folded scalar joins its lines; a quoted one holds them on one line: the key stands.
    deepStrictEqual(locator.locate(o, { path: ["spec", "folded"], valueLine: 0 }), { uri: "n.yaml", line: 11, column: 3, endLine: 13, endColumn: 14, method: "exact" });
    deepStrictEqual(locator.locate(o, { path: ["spec", "quoted"], valueLine: 1 }), { uri: "n.yaml", line: 14, column: 3, endLine: 14, endColumn: 36, method: "exact" });
  });

  it("finds the literal line in a Helm template, and keeps the key when the line is templated", () => {
    const { dir, cleanup } = scratch();
    try {
      mkdirSync(join(dir, "templates"));
      writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: nodes\nversion: 0.1.0\n");
      writeFileSync(
        join(dir, "templates", "nodeclass.yaml"),
        dedent(`
          apiVersion: karpenter.k8s.aws/v1
          kind: EC2NodeClass
          metadata:
            name: {{ .Release.Name }}
          spec:
            userData: |
              #!/bin/bash
              {{- if .Values.ca }}
              aws s3 cp {{ .Values.ca }} /etc/pki/ca-trust/source/anchors/ca.crt
              {{- end }}
              update-ca-trust
        `),
      );
      const rendered = "---\n# Source: nodes/templates/nodeclass.yaml\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: r\nspec:\n  userData: |\n    #!/bin/bash\n    aws s3 cp s3://b/ca.crt /etc/pki/ca-trust/source/anchors/ca.crt\n    update-ca-trust\n";
      const o = load(rendered, { via: "helm", file: "<helm>", chartDir: dir });
      const locator = new Locator(dir);
      deepStrictEqual(locator.locate(o, { path: ["spec", "userData"], valueLine: 2 }), { uri: "templates/nodeclass.yaml", line: 11, column: 5, endLine: 11, endColumn: 20, method: "key-search" });
      deepStrictEqual(locator.locate(o, { path: ["spec", "userData"], valueLine: 1 }), { uri: "templates/nodeclass.yaml", line: 6, column: 3, endLine: 6, endColumn: 14, method: "key-search" });
    } finally {
      cleanup();
    }
  });

  it("carries a rule's valueLine from its report to the finding's location, the path unchanged", () => {
    const rule = defineRule({
      meta: { id: "t", shortDescription: "s", fullDescription: "f", remediation: "r", severity: "error", incident: 3, tags: ["security"], precision: "high", securitySeverity: 5, messages: { m: "m" } },
      check: ({ model, report }) => {
        for (const o of model.objects) report({ object: o, path: ["spec", "userData"], valueLine: 3, messageId: "m" });
      },
    });
    const o = load(NODECLASS, { via: "file", file: "/x/n.yaml" });
    const [found] = runRules(new Model([o]), configureRules([rule], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") });
    strictEqual(found!.input.valueLine, 3);
    strictEqual(pathText(found!.input.path), "spec.userData");
    const located = locateFinding(found!, new Locator("/x"), "/x");
    strictEqual(located.location.line, 10);
    strictEqual(pathText(located.path), "spec.userData");
  });
});
