import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { batchVerdict, planBatches } from "../../src/render/batch-charts";
import type { BatchFacts } from "../../src/render/batch-charts";
import { chartBatches, renderBatch, splitBatchOutput } from "../../src/render/batch-render";
import { helmTemplateArgs } from "../../src/render/render";
import { DEFAULT_HELM_OPTIONS } from "../../src/render/types";
import type { RenderOptions, Target } from "../../src/render/types";
import { runCli, scratch } from "../support/cli";
import { HELMS, assertToolsPresent } from "../support/tools";
import { writeTree } from "../support/tree";

/**
 * Charts that render the same as subcharts share one `helm template` of a temporary umbrella
 * chart (src/render/batch-render.ts). These charts use the idioms real charts use (helpers, the
 * checksum annotation, a library subchart, a subchart behind a condition and one behind an alias,
 * dependency tags, CRDs with two documents in one file, hooks, a test, `.Values.global` with a
 * `global:` map) and each way a chart could tell it is a subchart; on Helm 3 and 4, each batched
 * chart's text is byte for byte what `helm template` of the chart alone writes, and `trustlint`
 * reports the same with and without `--no-batch`.
 */

before(() => assertToolsPresent());

const HELPERS = (chart: string) => `{{- define "${chart}.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "${chart}.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "common.labels.standard" . }}
{{- end }}
`;

const COMMON = {
  "Chart.yaml": "apiVersion: v2\nname: common\nversion: 2.1.0\ntype: library\n",
  "templates/_labels.tpl": `{{- define "common.labels.standard" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
`,
};

const REDIS = {
  "Chart.yaml": "apiVersion: v2\nname: redis\nversion: 18.0.1\n",
  "values.yaml": "auth:\n  tls: true\n",
  "templates/service.yaml": `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-{{ .Chart.Name }}
spec:
  ports:
    - port: 6379
`,
};

const DEPLOYMENT = (chart: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "${chart}.fullname" . }}
  labels:
    {{- include "${chart}.labels" . | nindent 4 }}
spec:
  selector:
    matchLabels:
      app: {{ include "${chart}.fullname" . }}
  template:
    metadata:
      labels:
        app: {{ include "${chart}.fullname" . }}
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    spec:
      containers:
        - name: app
          image: ${image}
          env:
            - name: SSL_CERT_FILE
              value: /etc/ssl/custom/ca.crt
`;

const CONFIGMAP = (chart: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "${chart}.fullname" . }}
data:
  replicas: {{ .Values.replicas | quote }}
`;

