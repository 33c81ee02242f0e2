import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { loadStreams, pieces } from "../../src/load/loader";
import { positionOf } from "../../src/load/positions";
import { splitDocuments } from "../../src/load/split";
import { objectRef } from "../../src/model/types";
import { UserError } from "../../src/util/errors";

const load = (text: string, ns = "default") => loadStreams([{ text, origin: { via: "file", file: "/m.yaml" } }], ns);

describe("load: split", () => {
  it("splits on document markers, keeps line offsets and Helm's # Source", () => {
    const docs = splitDocuments("---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\nkind: B\n...\n---\n\n---\nkind: C\n");
    deepStrictEqual(docs.map((d) => [d.lineOffset, d.helmSource]), [[0, "c/templates/a.yaml"], [3, "c/templates/b.yaml"], [9, undefined]]);
  });

  it("does not split on --- inside a line or indented", () => {
    strictEqual(splitDocuments("a: |\n  ---\n  x\nb: c---d\n").length, 1);
  });
});

describe("load: objects", () => {
  it("flattens v1 List items and defaults namespaces like kubectl apply -n", () => {
    const { objects } = load("apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n  - {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n", "team");
    deepStrictEqual(objects.map(objectRef), ["ConfigMap/team/a", "Namespace/b"]);
    deepStrictEqual(objects[0]!.pathPrefix, ["items", 0]);
  });

  it("warns on scalars, lists and objects without apiVersion/kind, and skips empty documents", () => {
    const { objects, warnings } = load("just a string\n---\n- a\n---\nfoo: bar\n---\n---\n# only comments\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    strictEqual(objects.length, 1);
    deepStrictEqual(warnings.map((w) => w.message), [
      "document is a scalar, not a Kubernetes object; skipped",
      "document is a list, not a Kubernetes object; skipped",
      "document has no apiVersion/kind; skipped",
    ]);
  });

  it("reads k0s ClusterConfig and kubeadm configuration like any object", () => {
    const { objects } = load("apiVersion: k0s.k0sproject.io/v1beta1\nkind: ClusterConfig\nmetadata: {name: k0s, namespace: kube-system}\n---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n");
    deepStrictEqual(objects.map(objectRef), ["ClusterConfig/kube-system/k0s", "ClusterConfiguration/"]);
  });

  it("drops Secret values at load time, keeping key names and certificate counts", () => {
    const pem = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n";
    const b64 = Buffer.from("-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n").toString("base64");
    const { objects } = load(`apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: hunter2\n  ca.crt: "${pem}"\ndata:\n  bundle.pem: ${b64}\n`);
    const secret = objects[0]!;
    deepStrictEqual(secret.raw.stringData, { password: "", "ca.crt": "" });
    deepStrictEqual(secret.raw.data, { "bundle.pem": "" });
    deepStrictEqual([...secret.secretKeys!].map(([k, f]) => [k, f.pemCertificates]), [["bundle.pem", 2], ["password", 0], ["ca.crt", 1]]);
    strictEqual(JSON.stringify(secret.raw).includes("hunter2"), false);
  });

  it("honours merge keys, handles a UTF-8 BOM and CRLF line ends", () => {
    const { objects } = load("\ufeffapiVersion: v1\r\nkind: ConfigMap\r\nmetadata: &m {name: x}\r\ndata:\r\n  <<: {a: b}\r\n");
    deepStrictEqual(objects[0]!.raw.data, { a: "b" });
    strictEqual(positionOf(objects[0]!.doc, ["data"]).line, 4);
  });

  it("loads a stream of several MiB, parsed in pieces cut at document starts, as it loads each document alone", () => {
    // About 2.6 MiB: the fast path parses it in pieces of about 1 MiB (loader.ts), so documents
    // on both sides of each cut, an alias, an explicit null, a "..." end and a List are checked.
    const filler = "x".repeat(400);
    const docs: string[] = [];
    for (let i = 0; i < 6000; i++) {
      if (i % 1000 === 999) docs.push("~\n");
      else if (i % 1000 === 500) docs.push(`apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: item-${i}}}\n`);
      else if (i % 700 === 3) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, labels: &l {app: a${i}}}\ndata: {pad: ${filler}}\nbinaryData: *l\n...\n`);
      else docs.push(`# Source: c/templates/t${i}.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  pad: ${filler}\n`);
    }
    const stream = docs.join("---\n");
    strictEqual(stream.length > 2.5 * (1 << 20), true);
    const { objects, warnings, documents } = load(stream);
    const alone = docs.flatMap((d) => load(d).objects);
    deepStrictEqual(warnings, []);
    strictEqual(documents, 6000);
    deepStrictEqual(objects.map((o) => [o.seq, objectRef(o), o.raw]), alone.map((o, seq) => [seq, objectRef(o), o.raw]));
    const aliased = objects.find((o) => o.name === "cm-4203")!;
    deepStrictEqual(aliased.raw.binaryData, { app: "a4203" });
    // Lines stay those of the stream, on both sides of a cut.
    const last = objects.at(-1)!;
    strictEqual(last.name, "cm-5998");
    strictEqual(positionOf(last.doc, ["metadata", "name"]).line, stream.split("\n").indexOf("  name: cm-5998") + 1);
    strictEqual(last.doc.origin.helmSource, "c/templates/t5998.yaml");
  });

  it("cuts a large stream for the fast path only at document starts, and not at all when it holds a directive", () => {
    const doc = `kind: A\ndata: {pad: ${"x".repeat(300_000)}}\n`;
    const stream = `${doc}---\n${doc}---\n${doc}---\n${doc}---\n${doc}`;
    const raws = splitDocuments(stream);
    const cuts = pieces(stream, raws);
    // Pieces of at least 1 MiB (four documents) each, covering the stream, cut where a document starts.
    deepStrictEqual(cuts, [[0, raws[4]!.offset], [raws[4]!.offset, stream.length]]);
    strictEqual(stream.startsWith("---\n", raws[4]!.offset), true);
    deepStrictEqual(pieces(`%YAML 1.2\n---\n${stream}`, splitDocuments(`%YAML 1.2\n---\n${stream}`)), [[0, stream.length + 14]]);
  });

  it("reports malformed YAML with the file, line and column", () => {
    throws(() => load("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n"), (e: unknown) => e instanceof UserError && /^\/m\.yaml:\d+:\d+$/.test(e.where ?? "") && e.message.startsWith("malformed YAML: "));
  });

  it("takes a flow list closed at its key's column, as kubectl does (minio's command: [ ... ]), with lines and a block scalar's brace unchanged", () => {
    const text = [
      "apiVersion: apps/v1", "kind: StatefulSet", "metadata: {name: minio}", "spec:", "  template:", "    spec:", "      containers:",
      "        - name: minio", "          command: [", '            "/bin/sh",', '            "-ce",', '            "minio server /export" ]', "          args: [",
      "            --console-address,", "          ]", "          env:", "            - {name: MINIO_OPTS, value: x}", "---",
      "apiVersion: v1", "kind: ConfigMap", "metadata: {name: c}", "data:", "  a.json: |", "    {", '      "k": [', "      ]", "    }", "",
    ].join("\n");
    const { objects } = load(text);
    deepStrictEqual(objects.map(objectRef), ["StatefulSet/default/minio", "ConfigMap/default/c"]);
    const container = ((objects[0]!.raw.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0])!;
    deepStrictEqual(container.command, ["/bin/sh", "-ce", "minio server /export"]);
    deepStrictEqual(container.args, ["--console-address"]);
    strictEqual(positionOf(objects[0]!.doc, ["spec", "template", "spec", "containers", 0, "env", 0, "value"]).line, 17);
    deepStrictEqual(objects[1]!.raw.data, { "a.json": '{\n  "k": [\n  ]\n}\n' });
    // A bracket left of its key's column is taken too, as go-yaml takes it.
    deepStrictEqual(load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: [\n    b\n]\n").objects[0]!.raw.data, { a: ["b"] });
  });

  it("adds white space only before a closing bracket: under-indented flow content stays an error with its line", () => {
    throws(
      () => load("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {\n a: b}\n"),
      (e: unknown) => e instanceof UserError && e.where === "/m.yaml:6:2" && e.message === "malformed YAML: deficient indentation",
    );
  });

  it("keeps the last of duplicate keys, as helm install does, with a warning naming the key", () => {
    const { objects, warnings } = load("apiVersion: v1\nkind: Secret\nkind: ConfigMap\nmetadata: {name: x}\n");
    deepStrictEqual(objects.map(objectRef), ["ConfigMap/default/x"]);
    deepStrictEqual(warnings, [{ where: "/m.yaml:3:1", message: 'duplicate mapping key "kind": the last value is used, as helm install does (kubectl apply, Kustomize and Flux reject the document)' }]);
  });
});

describe("load: positions", () => {
  const { objects } = load("# header\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      env:\n        - {name: X, value: y}\n");
  const doc = objects[0]!.doc;

  it("gives the key of a mapping step and the start of a sequence item, 1-based", () => {
    deepStrictEqual(positionOf(doc, ["spec", "containers", 0, "env", 0]), { line: 11, column: 11, endLine: 11, endColumn: 19, depth: 5, exact: true });
    deepStrictEqual(positionOf(doc, ["spec", "containers", 0, "env", 0, "value"]), { line: 11, column: 21, endLine: 11, endColumn: 29, depth: 6, exact: true });
  });

  it("falls back to the deepest written ancestor", () => {
    deepStrictEqual(positionOf(doc, ["spec", "containers", 0, "volumeMounts", 0]), { line: 9, column: 7, endLine: 9, endColumn: 14, depth: 3, exact: false });
  });
});
