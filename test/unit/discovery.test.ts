import { strictEqual } from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCli } from "../../src/cli/args";
import { looksLikeManifest } from "../../src/render/roots";
import { excluder } from "../../src/cli/exclude";
import { chartReference } from "../../src/render/targets";
import { scratch } from "../support/cli";

describe("discovery helpers", () => {
  it("recognises Kubernetes objects in block, quoted-key, flow-style and JSON files, and nothing nested", () => {
    const { dir, cleanup } = scratch();
    try {
      const cases: [string, string, boolean][] = [
        ["block.yaml", "apiVersion: v1\nkind: ConfigMap\n", true],
        ["quoted.yaml", "\"apiVersion\": v1\n'kind': ConfigMap\n", true],
        ["flow.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n", true],
        ["flow-second.yml", "---\n{apiVersion: v1, kind: ConfigMap}\n", true],
        ["nested.yaml", "spec:\n  apiVersion: v1\n  kind: X\n", false],
        ["object.json", '{"apiVersion": "v1", "kind": "Service"}', true],
        ["report.json", '{"findings": [{"object": {"apiVersion": "v1", "kind": "X"}}]}', false],
        ["broken.json", '{"apiVersion": "v1", "kind": "Service",', true],
        ["values.yaml", "replicas: 1\n", false],
        // Issue 11 item 5: whatever the style, the loader's answer (decoded and parsed as it does).
        ["flow-json-style.yaml", '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}\n', true],
        ["quoted-kind.yaml", '"apiVersion": apps/v1\n"kind": Deployment\nmetadata: {name: web}\n', true],
        ["flow-after-comment.yaml", "# Copyright header\n\n{apiVersion: v1, kind: ConfigMap}\n", true],
        ["flow-tagged.yaml", "--- !!map {apiVersion: v1, kind: ConfigMap}\n", true],
        ["flow-later-document.yaml", "a: 1\n---\n{apiVersion: v1, kind: ConfigMap}\n", true],
        ["explicit-keys.yaml", "? apiVersion\n: v1\n? kind\n: ConfigMap\n", true],
        ["bom-flow.yaml", "\ufeff{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}\n", true],
        ["flow-list.yaml", '[{"apiVersion": "v1", "kind": "ConfigMap"}]\n', false],
        ["flow-nested.yaml", "{spec: {apiVersion: v1, kind: X}}\n", false],
        // Malformed, but a manifest by its text: linted, so that its error is reported.
        ["broken-flow.yaml", "# header\n{apiVersion: v1, kind: ConfigMap,\n", true],
        ["broken-block.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Name }}\n", true],
      ];
      for (const [name, text, want] of cases) {
        writeFileSync(join(dir, name), text);
        strictEqual(looksLikeManifest(join(dir, name)), want, name);
      }
      // UTF-16 with a BOM, as the loader reads it; binary is no manifest.
      writeFileSync(join(dir, "utf16.yaml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("apiVersion: v1\nkind: ConfigMap\n", "utf16le")]));
      strictEqual(looksLikeManifest(join(dir, "utf16.yaml")), true, "utf16.yaml");
      writeFileSync(join(dir, "binary.yaml"), Buffer.from("apiVersion: v1\nkind: ConfigMap\n\u0000\u0001"));
      strictEqual(looksLikeManifest(join(dir, "binary.yaml")), false, "binary.yaml");
    } finally {
      cleanup();
    }
  });

  it("--exclude: a name at any depth, a relative or absolute glob, and everything under a matching directory", () => {
    const skip = excluder(["vendor", "charts/*/ci/**", "/abs/out/*.sarif"], "/repo");
    strictEqual(skip("/repo/a/vendor/x.yaml"), true);
    strictEqual(skip("/repo/charts/web/ci/prod-values.yaml"), true);
    strictEqual(skip("/abs/out/t.sarif"), true);
    strictEqual(skip("/repo/.git/config.yaml"), true);
    strictEqual(skip("/repo/node_modules/p/x.yaml"), true);
    strictEqual(skip("/repo/charts/web/values.yaml"), false);
    strictEqual(skip("/repo/vendors.yaml"), false);
  });

  it("chart references: oci://, https .tgz, repo/chart, a chart name with --repo; paths stay paths", () => {
    strictEqual(chartReference("oci://registry.example/charts/web", "/nowhere", undefined)?.kind, "oci");
    strictEqual(chartReference("https://charts.example/web-1.2.3.tgz", "/nowhere", undefined)?.kind, "url");
    strictEqual(chartReference("bitnami/nginx", "/nowhere", undefined)?.kind, "repo");
    strictEqual(chartReference("nginx", "/nowhere", "https://charts.example")?.kind, "repo");
    strictEqual(chartReference("nginx", "/nowhere", undefined), undefined);
    strictEqual(chartReference("k8s/deploy.yaml", "/nowhere", undefined), undefined);
    strictEqual(chartReference("k8s/*.yaml", "/nowhere", undefined), undefined);
  });

  it("--version: trustlint's version alone or before another option, the chart version before a value", () => {
    strictEqual(parseCli(["--version"]).version, true);
    strictEqual(parseCli(["--version", "--debug"]).version, true);
    strictEqual(parseCli(["-V"]).version, true);
    const chart = parseCli(["repo/web", "--version", "1.2.3"]);
    strictEqual(chart.version, false);
    strictEqual(chart.remote.version, "1.2.3");
    strictEqual(parseCli(["repo/web", "--version=^1.2"]).remote.version, "^1.2");
    strictEqual(parseCli(["--set", "a=b", "--version"]).version, true);
    // After -- every word is a target.
    strictEqual(parseCli(["--", "--version"]).targets[0], "--version");
  });
});