function charts(): Record<string, string> {
  const tree: Record<string, Record<string, string>> = {
    // A web app with a library subchart (with tags, which its values leave alone) and a subchart.
    web: {
      "Chart.yaml": `apiVersion: v2
name: web
version: 1.2.3
kubeVersion: ">=1.25.0-0"
dependencies:
  - name: common
    version: 2.x.x
    repository: oci://registry.example.com/charts
    tags: [shared]
  - name: redis
    version: 18.x.x
    repository: https://charts.example.com
`,
      "values.yaml": "replicas: 2\nredis:\n  auth:\n    tls: false\n",
      // `helm create`'s: it leaves out nothing of this chart, so the chart renders the same as a subchart.
      ".helmignore": ".DS_Store\n.git/\n.gitignore\n*.swp\n*.bak\n*.tmp\n*.orig\n*~\n.project\n.idea/\n*.tmproj\n.vscode/\n",
      "templates/_helpers.tpl": HELPERS("web"),
      "templates/deployment.yaml": DEPLOYMENT("web", "ghcr.io/example/web:1.0"),
      "templates/configmap.yaml": CONFIGMAP("web"),
      "templates/NOTES.txt": "Visit {{ include \"web.fullname\" . }}\n",
      "templates/tests/test-connection.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: {{ include "web.fullname" . }}-test
  annotations:
    "helm.sh/hook": test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox:1.36
      command: ["wget", "{{ include "web.fullname" . }}:80"]
`,
      ...Object.fromEntries(Object.entries(COMMON).map(([k, v]) => [`charts/common/${k}`, v])),
      ...Object.fromEntries(Object.entries(REDIS).map(([k, v]) => [`charts/redis/${k}`, v])),
    },
    // An operator: CRDs (two in one file), a pre-install hook, a webhook configuration.
    api: {
      "Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.4.0\n",
      "values.yaml": "replicas: 1\n",
      "crds/crds.yaml": `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  names: { kind: Gadget, plural: gadgets }
  scope: Namespaced
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
`,
      "templates/_helpers.tpl": HELPERS("api"),
      "templates/deployment.yaml": DEPLOYMENT("api", "ghcr.io/example/api:2.0"),
      "templates/configmap.yaml": CONFIGMAP("api"),
      "templates/hooks/migrate.yaml": `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "api.fullname" . }}-migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: ghcr.io/example/api:2.0
`,
      "templates/webhook.yaml": `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: {{ include "api.fullname" . }}
  annotations:
    cert-manager.io/inject-ca-from: {{ .Release.Namespace }}/{{ include "api.fullname" . }}
webhooks:
  - name: widgets.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
    clientConfig:
      service:
        name: {{ include "api.fullname" . }}
        namespace: {{ .Release.Namespace }}
`,
      ...Object.fromEntries(Object.entries(COMMON).map(([k, v]) => [`charts/common/${k}`, v])),
    },
    // `.Values.global` with a `global:` map of its own, an apiVersion v1 chart.
    ops: {
      "Chart.yaml": "apiVersion: v1\nname: ops\nversion: 3.0.0\n",
      "values.yaml": "replicas: 1\nglobal:\n  imageRegistry: registry.example.com\n",
      "templates/_helpers.tpl": HELPERS("ops").replace('{{ include "common.labels.standard" . }}\n', ""),
      "templates/deployment.yaml": DEPLOYMENT("ops", "{{ .Values.global.imageRegistry }}/ops:1.0"),
      "templates/configmap.yaml": CONFIGMAP("ops"),
    },
    // Passes every check, fails at render: the batch is retried without it and it is rendered alone.
    broken: {
      "Chart.yaml": "apiVersion: v2\nname: broken\nversion: 0.1.0\n",
      "templates/cm.yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "broken needs .Values.name" .Values.name }}\n',
    },
    // Each of these could tell it is a subchart: rendered alone.
    whole: { "Chart.yaml": "apiVersion: v2\nname: whole\nversion: 0.1.0\n", "values.yaml": "a: 1\n", "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: whole\ndata:\n  values: {{ toYaml .Values | quote }}\n" },
    rooty: { "Chart.yaml": "apiVersion: v2\nname: rooty\nversion: 0.1.0\n", "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rooty\ndata:\n  root: {{ .Chart.IsRoot | quote }}\n" },
    deps: { "Chart.yaml": "apiVersion: v2\nname: deps\nversion: 0.1.0\n", "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deps\ndata:\n  deps: {{ .Chart.Dependencies | toJson | quote }}\n" },
    tname: { "Chart.yaml": "apiVersion: v2\nname: tname\nversion: 0.1.0\n", "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tname\n  annotations:\n    template: {{ .Template.Name }}\n" },
    globalless: { "Chart.yaml": "apiVersion: v2\nname: globalless\nversion: 0.1.0\n", "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: globalless\ndata:\n  registry: {{ .Values.global.imageRegistry | default \"docker.io\" }}\n" },
    "old-kube": { "Chart.yaml": 'apiVersion: v2\nname: old-kube\nversion: 0.1.0\nkubeVersion: "<1.20.0-0"\n', "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old-kube\n" },
    "no-deps": { "Chart.yaml": "apiVersion: v2\nname: no-deps\nversion: 0.1.0\ndependencies:\n  - name: postgresql\n    version: 15.x.x\n    repository: https://charts.example.com\n", "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: no-deps\n" },
    imports: { "Chart.yaml": "apiVersion: v2\nname: imports\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 18.x.x\n    repository: https://charts.example.com\n    import-values: [{ child: auth, parent: redisAuth }]\n", "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: imports\n", ...Object.fromEntries(Object.entries(REDIS).map(([k, v]) => [`charts/redis/${k}`, v])) },
    conditional: { "Chart.yaml": "apiVersion: v2\nname: conditional\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 18.x.x\n    condition: redis.enabled\n", "values.yaml": "redis:\n  enabled: false\n", ...Object.fromEntries(Object.entries(REDIS).map(([k, v]) => [`charts/redis/${k}`, v])) },
    aliased: { "Chart.yaml": "apiVersion: v2\nname: aliased\nversion: 0.1.0\ndependencies:\n  - name: redis\n    alias: cache\n    version: 18.x.x\n", ...Object.fromEntries(Object.entries(REDIS).map(([k, v]) => [`charts/redis/${k}`, v])) },
    tagged: { "Chart.yaml": "apiVersion: v2\nname: tagged\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 18.x.x\n    tags: [cache]\n", "values.yaml": "tags:\n  cache: false\n", ...Object.fromEntries(Object.entries(REDIS).map(([k, v]) => [`charts/redis/${k}`, v])) },
    dotfile: { "Chart.yaml": "apiVersion: v2\nname: dotfile\nversion: 0.1.0\n", "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dotfile\n", "templates/.draft.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: draft\n" },
    ignoring: { "Chart.yaml": "apiVersion: v2\nname: ignoring\nversion: 0.1.0\n", ".helmignore": "docs/\n", "docs/README.md": "# notes\n", "templates/cm.yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ignoring\ndata:\n  files: {{ len (.Files.Glob "docs/*") | quote }}\n' },
    // Its .helmignore leaves out files it never reads (no .Files): a batch loads them, to no effect.
    readme: { "Chart.yaml": "apiVersion: v2\nname: readme\nversion: 0.1.0\n", ".helmignore": "README.md\nci/\n", "README.md": "# readme\n", "ci/test-values.yaml": "replicas: 3\n", "values.yaml": "replicas: 1\n", "templates/_helpers.tpl": HELPERS("readme").replace('{{ include "common.labels.standard" . }}\n', ""), "templates/configmap.yaml": CONFIGMAP("readme") },
    // A subchart's own dependency behind a condition: Helm processes it alone, not in a batch.
    nested: {
      "Chart.yaml": "apiVersion: v2\nname: nested\nversion: 0.1.0\ndependencies:\n  - name: mid\n    version: 1.0.0\n",
      "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nested\n",
      "charts/mid/Chart.yaml": "apiVersion: v2\nname: mid\nversion: 1.0.0\ndependencies:\n  - name: leaf\n    version: 1.0.0\n    condition: leaf.enabled\n",
      "charts/mid/values.yaml": "leaf:\n  enabled: false\n",
      "charts/mid/charts/leaf/Chart.yaml": "apiVersion: v2\nname: leaf\nversion: 1.0.0\n",
      "charts/mid/charts/leaf/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaf\n",
    },
    shared: { "Chart.yaml": "apiVersion: v2\nname: shared\nversion: 0.1.0\ntype: library\n", "templates/_x.tpl": '{{- define "shared.x" -}}x{{- end }}\n' },
    // Defines web's helpers differently (a copied chart): never in a batch with web.
    "copy-of-web": {
      "Chart.yaml": "apiVersion: v2\nname: copy-of-web\nversion: 0.1.0\n",
      "templates/_helpers.tpl": '{{- define "web.fullname" -}}copy-{{ .Release.Name }}{{- end }}\n',
      "templates/cm.yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "web.fullname" . }}\n',
    },
  };
  return Object.fromEntries(Object.entries(tree).flatMap(([chart, files]) => Object.entries(files).map(([path, text]) => [`charts/${chart}/${path}`, text])));
}

describe("batched chart renders", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = scratch("trustlint-batched-"));
    writeTree(dir, charts());
  });
  after(() => cleanup());

  it("says which charts may share a render, and why each other one is rendered alone", () => {
    const verdicts = Object.fromEntries(
      ["web", "api", "ops", "broken", "copy-of-web", "whole", "rooty", "deps", "tname", "globalless", "old-kube", "no-deps", "imports", "conditional", "aliased", "tagged", "dotfile", "ignoring", "readme", "nested", "shared"].map((c) => {
        const v = batchVerdict(join(dir, "charts", c), "1.34.0");
        return [c, "facts" in v ? `batched as ${v.facts.name}` : v.alone];
      }),
    );
    deepStrictEqual(verdicts, {
      web: "batched as web",
      api: "batched as api",
      ops: "batched as ops",
      broken: "batched as broken",
      "copy-of-web": "batched as copy-of-web",
      whole: "templates/cm.yaml uses the whole .Values",
      rooty: "templates/cm.yaml uses .Chart.IsRoot",
      deps: "templates/cm.yaml uses .Chart.Dependencies",
      tname: "templates/cm.yaml uses .Template",
      globalless: "it uses .Values.global and its values.yaml has no global: map",
      "old-kube": "its kubeVersion constraint is not certainly met",
      "no-deps": "a dependency is not an unpacked chart in charts/",
      imports: "a dependency has import-values",
      conditional: "a dependency has a condition",
      aliased: "a dependency has an alias",
      tagged: "a dependency has tags and the values set tags:",
      dotfile: "Helm's ignore rules leave out templates/.draft.yaml",
      ignoring: "templates/cm.yaml reads .Files and Helm's ignore rules leave out docs",
      readme: "batched as readme",
      nested: "a dependency has a condition (in charts/mid)",
      shared: "a library chart",
    });
  });

  it("keeps charts that define a template differently, or borrow one, out of each other's batch", () => {
    const facts = (name: string, defines: Record<string, string>, includes: string[]): BatchFacts => ({ name, defines: new Map(Object.entries(defines)), includes: new Set(includes) });
    const web = { key: "web", facts: facts("web", { "web.fullname": "A", "common.labels": "L" }, ["web.fullname", "common.labels"]) };
    const api = { key: "api", facts: facts("api", { "api.fullname": "B", "common.labels": "L" }, ["api.fullname", "common.labels"]) };
    const copy = { key: "copy", facts: facts("copy", { "web.fullname": "C" }, ["web.fullname"]) };
    const borrower = { key: "borrower", facts: facts("borrower", {}, ["api.fullname"]) };
    const twin = { key: "twin", facts: facts("web", {}, []) };
    deepStrictEqual(planBatches([web, api, copy, borrower, twin], () => 10), [["web", "api"], ["copy", "borrower", "twin"]]);
    deepStrictEqual(planBatches([web, api, copy], () => 2), [["web", "api"], ["copy"]]);
    deepStrictEqual(planBatches([api, borrower], () => 10), [["api"], ["borrower"]]);
  });

  it("plans batches of the charts that qualify, in target order: the first of 4 charts, then 16, then 32", () => {
    const chart = (c: string): Target => ({ kind: "chart", spec: `charts/${c}`, paths: [join(dir, "charts", c)] });
    const targets = ["web", "whole", "api", "ops", "copy-of-web", "rooty"].map(chart);
    const options = { cwd: dir, helm: DEFAULT_HELM_OPTIONS, kustomizeCommand: undefined, timeoutMs: 60_000, env: process.env, readStdin: () => Promise.resolve("") } satisfies RenderOptions;
    const names = (batches: Iterable<{ chart: { name: string } }[]>) => [...batches].map((b) => b.map((x) => x.chart.name));
    // copy-of-web cannot join web's batch, and a batch of one is a render of its own.
    deepStrictEqual(names(chartBatches(targets, options)), [["web", "api", "ops"]]);
    // Sizes: the fifth chart starts the second batch.
    deepStrictEqual(names(chartBatches(["api", "ops", "web", "broken", "copy-of-web", "whole"].map(chart), options)), [["api", "ops", "web", "broken"]]);
    deepStrictEqual(names(chartBatches(["api", "ops", "broken", "web", "readme", "copy-of-web"].map(chart), options)), [["api", "ops", "broken", "web"], ["readme", "copy-of-web"]]);
    // Not batched: --no-batch, any value or --set (Helm would give them to a subchart differently), --follow-symlinks.
    deepStrictEqual(names(chartBatches(targets, { ...options, batch: false })), []);
    deepStrictEqual(names(chartBatches(targets, { ...options, helm: { ...DEFAULT_HELM_OPTIONS, set: ["replicas=3"] } })), []);
    deepStrictEqual(names(chartBatches(targets, { ...options, helm: { ...DEFAULT_HELM_OPTIONS, values: ["values-prod.yaml"] } })), []);
    deepStrictEqual(names(chartBatches(targets, { ...options, followSymlinks: true })), []);
  });

  for (const helm of HELMS) {
    it(`${helm.name}: each batched chart's render is byte for byte its render alone; a chart that fails is left to render alone`, async () => {
      const env = { ...process.env, HELM_BIN: helm.bin };
      const options: RenderOptions = { cwd: dir, helm: DEFAULT_HELM_OPTIONS, kustomizeCommand: undefined, timeoutMs: 120_000, env, readStdin: () => Promise.resolve("") };
      const batch = ["web", "api", "ops", "readme", "broken"].map((name) => ({ name, dir: join(dir, "charts", name) }));
      const streams = await renderBatch(batch, options);
      deepStrictEqual([...streams.keys()].sort(), ["api", "ops", "readme", "web"]);
      for (const chart of ["web", "api", "ops", "readme"]) {
        const alone = execFileSync(helm.bin, helmTemplateArgs(DEFAULT_HELM_OPTIONS, join(dir, "charts", chart)), { encoding: "utf8", env });
        ok(alone.includes(`# Source: ${chart}/templates/configmap.yaml\n`), alone);
        strictEqual(streams.get(chart)!.text, alone, `${chart} differs from its render alone`);
        deepStrictEqual(streams.get(chart)!.origin, { via: "helm", file: join(dir, "charts", chart, "<rendered>"), chartDir: join(dir, "charts", chart) });
      }
      // What the batch had to show: the library's labels, the aliased subchart and not the one turned off, both CRDs, the hooks.
      const web = streams.get("web")!.text;
      ok(web.includes("# Source: web/charts/redis/templates/service.yaml\n"), web);
      ok(web.includes("helm.sh/chart: web-1.2.3"), web);
      ok(web.includes("# Source: web/templates/tests/test-connection.yaml\n"), web);
      const api = streams.get("api")!.text;
      ok(api.includes("# Source: api/crds/crds.yaml\n") && api.includes("name: gadgets.example.com"), api);
      ok(api.includes("# Source: api/templates/hooks/migrate.yaml\n"), api);
    });

    it(`${helm.name}: trustlint reports the same with and without --no-batch, with fewer Helm runs`, async () => {
      const log = join(dir, `helm-runs-${helm.name.replace(/\W/g, "")}.log`);
      const wrapper = join(dir, `helm-${helm.name.replace(/\W/g, "")}.sh`);
      writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${helm.bin}' "$@"\n`);
      chmodSync(wrapper, 0o755);
      const lintAll = (extra: string[]) => runCli(["charts", "--format", "json", "--jobs", "1", ...extra], { cwd: dir, env: { HELM_BIN: wrapper } });
      writeFileSync(log, "");
      const batched = await lintAll([]);
      const batchedRuns = readFileSync(log, "utf8").trim().split("\n");
      writeFileSync(log, "");
      const alone = await lintAll(["--no-batch"]);
      const aloneRuns = readFileSync(log, "utf8").trim().split("\n");
      strictEqual(batched.code, 2, batched.stderr);
      strictEqual(alone.code, 2, alone.stderr);
      strictEqual(batched.stdout, alone.stdout);
      strictEqual(batched.stderr, alone.stderr);
      ok(batched.stderr.includes("trustlint: charts/broken: helm template failed: execution error at (broken/templates/cm.yaml:4:11): broken needs .Values.name\n"), batched.stderr);
      ok(batched.stderr.includes("trustlint: charts/old-kube: helm template failed: chart requires kubeVersion: <1.20.0-0 which is incompatible with Kubernetes v1.34.0\n"), batched.stderr);
      // 21 charts alone. Batched (in target order): api, broken, copy-of-web and ops (four, the first
      // batch's size), which fails on broken and is rendered again without it, broken alone, then
      // readme and web; the 15 others alone.
      strictEqual(aloneRuns.length, 21);
      strictEqual(batchedRuns.length, 19);
      strictEqual(batchedRuns.filter((r) => /\/trustlint-batch-[0-9a-f]{16}$/.test(r)).length, 3);
    });
  }

  it("splits Helm's output only on the batch's own records", () => {
    const names = new Set(["web", "api"]);
    const out = "---\n# Source: u1/charts/web/templates/a.yaml\nkind: A\n---\n# Source: u1/charts/api/crds/c.yaml\nkind: C1\n---\n# Source: web/templates/forged.yaml\nkind: C2\n---\n# Source: u1/charts/web/templates/b.yaml\nkind: B\n";
    deepStrictEqual(
      splitBatchOutput(out, "u1", names),
      new Map([
        ["web", "---\n# Source: web/templates/a.yaml\nkind: A\n---\n# Source: web/templates/b.yaml\nkind: B\n"],
        // A CRD file is copied as it is: its own `---` and a `# Source:` line it holds stay in its record.
        ["api", "---\n# Source: api/crds/c.yaml\nkind: C1\n---\n# Source: web/templates/forged.yaml\nkind: C2\n"],
      ]),
    );
    strictEqual(splitBatchOutput("", "u1", names)!.size, 0);
    // Anything but the batch's records (text before the first, a chart not in the batch) is not split.
    strictEqual(splitBatchOutput("warning\n---\n# Source: u1/charts/web/a.yaml\n", "u1", names), undefined);
    strictEqual(splitBatchOutput("---\n# Source: u1/charts/other/a.yaml\n", "u1", names), undefined);
  });
});
