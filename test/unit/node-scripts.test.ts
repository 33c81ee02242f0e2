import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { parseCloudConfig } from "../../src/model/scripts/cloud-config";
import { parseMime } from "../../src/model/scripts/mime";
import { literalOf, parseShell, wordText } from "../../src/model/scripts/shell";
import { decode, readUserData } from "../../src/model/scripts/userdata";
import type { NodeScript } from "../../src/model/scripts";
import { dedent } from "../support/dedent";

function scriptsOf(yaml: string): readonly NodeScript[] {
  return new Model(loadStreams([{ text: dedent(yaml), origin: { via: "file", file: "/t.yaml" } }], "default").objects).nodeScripts;
}

/** "type@line detail" for each effect of the only script in the YAML. */
function effects(yaml: string): string[] {
  const scripts = scriptsOf(yaml);
  return scripts.flatMap((s) => s.effects.map((e) => `${e.type}@${e.step.at.line ?? "-"} ${"hostPath" in e ? e.hostPath : "unit" in e ? e.unit : e.tool}`));
}

const hostScript = (script: string) => `
  apiVersion: karpenter.k8s.aws/v1
  kind: EC2NodeClass
  metadata: {name: n}
  spec:
    amiSelectorTerms: [{alias: al2@latest}]
    userData: |
      ${dedent(script).split("\n").join("\n      ")}
`;

describe("node scripts: shell reader", () => {
  it("splits commands on newlines, ; && || | and & and keeps each command's line", () => {
    const cmds = parseShell("set -e\ncp a b && update-ca-trust; echo x | tee y &\n\nsystemctl restart containerd || true\n");
    deepStrictEqual(
      cmds.map((c) => `${c.line}:${c.words.map(wordText).join(" ")}`),
      ["0:set -e", "1:cp a b", "1:update-ca-trust", "1:echo x", "1:tee y", "3:systemctl restart containerd", "3:true"],
    );
  });

  it("reads quotes, escapes, line continuations and comments", () => {
    const [cmd, next] = parseShell(`curl -fsSL \\\n  -o "/etc/pki/ca-trust/source/anchors/my ca.crt" 'https://x/$y' # fetch\necho \\# not a comment`);
    deepStrictEqual(cmd!.words.map((w) => literalOf(w)), ["curl", "-fsSL", "-o", "/etc/pki/ca-trust/source/anchors/my ca.crt", "https://x/$y"]);
    strictEqual(cmd!.text, `curl -fsSL -o "/etc/pki/ca-trust/source/anchors/my ca.crt" 'https://x/$y'`);
    deepStrictEqual(next!.words.map(wordText), ["echo", "#", "not", "a", "comment"]);
  });

  it("keeps variables and substitutions apart from literal text", () => {
    const [cmd] = parseShell(`cp "$SRC" \${DIR:-/etc/ssl/certs}/$(hostname).crt`);
    deepStrictEqual(cmd!.words[1]!.parts, [{ t: "var", name: "SRC", fallback: undefined }]);
    deepStrictEqual(cmd!.words[2]!.parts, [{ t: "var", name: "DIR", fallback: "/etc/ssl/certs" }, { t: "lit", v: "/" }, { t: "raw", v: "$(hostname)" }, { t: "lit", v: ".crt" }]);
  });

  it("reads here-documents with their body line, and the commands after them", () => {
    const cmds = parseShell("cat <<'EOF' > /etc/x.toml\nserver = \"https://r\"\n  ca = \"/c\"\nEOF\nsystemctl restart containerd\n");
    deepStrictEqual(cmds.map((c) => c.line), [0, 4]);
    deepStrictEqual(cmds[0]!.redirects.map((r) => [r.op, wordText(r.target), r.body, r.bodyLine]), [
      ["<<", "EOF", 'server = "https://r"\n  ca = "/c"', 1],
      [">", "/etc/x.toml", undefined, undefined],
    ]);
  });

  it("reads the commands inside if, loops and braces, and drops the compound headers", () => {
    const cmds = parseShell("if [ ! -f /x ]; then\n  update-ca-trust\nfi\nfor f in /a/*.crt; do cp \"$f\" /b/; done\n{ systemctl restart containerd; }\n");
    deepStrictEqual(cmds.map((c) => c.words.map(wordText).join(" ")), ["[ ! -f /x ]", "update-ca-trust", "cp $f /b/", "systemctl restart containerd"]);
  });
});

