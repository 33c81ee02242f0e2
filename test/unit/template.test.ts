import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { align } from "../../src/locate/align";
import type { Pattern } from "../../src/locate/align";
import { locateInTemplate } from "../../src/locate/template";
import { TOP_SCOPE, dictValue, resolvePipeline, textPattern } from "../../src/locate/template-expr";
import type { Scope } from "../../src/locate/template-expr";
import { parseTemplate } from "../../src/locate/template-parse";
import { templateFile, walkTemplate } from "../../src/locate/template-walk";
import type { WalkEnv } from "../../src/locate/template-walk";
import { consistent, setFlagPaths } from "../../src/locate/values-source";
import type { ValuesView } from "../../src/locate/values-source";
import { dedent } from "../support/dedent";

const TEMPLATE = dedent(`
  {{- if .Values.serviceAccount.create }}
  apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: {{ include "x.fullname" . }}
  {{- end }}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: {{ include "x.fullname" . }}
  spec:
    template:
      spec:
        initContainers:
        - name: init
          image: busybox
        containers:
          - name: app
            image: "{{ .Values.image }}"
            args:
              - --one
              {{- range .Values.extraArgs }}
              - {{ . }}
              {{- end }}
            {{- with .Values.env }}
            env:
              {{- toYaml . | nindent 12 }}
            {{- end }}
            volumeMounts:
              - name: ca
                mountPath: /etc/ssl/certs
          - name: sidecar
            image: proxy
`);

describe("locate: Helm template key search", () => {
  const at = (path: (string | number)[]) => locateInTemplate(TEMPLATE, "Deployment", "x", path);

  it("walks keys and sequence items to the offending key", () => {
    deepStrictEqual(at(["spec", "template", "spec", "containers", 0, "volumeMounts", 0, "mountPath"]), { line: 32, column: 15, depth: 8, method: "key-search" });
    deepStrictEqual(at(["spec", "template", "spec", "containers", 1, "image"]), { line: 34, column: 11, depth: 6, method: "key-search" });
  });

  it("handles sequences indented at their key's column", () => {
    deepStrictEqual(at(["spec", "template", "spec", "initContainers", 0, "image"]), { line: 17, column: 9, depth: 6, method: "key-search" });
  });

  it("counts literal sequence items, including a range line, without a rendered object", () => {
    deepStrictEqual(at(["spec", "template", "spec", "containers", 0, "args", 1]), { line: 24, column: 15, depth: 7, method: "key-search" });
  });

  it("points at the toYaml action that wrote a key, not at its parent key", () => {
    deepStrictEqual(at(["spec", "template", "spec", "containers", 0, "env", 2, "value"]), { line: 28, column: 13, depth: 6, method: "template-action" });
  });

  it("picks the document that declares the kind", () => {
    deepStrictEqual(locateInTemplate(TEMPLATE, "ServiceAccount", "x", ["metadata", "name"]), { line: 5, column: 3, depth: 2, method: "key-search" });
  });

  it("says object-start when not even the first step is written", () => {
    deepStrictEqual(at(["status", "phase"]), { line: 8, column: 1, depth: 0, method: "object-start" });
  });
});

