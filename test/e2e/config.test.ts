import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReport, runCli, scratch } from "../support/cli";
import { assertValidSarif } from "../support/sarif";

const SHADOWED = (name: string, annotations = "", podAnnotations = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: web${annotations}
spec:
  template:
    metadata:
      labels: {app: ${name}}${podAnnotations}
    spec:
      containers:
        - name: app
          image: nginx
          volumeMounts:
            - {name: ca, mountPath: /etc/ssl/certs}
      volumes:
        - {name: ca, configMap: {name: corp-ca}}
`;

describe("configuration and suppression", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = scratch());
    mkdirSync(join(dir, "manifests", "vendor"), { recursive: true });
    writeFileSync(join(dir, "manifests", "a.yaml"), SHADOWED("a"));
    writeFileSync(join(dir, "manifests", "vendor", "b.yaml"), SHADOWED("vendor-b"));
  });
  afterEach(() => cleanup());

  const lint = async (extra: string[] = []) => {
    const run = await runCli(["manifests", "--rule", "trust-store-shadowed", "--format", "json", ...extra], { cwd: dir });
    return { run, report: jsonReport(run) };
  };

  it("finds .trustlint.yaml above the target and applies rule levels", async () => {
    writeFileSync(join(dir, ".trustlint.yaml"), "rules:\n  trust-store-shadowed: error\n");
    const { run, report } = await lint();
    strictEqual(run.code, 1);
    deepStrictEqual(report.findings.map((f) => f.severity), ["error", "error"]);
  });

  it("turns a rule off, and --no-config ignores the file", async () => {
    writeFileSync(join(dir, ".trustlint.yaml"), "rules:\n  trust-store-shadowed: 'off'\n");
    // The only selected rule is off: an empty lint, accepted only with --allow-empty (never-silent.test.ts).
    strictEqual((await lint(["--allow-empty"])).report.findings.length, 0);
    strictEqual((await lint(["--no-config"])).report.findings.length, 2);
  });

  it("passes rule options to the rule", async () => {
    writeFileSync(join(dir, "manifests", "a.yaml"), SHADOWED("a").replace("/etc/ssl/certs", "/opt/trust"));
    writeFileSync(join(dir, "trust.yaml"), "rules:\n  trust-store-shadowed:\n    options:\n      extraDirectories: [/opt/trust]\n");
    const { report } = await lint(["--config", "trust.yaml"]);
    deepStrictEqual(report.findings.map((f) => f.object.name).sort(), ["a", "vendor-b"]);
  });

  it("suppresses with ignore entries by kind, namespace, name glob and path glob, keeping the finding with its reason", async () => {
    writeFileSync(
      join(dir, ".trustlint.yaml"),
      [
        "ignore:",
        "  - rule: trust-store-shadowed",
        "    kind: Deployment",
        "    namespace: web",
        "    name: vendor-*",
        "    paths: ['manifests/vendor/**']",
        "    reason: vendor image ships a full bundle",
        "",
      ].join("\n"),
    );
    const { run, report } = await lint();
    strictEqual(run.code, 0, "a warning and a suppressed finding");
    const byName = Object.fromEntries(report.findings.map((f) => [f.object.name, f]));
    strictEqual(byName.a!.suppressed, false);
    strictEqual(byName["vendor-b"]!.suppressed, true);
    deepStrictEqual(byName["vendor-b"]!.suppressions, [{ kind: "external", reason: "vendor image ships a full bundle", source: ".trustlint.yaml:2" }]);
    strictEqual(report.summary.suppressed, 1);
  });

  it("an entry for another namespace or path does not suppress", async () => {
    writeFileSync(join(dir, ".trustlint.yaml"), "ignore:\n  - {rule: '*', namespace: other, reason: r}\n  - {rule: '*', paths: ['elsewhere/**'], reason: r}\n");
    strictEqual((await lint()).report.summary.suppressed, 0);
  });

  it("an expired entry stops suppressing and says so", async () => {
    writeFileSync(join(dir, ".trustlint.yaml"), "ignore:\n  - rule: trust-store-shadowed\n    reason: temporary\n    expires: 2001-01-31\n");
    const { report } = await lint();
    strictEqual(report.summary.suppressed, 0);
    deepStrictEqual(report.warnings, [{ where: ".trustlint.yaml:2", message: "ignore entry for trust-store-shadowed expired on 2001-01-31; it no longer suppresses anything" }]);
  });

  it("honours the ignore-check annotation on the object and on its pod template", async () => {
    writeFileSync(join(dir, "manifests", "a.yaml"), SHADOWED("a", "\n  annotations:\n    ignore-check.trustlint.io/trust-store-shadowed: full bundle"));
    writeFileSync(join(dir, "manifests", "vendor", "b.yaml"), SHADOWED("vendor-b", "", "\n      annotations:\n        ignore-check.trustlint.io/trust-store-shadowed: on the template"));
    const { report } = await lint();
    deepStrictEqual(
      report.findings.map((f) => [f.object.name, f.suppressions.map((s) => `${s.kind}: ${s.reason}`)]),
      [
        ["a", ["inSource: full bundle"]],
        ["vendor-b", ["inSource: on the template"]],
      ],
    );
  });

  it("keeps suppressed findings in SARIF with suppressions[] and the reason", async () => {
    writeFileSync(join(dir, "manifests", "a.yaml"), SHADOWED("a", "\n  annotations:\n    ignore-check.trustlint.io/trust-store-shadowed: full bundle"));
    const run = await runCli(["manifests", "--rule", "trust-store-shadowed", "--format", "sarif"], { cwd: dir });
    const sarif = assertValidSarif(run.stdout) as unknown as { runs: { results: { suppressions?: { kind: string; justification: string }[]; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const suppressed = sarif.runs[0]!.results.filter((r) => r.suppressions);
    strictEqual(suppressed.length, 1);
    strictEqual(suppressed[0]!.suppressions![0]!.kind, "inSource");
    match(suppressed[0]!.suppressions![0]!.justification, /^full bundle \(annotation ignore-check\.trustlint\.io\/trust-store-shadowed on Deployment\/a\)$/);
    strictEqual(suppressed[0]!.locations[0]!.physicalLocation.artifactLocation.uri, "manifests/a.yaml");
  });

  it("reads failLevel from the config; --fail-level wins over it", async () => {
    writeFileSync(join(dir, ".trustlint.yaml"), "failLevel: warning\n");
    strictEqual((await lint()).run.code, 1);
    strictEqual((await lint(["--fail-level", "error"])).run.code, 0, "the flag wins over the config");
  });

  it("fingerprints stay the same when lines move above the finding", async () => {
    const before = (await lint()).report.findings.map((f) => f.fingerprint);
    writeFileSync(join(dir, "manifests", "a.yaml"), "# a comment\n# and another\n" + SHADOWED("a"));
    const after = await lint();
    deepStrictEqual(after.report.findings.map((f) => f.fingerprint), before);
    strictEqual(after.report.findings.find((f) => f.object.name === "a")!.location.line, 17);
  });
});
