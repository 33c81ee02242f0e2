import { deepStrictEqual } from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { changedRoots } from "../../src/cli/changed-roots";
import { withChangedValues } from "../../src/cli/pre-commit";
import type { LintRoot } from "../../src/cli/changed-roots";
import { scratch } from "../support/cli";

const DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n";

/** A repository laid out from path → content. */
function repo(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const s = scratch("trustlint-roots-");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(s.dir, path)), { recursive: true });
    writeFileSync(join(s.dir, path), content);
  }
  return s;
}

async function roots(files: Record<string, string>, changed: string[]): Promise<LintRoot[]> {
  const r = repo(files);
  try {
    return await changedRoots(changed, r.dir);
  } finally {
    r.cleanup();
  }
}

const chart = (name: string) => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;

describe("pre-commit: changed files → lint roots", () => {
  it("maps templates, helpers, values, Chart.yaml and packed subcharts to their chart, once", async () => {
    const files = {
      "charts/web/Chart.yaml": chart("web"),
      "charts/web/values.yaml": "a: 1\n",
      "charts/web/values-prod.yaml": "a: 2\n",
      "charts/web/templates/_helpers.tpl": "{{- define \"x\" -}}{{- end -}}\n",
      "charts/web/templates/sub/deploy.yaml": DEPLOYMENT,
      "charts/web/charts/redis-1.0.0.tgz": "not really a tarball",
      "charts/api/Chart.yaml": chart("api"),
      "charts/api/templates/svc.yaml": DEPLOYMENT,
    };
    deepStrictEqual(await roots(files, Object.keys(files)), [
      // values-prod.yaml is a values file of its own: the hook renders the chart with it.
      { kind: "chart", dir: "charts/web", targets: ["charts/web"], values: ["charts/web/values-prod.yaml"] },
      { kind: "chart", dir: "charts/api", targets: ["charts/api"] },
    ]);
  });

  it("names a chart's changed values files (values-*.yaml, ci/*-values.yaml), not values.yaml, other ci/ files or a subchart's", async () => {
    const files = {
      "web/Chart.yaml": chart("web"),
      "web/values.yaml": "a: 1\n",
      "web/values-prod.yaml": "a: 2\n",
      "web/values-eu.yml": "a: 3\n",
      "web/ci/ha-values.yaml": "a: 4\n",
      "web/ci/kind-config.yaml": "kind: Cluster\n",
      "web/charts/db/Chart.yaml": chart("db"),
      "web/charts/db/values-prod.yaml": "a: 5\n",
      "web/templates/values-x.yaml": DEPLOYMENT,
    };
    deepStrictEqual(await roots(files, ["web/values-prod.yaml", "web/ci/kind-config.yaml", "web/charts/db/values-prod.yaml", "web/ci/ha-values.yaml", "web/values.yaml", "web/templates/values-x.yaml", "web/values-eu.yml"]), [
      { kind: "chart", dir: "web", targets: ["web"], values: ["web/ci/ha-values.yaml", "web/values-eu.yml", "web/values-prod.yaml"] },
    ]);
    deepStrictEqual(await roots(files, ["web/values.yaml", "web/ci/kind-config.yaml"]), [{ kind: "chart", dir: "web", targets: ["web"] }]);
  });

  it("the matrix of changed values files: defaults plus one render each, no defaults beside ci/ values, appended to a config's renders", () => {
    const r = repo({ "a/Chart.yaml": chart("a"), "a/values-prod.yaml": "x: 1\n", "b/Chart.yaml": chart("b"), "b/ci/ha-values.yaml": "x: 2\n", "b/values-eu.yaml": "x: 3\n" });
    try {
      const a = join(r.dir, "a");
      const b = join(r.dir, "b");
      deepStrictEqual(withChangedValues(a, [join(a, "values-prod.yaml")], undefined), [
        { name: "defaults", values: [] },
        { name: "values-prod.yaml", values: [join(a, "values-prod.yaml")] },
      ]);
      // Chart-testing's ci/ values are how b is installed: its defaults may not even render.
      deepStrictEqual(withChangedValues(b, [join(b, "values-eu.yaml")], []), [{ name: "values-eu.yaml", values: [join(b, "values-eu.yaml")] }]);
      // A config's renders stay; a changed file one of them reads adds nothing; another adds its render (renamed when the name is taken).
      const base = [{ name: "prod", values: [join(a, "values-prod.yaml")] }, { name: "values-eu.yaml", values: [] }];
      deepStrictEqual(withChangedValues(a, [join(a, "values-prod.yaml")], base), base);
      deepStrictEqual(withChangedValues(b, [join(b, "values-eu.yaml")], base), [...base, { name: "values-eu.yaml-changed", values: [join(b, "values-eu.yaml")] }]);
    } finally {
      r.cleanup();
    }
  });

  it("lints a subchart inside a parent's charts/ as part of the parent", async () => {
    const files = {
      "umbrella/Chart.yaml": chart("umbrella"),
      "umbrella/charts/db/Chart.yaml": chart("db"),
      "umbrella/charts/db/templates/sts.yaml": DEPLOYMENT,
      "umbrella/charts/db/charts/metrics/Chart.yaml": chart("metrics"),
      "umbrella/charts/db/charts/metrics/templates/d.yaml": DEPLOYMENT,
      "standalone/charts/lib/Chart.yaml": chart("lib"),
      "standalone/charts/lib/templates/d.yaml": DEPLOYMENT,
    };
    deepStrictEqual(await roots(files, ["umbrella/charts/db/charts/metrics/templates/d.yaml", "umbrella/charts/db/templates/sts.yaml", "standalone/charts/lib/templates/d.yaml"]), [
      { kind: "chart", dir: "umbrella", targets: ["umbrella"] },
      // charts/lib has no parent chart: it is a chart of its own.
      { kind: "chart", dir: "standalone/charts/lib", targets: ["standalone/charts/lib"] },
    ]);
  });

  it("maps a changed base (through bases, components, patches and generator inputs) to the overlays that use it", async () => {
    const files = {
      "k8s/base/kustomization.yaml": "resources:\n  - deploy.yaml\n  - https://github.com/example/remote//base?ref=v1\nconfigMapGenerator:\n  - name: cfg\n    files:\n      - app.properties=config/app.properties\n    envs: [config/env.txt]\n",
      "k8s/base/deploy.yaml": DEPLOYMENT,
      "k8s/base/config/app.properties": "a=b\n",
      "k8s/base/config/env.txt": "A=B\n",
      "k8s/components/ca/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: ca-patch.yaml\n",
      "k8s/components/ca/ca-patch.yaml": DEPLOYMENT,
      "k8s/mid/kustomization.yml": "resources: [../base]\n",
      "k8s/overlays/prod/kustomization.yaml": "resources:\n  - ../../mid\ncomponents:\n  - ../../components/ca\n",
      "k8s/overlays/dev/Kustomization": "bases:\n  - ../../base\npatchesStrategicMerge:\n  - dev-patch.yaml\n",
      "k8s/overlays/dev/dev-patch.yaml": DEPLOYMENT,
      "k8s/overlays/solo/kustomization.yaml": "resources: [solo.yaml]\n",
      "k8s/overlays/solo/solo.yaml": DEPLOYMENT,
    };
    const overlays = (...dirs: string[]) => dirs.map((dir) => ({ kind: "kustomize", dir, targets: [dir] }));
    deepStrictEqual(await roots(files, ["k8s/base/deploy.yaml"]), overlays("k8s/overlays/dev", "k8s/overlays/prod"));
    deepStrictEqual(await roots(files, ["k8s/base/config/app.properties"]), overlays("k8s/overlays/dev", "k8s/overlays/prod"));
    deepStrictEqual(await roots(files, ["k8s/base/config/env.txt", "k8s/base/kustomization.yaml"]), overlays("k8s/overlays/dev", "k8s/overlays/prod"));
    deepStrictEqual(await roots(files, ["k8s/components/ca/ca-patch.yaml"]), overlays("k8s/overlays/prod"));
    deepStrictEqual(await roots(files, ["k8s/mid/kustomization.yml"]), overlays("k8s/overlays/prod"));
    deepStrictEqual(await roots(files, ["k8s/overlays/dev/dev-patch.yaml", "k8s/overlays/dev/Kustomization"]), overlays("k8s/overlays/dev"));
    deepStrictEqual(await roots(files, ["k8s/overlays/solo/solo.yaml"]), overlays("k8s/overlays/solo"));
    // A component that no overlay lists cannot be built on its own.
    deepStrictEqual(await roots({ ...files, "k8s/components/unused/kustomization.yaml": "kind: Component\nresources: [x.yaml]\n", "k8s/components/unused/x.yaml": DEPLOYMENT }, ["k8s/components/unused/x.yaml"]), []);
  });

  it("lints plain manifests with the other manifests of their directory; leaves other YAML and missing files alone", async () => {
    const files = {
      "deploy/app.yaml": DEPLOYMENT,
      "deploy/cm.json": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}',
      "deploy/notes.yaml": "just: notes\n",
      "deploy/nested/other.yaml": DEPLOYMENT,
      "deploy/kustomize/kustomization.yaml": "resources: [../app.yaml]\npatches:\n  - path: ../patch.yaml\n",
      "deploy/patch.yaml": DEPLOYMENT,
      ".github/workflows/ci.yaml": "on: [push]\njobs: {}\n",
      "docs/example.md": "```yaml\napiVersion: v1\nkind: Pod\n```\n",
    };
    deepStrictEqual(await roots(files, ["deploy/cm.json", ".github/workflows/ci.yaml", "docs/example.md", "gone.yaml", "../outside.yaml"]), [
      // app.yaml and patch.yaml belong to the kustomization beside them, not to the plain manifests.
      { kind: "files", dir: "deploy", targets: ["deploy/cm.json"] },
    ]);
    deepStrictEqual(await roots(files, ["deploy/app.yaml"]), [{ kind: "kustomize", dir: "deploy/kustomize", targets: ["deploy/kustomize"] }]);
  });
});
