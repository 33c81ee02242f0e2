import { deepStrictEqual, match, ok, throws } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../../rules";
import { exampleProblems, exampleYaml, readmeExamples } from "../support/readme-examples";
import { ROOT } from "../support/tools";

/**
 * Every rule README's "Bad" examples give at least one finding of that rule, and its "Good"
 * examples none, through the rule tester's own path (runRule: config, knowledge, model,
 * supersede/dedupe): the README cannot promise what the rule does not do.
 */
describe("rule README examples are executed", () => {
  for (const rule of RULES) {
    const file = join("rules", rule.meta.id, "README.md");
    const examples = readmeExamples(readFileSync(join(ROOT, file), "utf8"), file);
    describe(rule.meta.id, () => {
      it("has a Bad and a Good example", () => {
        ok(examples.some((e) => e.kind === "bad"), `${file} has no yaml block under ## Bad`);
        ok(examples.some((e) => e.kind === "good"), `${file} has no yaml block under ## Good`);
      });
      for (const ex of examples) {
        it(`${ex.heading} (${file}:${ex.line}) ${ex.kind === "bad" ? "is reported" : "is clean"}`, () => {
          deepStrictEqual(exampleProblems(rule, ex), []);
        });
      }
    });
  }
});

describe("README example directives", () => {
  const md = (directive: string) => `## Bad\n\n${directive}\n\`\`\`yaml\nkind: ConfigMap\n\`\`\`\n`;

  it("reads options, cluster domain and now for the next block only", () => {
    const text = `${md('<!-- trustlint-example: {"options": {"expiryHorizonDays": 60}, "clusterDomain": "corp.internal", "now": "2026-01-01"} -->')}\n## Good\n\n\`\`\`yaml\nkind: Secret\n\`\`\`\n`;
    deepStrictEqual(readmeExamples(text, "R.md"), [
      { kind: "bad", heading: "Bad", line: 4, yaml: "kind: ConfigMap\n", options: { expiryHorizonDays: 60 }, clusterDomain: "corp.internal", now: "2026-01-01" },
      { kind: "good", heading: "Good", line: 10, yaml: "kind: Secret\n" },
    ]);
  });

  it("refuses an unknown key, bad JSON, a directive with no block after it, and a non-yaml example", () => {
    throws(() => readmeExamples(md('<!-- trustlint-example: {"option": {}} -->'), "R.md"), /^Error: R\.md:3: unknown trustlint-example: key "option"/);
    throws(() => readmeExamples(md("<!-- trustlint-example: {options: {}} -->"), "R.md"), /^Error: R\.md:3: trustlint-example: directive is not JSON/);
    throws(() => readmeExamples('## Bad\n\n<!-- trustlint-example: {"now": "2026-01-01"} -->\nSome prose.\n', "R.md"), /^Error: R\.md:3: trustlint-example: directive is not followed by a code block/);
    throws(() => readmeExamples("## Good\n\n```json\n{}\n```\n", "R.md"), /^Error: R\.md:3: a Bad or Good example must be a ```yaml block/);
  });

  it("fills certificate placeholders with certificates made at test time", () => {
    const [ex] = readmeExamples(
      `## Bad\n\n<!-- trustlint-example: {"certificates": {"ca": {"ca": true, "notBefore": "2026-01-01", "notAfter": "2027-01-01"}}} -->\n\`\`\`yaml\ndata:\n  a: |\n    <pem ca>\n  b: <base64 ca>\n  c: <base64 key ca>\n\`\`\`\n`,
      "R.md",
    );
    const yaml = exampleYaml(ex!);
    match(yaml, /^data:\n {2}a: \|\n {4}-----BEGIN CERTIFICATE-----\n( {4}[A-Za-z0-9+/=]+\n)+ {4}-----END CERTIFICATE-----\n {2}b: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t[A-Za-z0-9+/=]+\n {2}c: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t[A-Za-z0-9+/=]+\n$/);
    throws(() => exampleYaml({ ...ex!, certificates: {} }), /placeholder names certificate "ca", which the trustlint-example: directive does not define/);
  });

  it("a chart example is a template, rendered and linted as a chart (a Bad template that generates nothing, or a Good one that does, is reported)", () => {
    const rule = RULES.find((r) => r.meta.id === "generated-cert-not-stable")!;
    const [ex] = readmeExamples('## Bad\n\n<!-- trustlint-example: {"chart": {"template": "tls.yaml", "files": {"values.yaml": "days: 30\\n"}}} -->\n```yaml\nkind: ConfigMap\n```\n', "R.md");
    deepStrictEqual(ex, { kind: "bad", heading: "Bad", line: 4, yaml: "kind: ConfigMap\n", chart: { template: "tls.yaml", files: { "values.yaml": "days: 30\n" } } });
    const secret = '{{- $ca := genCA "x" (int .Values.days) }}\napiVersion: v1\nkind: Secret\nmetadata: {name: x}\ndata:\n  ca.crt: {{ $ca.Cert | b64enc }}\n';
    const configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n";
    deepStrictEqual(exampleProblems(rule, { ...ex, yaml: configMap }), ["gives no generated-cert-not-stable finding"]);
    deepStrictEqual(exampleProblems(rule, { ...ex, yaml: secret }), []);
    const good = exampleProblems(rule, { ...ex, kind: "good", yaml: secret });
    deepStrictEqual(good.length, 1);
    match(good[0]!, /^gives generated-cert-not-stable at line 1: genCA in templates\/tls\.yaml makes a new CA certificate and key on every render/);
  });

  it("a Bad example that gives no finding, or a fragment, is reported (so a pass means something)", () => {
    const rule = RULES.find((r) => r.meta.id === "trust-store-shadowed")!;
    deepStrictEqual(exampleProblems(rule, { kind: "bad", heading: "Bad", line: 1, yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: corp-ca}\n" }), ["gives no trust-store-shadowed finding"]);
    deepStrictEqual(exampleProblems(rule, { kind: "good", heading: "Good", line: 1, yaml: "containers:\n  - name: app\n" }), [
      "load warning at /virtual/manifests.yaml:1: document has no apiVersion/kind; skipped",
      "holds no Kubernetes object",
    ]);
    deepStrictEqual(exampleProblems(rule, { kind: "good", heading: "Good", line: 1, yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: [{name: app, image: nginx}]}}}\n" }), [
      "Deployment/web: /spec must have required property selector",
    ]);
  });
});