describe("node scripts: user data formats", () => {
  const mime = [
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="==B=="',
    "",
    "--==B==",
    "# Karpenter Generated NodeConfig",
    "Content-Type: application/node.eks.aws",
    "",
    "apiVersion: node.eks.aws/v1alpha1",
    "kind: NodeConfig",
    "--==B==",
    "Content-Type: text/x-shellscript",
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from("#!/bin/sh\nupdate-ca-trust\n").toString("base64"),
    "--==B==",
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    "",
    "#!/bin/bash",
    "echo hi",
    "--==B==--",
  ].join("\n");

  it("splits MIME parts with their body lines; a base64 part has none", () => {
    deepStrictEqual(
      parseMime(mime).map((p) => [p.index, p.contentType, p.bodyLine, p.body]),
      [
        [1, "application/node.eks.aws", 7, "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig"],
        [2, "text/x-shellscript", undefined, "#!/bin/sh\nupdate-ca-trust\n"],
        [3, "text/x-shellscript", 17, "#!/bin/bash\necho hi"],
      ],
    );
    deepStrictEqual(readUserData(mime, ["u"], false).map((p) => [p.kind, p.origin.spot.line, p.origin.source]), [
      ["nodeadm", 7, "MIME part 1 (application/node.eks.aws)"],
      ["shell", undefined, "MIME part 2 (text/x-shellscript, base64)"],
      ["shell", 17, "MIME part 3 (text/x-shellscript)"],
    ]);
  });

  it("decodes base64 and gzip+base64 user data, and leaves plain scripts alone", () => {
    const script = "#!/bin/bash\nupdate-ca-trust\n";
    strictEqual(decode(Buffer.from(script).toString("base64")), script);
    strictEqual(decode(gzipSync(Buffer.from(script)).toString("base64")), script);
    strictEqual(decode("echo/hello+world="), undefined);
    strictEqual(decode(Buffer.from("\x00\x01binary-data").toString("base64")), undefined);
    strictEqual(decode(script), undefined);
  });

  it("classifies single-part user data by its first line", () => {
    const kind = (text: string, bare = false) => readUserData(text, ["u"], bare)[0]!.kind;
    deepStrictEqual(
      [kind("#cloud-config\nruncmd: []"), kind("#!/usr/bin/env bash\nx"), kind("#!/usr/bin/python3\nx"), kind("[settings.kubernetes]\n"), kind("<powershell>\n"), kind("echo hi"), kind("echo hi", true)],
      ["cloud-config", "shell", "other", "other", "other", "other", "shell"],
    );
  });

  it("reads cloud-config commands, files and ca_certs with their lines", () => {
    const cc = parseCloudConfig(
      ["#cloud-config", "bootcmd:", "  - echo early", "write_files:", "  - path: /etc/pki/ca-trust/source/anchors/a.crt", "    content: |", "      -----BEGIN CERTIFICATE-----", "  - path: /x.sh", "    encoding: b64", `    content: ${Buffer.from("update-ca-trust\n").toString("base64")}`, "ca_certs:", "  trusted:", "    - abc", "runcmd:", "  - |", "    cp a b", "    update-ca-trust", "  - [systemctl, restart, containerd]"].join("\n"),
    )!;
    deepStrictEqual(cc.bootcmd, [{ kind: "shell", text: "echo early", line: 2, exact: true, index: 0 }]);
    deepStrictEqual(cc.writeFiles.map((f) => [f.path, f.line, f.contentLine, f.content]), [
      ["/etc/pki/ca-trust/source/anchors/a.crt", 4, 6, "-----BEGIN CERTIFICATE-----\n"],
      ["/x.sh", 7, undefined, "update-ca-trust\n"],
    ]);
    strictEqual(cc.caCertsLine, 10);
    deepStrictEqual(cc.runcmd, [
      { kind: "shell", text: "cp a b\nupdate-ca-trust\n", line: 15, exact: true, index: 0 },
      { kind: "argv", argv: ["systemctl", "restart", "containerd"], line: 17, index: 1 },
    ]);
  });
});

