import { deepStrictEqual } from "node:assert/strict";
import { locateInTemplate } from "../../src/locate/template";
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
    deepStrictEqual(at(["spec", "template", "spec", "containers", 0, "volumeMounts", 0, "mountPath"]), { line: 32, column: 15, depth: 8 });
    deepStrictEqual(at(["spec", "template", "spec", "containers", 1, "image"]), { line: 34, column: 11, depth: 6 });
  });

  it("handles sequences indented at their key's column", () => {
    deepStrictEqual(at(["spec", "template", "spec", "initContainers", 0, "image"]), { line: 17, column: 9, depth: 6 });
  });

  it("counts literal sequence items, including a range line", () => {
    deepStrictEqual(at(["spec", "template", "spec", "containers", 0, "args", 1]), { line: 24, column: 15, depth: 7 });
  });

  it("stops at the nearest written key when the rest comes from toYaml", () => {
    deepStrictEqual(at(["spec", "template", "spec", "containers", 0, "env", 2, "value"]), { line: 27, column: 11, depth: 6 });
  });

  it("picks the document that declares the kind", () => {
    deepStrictEqual(locateInTemplate(TEMPLATE, "ServiceAccount", "x", ["metadata", "name"]), { line: 5, column: 3, depth: 2 });
  });
});