describe("locate: template idioms, with the rendered object", () => {
  const deployment = (containers: unknown[]) => ({ spec: { template: { spec: { containers } } } });

  it("chooses the if/else branch whose written value matches the rendered one", () => {
    const text = dedent(`
      kind: Deployment
      spec:
        template:
          spec:
            containers:
              - name: app
                volumeMounts:
                  {{- if .Values.legacy }}
                  - name: ca
                    mountPath: /etc/pki/tls/certs
                  {{- else }}
                  - name: ca
                    mountPath: /etc/ssl/certs
                  {{- end }}
    `);
    const raw = deployment([{ name: "app", volumeMounts: [{ name: "ca", mountPath: "/etc/ssl/certs" }] }]);
    const hit = locateInTemplate(text, "Deployment", "d", ["spec", "template", "spec", "containers", 0, "volumeMounts", 0, "mountPath"], raw);
    deepStrictEqual(hit, { line: 13, column: 15, depth: 8, method: "key-search" });
  });

  it("maps every item a range writes to the one template item, and skips absent conditional items", () => {
    const text = dedent(`
      kind: Deployment
      spec:
        template:
          spec:
            containers:
              - name: app
                args:
                  {{- if .Values.debug }}
                  - --debug
                  {{- end }}
                  {{- range .Values.cas }}
                  - --tls-ca={{ . }}
                  {{- end }}
                  - --listen=:8443
    `);
    const raw = deployment([{ name: "app", args: ["--tls-ca=/a", "--tls-ca=/b", "--listen=:8443"] }]);
    const line = (i: number) => locateInTemplate(text, "Deployment", "d", ["spec", "template", "spec", "containers", 0, "args", i], raw)?.line;
    deepStrictEqual([line(0), line(1), line(2)], [12, 12, 14]);
  });

  it("follows an include into the define that writes the key, in the same or another file", () => {
    const helpers = templateFile("/c/templates/_helpers.tpl", dedent(`
      {{- define "c.mounts" -}}
      - name: ca
        mountPath: /etc/ssl/certs
      {{- end -}}
    `));
    const main = templateFile("/c/templates/d.yaml", dedent(`
      kind: Deployment
      spec:
        template:
          spec:
            containers:
              - name: app
                volumeMounts:
                  - name: data
                    mountPath: /data
                  {{- include "c.mounts" . | nindent 12 }}
    `));
    const env: WalkEnv = { define: (n) => (helpers.tpl.defines.has(n) ? { file: helpers, block: helpers.tpl.defines.get(n)! } : undefined), values: undefined };
    const raw = deployment([{ name: "app", volumeMounts: [{ name: "data", mountPath: "/data" }, { name: "ca", mountPath: "/etc/ssl/certs" }] }]);
    const hit = walkTemplate(env, main, { kind: "Deployment", name: "d", raw }, ["spec", "template", "spec", "containers", 0, "volumeMounts", 1, "mountPath"]);
    deepStrictEqual(hit && { file: hit.file, line: hit.line, method: hit.method }, { file: "/c/templates/_helpers.tpl", line: 3, method: "key-search" });
  });

  it("reports the .Values path a toYaml action printed, and the one a leaf value prints", () => {
    const text = dedent(`
      kind: Deployment
      spec:
        template:
          spec:
            containers:
              - name: app
                {{- with .Values.app.env }}
                env:
                  {{- toYaml . | nindent 12 }}
                {{- end }}
                volumeMounts:
                  - name: ca
                    mountPath: {{ .Values.caPath | quote }}
    `);
    const values: ValuesView = { value: () => undefined, decided: () => false, locate: () => undefined };
    const raw = deployment([{ name: "app", env: [{ name: "A", value: "1" }], volumeMounts: [{ name: "ca", mountPath: "/etc/ssl/certs" }] }]);
    const walk = (path: (string | number)[]) => walkTemplate({ define: () => undefined, values }, templateFile("t", text), { kind: "Deployment", name: "d", raw }, path);
    deepStrictEqual(walk(["spec", "template", "spec", "containers", 0, "env", 0])?.valuesPath, ["app", "env", 0]);
    deepStrictEqual(walk(["spec", "template", "spec", "containers", 0, "volumeMounts", 0, "mountPath"])?.valuesPath, ["caPath"]);
  });

  /** A values view over one values file's data, every path decided by it. */
  const valuesOf = (data: unknown): ValuesView => ({
    value: (path) => path.reduce<unknown>((node, step) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[String(step)] : undefined), data),
    decided: () => true,
    locate: () => undefined,
  });

  it("finds an object written whole from a values list item, and its values path, only when one item can be it", () => {
    const text = "{{- range .Values.extraObjects }}\n---\n{{ tpl (toYaml .) $ }}\n{{- end }}\n";
    const transport = { apiVersion: "traefik.io/v1alpha1", kind: "ServersTransport", metadata: { name: "legacy" }, spec: { insecureSkipVerify: true } };
    const note = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "note" }, data: { a: "{{ .Release.Name }}" } };
    const walk = (items: unknown[]) =>
      walkTemplate({ define: () => undefined, values: valuesOf({ extraObjects: items }) }, templateFile("t", text), { kind: "ServersTransport", name: "legacy", raw: transport }, ["spec", "insecureSkipVerify"]);
    deepStrictEqual(walk([note, transport]), { file: "t", line: 3, column: 1, depth: 0, method: "template-action", valuesPath: ["extraObjects", 1, "spec", "insecureSkipVerify"], rendered: true });
    // Two items that both can be the object: no values path is better than a wrong one.
    strictEqual(walk([transport, note, transport]), undefined);
    strictEqual(walk([{ ...transport, spec: { insecureSkipVerify: false } }]), undefined);
  });

  it("tells which iteration of a range over a values map wrote a document by its templated name", () => {
    const text = dedent(`
      {{- range $name, $repo := .Values.repositories }}
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: {{ $.Values.prefix }}-{{ $name }}
      data:
        {{- if $repo.insecure }}
        insecure: {{ $repo.insecure | b64enc | quote }}
        {{- end }}
      {{- end }}
    `);
    const values = valuesOf({ prefix: "repo", repositories: { public: { insecure: "false" }, charts: { insecure: "true" } } });
    const walk = (name: string) => walkTemplate({ define: () => undefined, values }, templateFile("t", text), { kind: "Secret", name, raw: { kind: "Secret", metadata: { name }, data: { insecure: "" } } }, ["data", "insecure"]);
    // Sorted keys: charts is iteration 0, public 1. A Secret's values are dropped at load, so nothing is compared.
    deepStrictEqual(walk("repo-public"), { file: "t", line: 9, column: 3, depth: 2, method: "key-search", valuesPath: ["repositories", "public", "insecure"], rendered: undefined });
    deepStrictEqual(walk("repo-charts")?.valuesPath, ["repositories", "charts", "insecure"]);
    strictEqual(walk("other")?.valuesPath, undefined);
  });

  it("names the values structure a block scalar's one action prints", () => {
    const text = dedent(`
      apiVersion: v1
      kind: ConfigMap
      data:
      {{- range $key, $value := .Values.datasources }}
        {{ $key }}: |
      {{ tpl (toYaml $value | indent 4) $ }}
      {{- end }}
    `);
    const values = valuesOf({ datasources: { "a.yaml": { x: 1 }, "b.yaml": { y: 2 } } });
    const raw = { kind: "ConfigMap", metadata: { name: "c" }, data: { "a.yaml": "x: 1\n", "b.yaml": "y: 2\n" } };
    const hit = walkTemplate({ define: () => undefined, values }, templateFile("t", text), { kind: "ConfigMap", name: "c", raw }, ["data", "b.yaml"]);
    deepStrictEqual(hit, { file: "t", line: 5, column: 3, depth: 2, method: "key-search", valuesPath: ["datasources", "b.yaml"], rendered: "y: 2\n" });
  });

  it("finds keys inside flow mappings on one line", () => {
    const text = "kind: Deployment\nspec:\n  volumes:\n    - {name: ca, configMap: {name: corp-ca}}\n";
    deepStrictEqual(locateInTemplate(text, "Deployment", "d", ["spec", "volumes", 0, "configMap", "name"]), { line: 4, column: 30, depth: 5, method: "key-search" });
  });

  it("does not take text inside block scalars or template comments for keys", () => {
    const text = dedent(`
      kind: ConfigMap
      {{/*
      data:
        fake: 1
      */}}
      data:
        script: |
          data:
          mountPath: /etc/ssl/certs
        mountPath: real
    `);
    deepStrictEqual(locateInTemplate(text, "ConfigMap", "c", ["data", "mountPath"]), { line: 10, column: 3, depth: 2, method: "key-search" });
  });
});