describe("node scripts: what commands do to the host", () => {
  it("expands variables, follows cd, and looks through sudo, env and timeout", () => {
    deepStrictEqual(
      effects(
        hostScript(`
          #!/bin/bash
          ANCHORS=/etc/pki/ca-trust/source/anchors
          cd "$ANCHORS" && sudo -E curl -sS -o corp.crt https://pki/corp.crt
          env LANG=C timeout 60 update-ca-trust extract
          sudo systemctl enable --now containerd
          service docker restart
        `),
      ),
      ["trust-write@2 /etc/pki/ca-trust/source/anchors/corp.crt", "trust-update@3 update-ca-trust extract", "runtime-start@4 containerd", "runtime-restart@5 docker"],
    );
  });

  it("sees writes through tee, redirections, install -t, tar -C, aws s3 cp, find -exec and links into certs.d", () => {
    deepStrictEqual(
      effects(
        hostScript(`
          #!/bin/sh
          echo "$CA" | base64 -d | tee /usr/local/share/ca-certificates/corp.crt >/dev/null
          printf '%s' "$CA" >> /etc/ssl/certs/ca-certificates.crt
          install -m 0644 -t /etc/pki/tls/certs /tmp/a.pem
          tar -xzf /tmp/cas.tgz -C /usr/share/pki/trust/anchors
          aws s3 cp s3://bucket/registry.crt /etc/containerd/certs.d/registry.corp:5000/ca.crt
          find /tmp/cas -name '*.crt' -exec cp {} /etc/pki/ca-trust/source/anchors/ \\;
          ln -sf /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/certs/ca-certificates.crt
          ln -s /etc/pki/corp.crt /etc/docker/certs.d/registry.corp/ca.crt
        `),
      ),
      [
        "trust-write@1 /usr/local/share/ca-certificates/corp.crt",
        "trust-write@2 /etc/ssl/certs/ca-certificates.crt",
        "trust-write@3 /etc/pki/tls/certs",
        "trust-write@4 /usr/share/pki/trust/anchors",
        "registry-ca-write@5 /etc/containerd/certs.d/registry.corp:5000/ca.crt",
        "trust-write@6 /etc/pki/ca-trust/source/anchors",
        "registry-ca-write@8 /etc/docker/certs.d/registry.corp/ca.crt",
      ],
    );
  });

  it("maps container paths to the host through writable hostPath mounts only, and follows nsenter into the host", () => {
    const yaml = `
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: prep, namespace: kube-system}
      spec:
        template:
          spec:
            hostPID: true
            containers:
              - name: prep
                image: alpine:3.20
                command: [nsenter, -t, "1", -m, -u, -i, -n, -p, --, sh, -c]
                args:
                  - |
                    update-ca-trust
                    systemctl restart containerd
              - name: copier
                image: alpine:3.20
                command: [sh, -c, "cp /ca/a.crt /anchors/ && cp /ca/a.crt /ro/ && update-ca-certificates"]
                volumeMounts:
                  - {name: anchors, mountPath: /anchors}
                  - {name: ro, mountPath: /ro, readOnly: true}
            volumes:
              - {name: anchors, hostPath: {path: /usr/local/share/ca-certificates}}
              - {name: ro, hostPath: {path: /etc/pki/ca-trust/source/anchors}}
    `;
    deepStrictEqual(effects(yaml), ["trust-update@0 update-ca-trust", "runtime-restart@1 containerd", "trust-write@0 /usr/local/share/ca-certificates"]);
    deepStrictEqual(scriptsOf(yaml)[0]!.steps.filter((s) => s.kind === "command").map((s) => s.at.path.join(".")), [
      "spec.template.spec.containers.0.args.0",
      "spec.template.spec.containers.0.args.0",
      "spec.template.spec.containers.1.command.2",
      "spec.template.spec.containers.1.command.2",
      "spec.template.spec.containers.1.command.2",
    ]);
  });

  it("reads gzip+base64 launch-template user data and cloud-config inside MIME, in cloud-init's order", () => {
    const mime = [
      "Content-Type: multipart/mixed; boundary=XX",
      "MIME-Version: 1.0",
      "",
      "--XX",
      "Content-Type: text/x-shellscript",
      "",
      "#!/bin/bash",
      "systemctl restart containerd",
      "--XX",
      "Content-Type: text/cloud-config",
      "",
      "#cloud-config",
      "runcmd:",
      "  - update-ca-trust",
      "--XX--",
    ].join("\n");
    const yaml = `
      apiVersion: ec2.services.k8s.aws/v1alpha1
      kind: LaunchTemplate
      metadata: {name: lt}
      spec:
        data:
          userData: ${gzipSync(Buffer.from(mime)).toString("base64")}
    `;
    // runcmd runs after the shell parts, so the restart comes first.
    deepStrictEqual(effects(yaml), ["runtime-restart@- containerd", "trust-update@- update-ca-trust"]);
  });

  it("reads CAPA EKSConfig bootstrap commands", () => {
    deepStrictEqual(
      effects(`
        apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
        kind: EKSConfigTemplate
        metadata: {name: eks-md}
        spec:
          template:
            spec:
              preBootstrapCommands:
                - "cp /etc/corp/ca.pem /etc/pki/ca-trust/source/anchors/ && update-ca-trust"
              postBootstrapCommands:
                - systemctl restart containerd
      `),
      ["trust-write@0 /etc/pki/ca-trust/source/anchors", "trust-update@0 update-ca-trust", "runtime-restart@0 containerd"],
    );
  });
});
