import { ok, strictEqual } from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertOneLineError } from "../support/cli-assert";
import { jsonReport, runCli, scratch } from "../support/cli";
import { assertValidSarif } from "../support/sarif";
import { b64, indented, makeCa, makeServing } from "../support/certs";
import type { TestCert } from "../support/certs";

/**
 * Certificates and private keys, wherever a render carries them (Secret data and stringData, a
 * ConfigMap, a webhook caBundle, an env value), are read as facts: no output format, message,
 * warning or --debug line ever carries a PEM body or key, in clear or base64. The material is
 * made at test time; nothing is committed.
 */

const ca = makeCa("Hygiene CA", "2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
const leaf = makeServing(ca, ["hygiene.example.svc"], "2024-06-01T00:00:00Z", "2025-06-01T00:00:00Z");

function manifests(): string {
  return `apiVersion: v1
kind: Secret
metadata: {name: hygiene-tls, namespace: hygiene}
type: kubernetes.io/tls
data:
  tls.crt: ${b64(leaf.pem + ca.pem)}
  tls.key: ${b64(leaf.keyPem)}
---
apiVersion: v1
kind: Secret
metadata: {name: hygiene-ca, namespace: hygiene}
stringData:
  ca.crt: |
${indented(ca.pem, 4)}
  ca.key: |
${indented(ca.keyPem, 4)}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: hygiene-trust, namespace: hygiene}
data:
  ca.crt: |
${indented(ca.pem, 4)}
  leaked.key: |
${indented(leaf.keyPem, 4)}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: hygiene}
webhooks:
  - name: hygiene.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig:
      service: {namespace: hygiene, name: hygiene, path: /validate}
      caBundle: ${b64(ca.pem)}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: hygiene, namespace: hygiene}
spec:
  selector: {matchLabels: {app: hygiene}}
  template:
    metadata: {labels: {app: hygiene}}
    spec:
      containers:
        - name: app
          image: example/app:1.0
          args: [--tls-cert-file=/certs/tls.crt]
          env:
            - {name: CA_PEM, value: ${JSON.stringify(ca.pem)}}
            - {name: KEY_PEM, value: ${JSON.stringify(leaf.keyPem)}}
          volumeMounts: [{name: certs, mountPath: /certs}]
      volumes: [{name: certs, secret: {secretName: hygiene-tls}}]
`;
}

/** Pieces of every body that must never appear: each base64 line of the PEM, and slices of the base64 of the whole PEM at three alignments. */
function needles(certs: readonly TestCert[]): string[] {
  const out = new Set<string>();
  for (const c of certs) {
    for (const pem of [c.pem, c.keyPem]) {
      for (const line of pem.split("\n")) if (line.length >= 24 && !line.startsWith("-----")) out.add(line.slice(0, 24));
      for (const offset of [0, 1, 2]) {
        const encoded = b64("x".repeat(offset) + pem);
        for (let i = 8; i + 24 < encoded.length; i += 97) out.add(encoded.slice(i, i + 24));
      }
    }
  }
  return [...out];
}

function assertNoMaterial(where: string, text: string): void {
  ok(!/-----BEGIN|PRIVATE KEY-----/.test(text), `${where} carries a PEM armour line`);
  for (const n of needles([ca, leaf])) ok(!text.includes(n), `${where} leaks certificate or key material (${n}):\n${text.slice(0, 2000)}`);
}

describe("certificate hygiene: no certificate body or key in any output", () => {
  it("every format, --debug, with findings about the certificates", async () => {
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, "certs.yaml"), manifests());
      const out = (f: string) => join(dir, `report.${f}`);
      const run = await runCli(["certs.yaml", "--now", "2026-12-04", "--debug", "--format", "json", "--output", out("json"), "--format", "sarif", "--output", out("sarif"), "--format", "github", "--output", out("github"), "--format", "stylish"], { cwd: dir });
      strictEqual(run.code, 1, run.stderr);
      assertNoMaterial("stdout", run.stdout);
      assertNoMaterial("stderr", run.stderr);
      for (const f of ["json", "sarif", "github"]) assertNoMaterial(`the ${f} report`, readFileSync(out(f), "utf8"));
      assertValidSarif(readFileSync(out("sarif"), "utf8"));
      const findings = (JSON.parse(readFileSync(out("json"), "utf8")) as { findings: { ruleId: string; object: { kind: string; name: string } }[] }).findings;
      const expired = findings.filter((f) => f.ruleId === "certificate-expired").map((f) => `${f.object.kind}/${f.object.name}`);
      for (const o of ["Secret/hygiene-tls", "Secret/hygiene-ca", "ConfigMap/hygiene-trust", "ValidatingWebhookConfiguration/hygiene", "Deployment/hygiene"]) ok(expired.includes(o), `certificate-expired on ${o}; got ${expired.join(", ")}`);
    } finally {
      cleanup();
    }
  });

  it("standard input", async () => {
    const run = await runCli(["-", "--now", "2026-12-04", "--format", "json", "--debug"], { input: manifests() });
    strictEqual(run.code, 1, run.stderr);
    assertNoMaterial("stdout", run.stdout);
    assertNoMaterial("stderr", run.stderr);
  });
});

describe("--now, now: in the config, SOURCE_DATE_EPOCH", () => {
  const expiredOn = (run: Awaited<ReturnType<typeof runCli>>) => jsonReport(run).findings.filter((f) => f.ruleId === "certificate-expired").length;

  it("judges validity at the instant given, in that order of precedence", async () => {
    const { dir, cleanup } = scratch();
    try {
      writeFileSync(join(dir, "certs.yaml"), manifests());
      const lint = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(["certs.yaml", "--format", "json", "--rule", "certificate-expired", "--fail-level", "none", ...args], { cwd: dir, env });
      ok((await lint(["--now", "2026-12-04"]).then(expiredOn)) > 0, "expired at 2026-12-04");
      strictEqual(await lint(["--now", "2024-07-01T12:00:00Z"]).then(expiredOn), 0, "valid in mid-2024");
      strictEqual(await lint([], { SOURCE_DATE_EPOCH: String(Date.parse("2024-07-01T00:00:00Z") / 1000) }).then(expiredOn), 0, "SOURCE_DATE_EPOCH in mid-2024");
      writeFileSync(join(dir, ".trustlint.yaml"), "now: 2024-07-01\n");
      strictEqual(await lint([], { SOURCE_DATE_EPOCH: String(Date.parse("2026-12-04T00:00:00Z") / 1000) }).then(expiredOn), 0, "now: in the config wins over SOURCE_DATE_EPOCH");
      ok((await lint(["--now", "2026-12-04"]).then(expiredOn)) > 0, "--now wins over the config");
    } finally {
      cleanup();
    }
  });

  it("refuses an instant it cannot read, in one line", async () => {
    assertOneLineError(await runCli(["-", "--now", "yesterday"], { input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n" }), /^trustlint: --now must be a date \(2026-12-04\) or an RFC 3339 time/);
    assertOneLineError(await runCli(["-"], { input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", env: { SOURCE_DATE_EPOCH: "soon" } }), /^trustlint: SOURCE_DATE_EPOCH must be a whole number of seconds/);
  });
});