describe("locate: template parsing and expressions", () => {
  it("classifies lines: YAML, output actions (with the column they write at), control, scalar content", () => {
    const tpl = parseTemplate("a:\n  {{- toYaml .Values.x | nindent 4 }}\n{{- if .Values.y }}\nb: |\n  text: 1\n{{- end }}\nc: 1\n");
    // Only a less indented YAML line ends a block scalar; the `end` still closes its block.
    deepStrictEqual(tpl.lines.map((l) => l.kind), ["yaml", "output", "control", "yaml", "scalar", "scalar", "yaml", "blank"]);
    strictEqual(tpl.lines[1]!.outputs[0]!.emit, 4);
    strictEqual(tpl.lines[4]!.blocks[0]!.block.kind, "if");
    strictEqual(tpl.lines[4]!.blocks[0]!.block.end, 5);
    deepStrictEqual(tpl.lines[6]!.blocks, []);
  });

  it("indexes define blocks by name, across multi-line actions", () => {
    const tpl = parseTemplate('{{- define "a" -}}\nx: {{ include "b" (dict\n  "k" 1) }}\n{{- end -}}\n{{ define "b" }}y{{ end }}\n');
    deepStrictEqual([...tpl.defines.keys()], ["a", "b"]);
    strictEqual(tpl.defines.get("a")!.end, 3);
  });

  it("resolves pipelines to .Values paths through with, range, $ and dict arguments", () => {
    const scope: Scope = { ...TOP_SCOPE, dot: { kind: "values", path: ["env"] } };
    deepStrictEqual(resolvePipeline("toYaml .Values.a.b | nindent 8", TOP_SCOPE), { kind: "values", path: ["a", "b"] });
    deepStrictEqual(resolvePipeline("toYaml . | nindent 8", scope), { kind: "values", path: ["env"] });
    deepStrictEqual(resolvePipeline("tpl (toYaml $.Values.x) $", scope), { kind: "values", path: ["x"] });
    deepStrictEqual(resolvePipeline('default "d" .name', scope), { kind: "values", path: ["env", "name"] });
    deepStrictEqual(resolvePipeline('index .Values "my-key" 0', TOP_SCOPE), { kind: "values", path: ["my-key", 0] });
    strictEqual(resolvePipeline('include "x" .', TOP_SCOPE), undefined);
    strictEqual(resolvePipeline(".Release.Name", TOP_SCOPE), undefined);
    deepStrictEqual(dictValue('(dict "value" .Values.extra "context" $)', TOP_SCOPE), { kind: "values", path: ["extra"] });
    // Inside a named template called with a dict, its entries are reachable from the dot.
    const called: Scope = { ...TOP_SCOPE, dot: resolvePipeline('dict "root" . "c" .Values.main', TOP_SCOPE) };
    deepStrictEqual(resolvePipeline("toYaml .c.volumeMounts", called), { kind: "values", path: ["main", "volumeMounts"] });
    deepStrictEqual(resolvePipeline(".root.Values.image", called), { kind: "values", path: ["image"] });
  });

  it("turns template text into a pattern over what it renders", () => {
    ok(textPattern("{{ .Release.Name }}-web").matches("prod-web"));
    ok(!textPattern("{{ .Release.Name }}-web").matches("prod-api"));
    strictEqual(textPattern("a{{ x }}b").literal, 2);
  });
});

describe("locate: values files", () => {
  it("reads the paths --set flags write", () => {
    deepStrictEqual(setFlagPaths("a.b[1].c=1,d=x\\,y,list={1,2},esc\\.key=v"), [["a", "b", 1, "c"], ["d"], ["list"], ["esc.key"]]);
  });

  it("accepts a values line only when it can be what was rendered", () => {
    ok(consistent("/etc/ssl/certs", "/etc/ssl/certs"));
    ok(consistent("/ca.pem", "--tls-ca=/ca.pem"));
    ok(consistent([{ name: "a", value: "1" }], [{ name: "a", value: "1" }]));
    ok(consistent("/etc/{{ .Release.Name }}/ca.pem", "/etc/prod/ca.pem"));
    ok(!consistent("/a", "/b"));
    ok(!consistent([1, 2], [1]));
  });
});

describe("locate: sequence alignment", () => {
  type E = string;
  const scorer = {
    item: (e: E, item: unknown) => (e.startsWith("=") ? (e.slice(1) === item ? 3 : -Infinity) : 1),
    many: () => 0,
  };

  it("prefers literal items, lets a range repeat and an output action take the rest", () => {
    const pattern: Pattern<E> = { kind: "seq", parts: [{ kind: "item", elem: "=a" }, { kind: "loop", id: 1, body: { kind: "item", elem: "=r" } }, { kind: "many", elem: "gen" }] };
    const got = align(pattern, ["a", "r", "r", "x"], scorer)!;
    deepStrictEqual(got.map((a) => `${a.elem}${a.iterations.get(1) ?? ""}`), ["=a", "=r0", "=r1", "gen"]);
  });

  it("holds a range of known length to that many iterations", () => {
    const pattern: Pattern<E> = { kind: "seq", parts: [{ kind: "loop", id: 1, count: 1, body: { kind: "item", elem: "any" } }, { kind: "many", elem: "gen" }] };
    deepStrictEqual(align(pattern, ["x", "y", "z"], scorer)!.map((a) => a.elem), ["any", "gen", "gen"]);
  });

  it("fails when literal items cannot be matched", () => {
    strictEqual(align({ kind: "item", elem: "=a" }, ["b"], scorer), undefined);
  });
});
