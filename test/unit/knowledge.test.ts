import { deepStrictEqual, match, strictEqual, throws } from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/config";
import { defaultRequest, lint } from "../../src/lint";
import { RULES } from "../../rules";
import { dedent } from "../support/dedent";

/** An operator trustlint does not know: it writes its serving certificate, with ca.crt, into the Secret the chart renders empty. */
const CONTROLLER = `
  - id: acme-operator
    description: ACME operator webhook certificate manager
    evidence: [acme/operator internal/webhook/certs.go]
    match: {image: acme/operator, argv0: manager}
    secret:
      name: {flag: --cert-secret, default: acme-webhook-tls}
      keys: [tls.crt, tls.key, ca.crt]
    issuesOwnCertificate: true
`;

const MANIFESTS = `
  apiVersion: v1
  kind: Secret
  metadata: {name: acme-webhook-tls, namespace: acme}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: acme-operator, namespace: acme}
  spec:
    template:
      spec:
        containers:
          - name: manager
            image: registry.example.com/acme/operator:2.1
            args: [manager, --cert-dir=/certs, --tls-ca, /certs/ca.crt]
            volumeMounts:
              - {name: certs, mountPath: /certs, readOnly: true}
        volumes:
          - {name: certs, secret: {secretName: acme-webhook-tls}}
`;

describe("knowledge: one value for every rule", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "trustlint-knowledge-"));
    writeFileSync(join(dir, "manifests.yaml"), dedent(MANIFESTS));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (config: string) => {
    writeFileSync(join(dir, ".trustlint.yaml"), dedent(config));
    const request = defaultRequest(["manifests.yaml"], dir, RULES, { config: loadConfig(join(dir, ".trustlint.yaml"), ".trustlint.yaml"), today: "2026-12-04" });
    const result = await lint(request);
    return { ids: result.findings.map((f) => `${f.meta.id} ${f.location.line}`).sort(), warnings: result.warnings.map((w) => `${w.where}: ${w.message}`) };
  };

  it("an extra controller from knowledge: makes the container rules and the graph rules agree on the Secret's keys", async () => {
    // Without it, the Secret is rendered empty: the container's CA flag and the server's cert-dir both miss their files.
    const before = await run("rules: {}\n");
    deepStrictEqual(before.ids, ["ca-bundle-path-not-mounted 14", "cert-dir-incomplete 14"]);
    const after = await run(`knowledge:\n  controllers:${CONTROLLER.replace(/\n/g, "\n  ")}\n`);
    deepStrictEqual(after.ids, []);
    deepStrictEqual(after.warnings, []);
  });

  it("reads the deprecated per-rule option into the shared knowledge, with a warning that says where to move it", async () => {
    const result = await run(`rules:\n  webhook-ca-missing:\n    options:\n      extraControllers:${CONTROLLER.replace(/\n/g, "\n      ")}\n`);
    deepStrictEqual(result.ids, [], "the container rule now sees the controller given to a graph rule too");
    strictEqual(result.warnings.length, 1);
    match(result.warnings[0]!, /^\.trustlint\.yaml:4: rule option webhook-ca-missing\.extraControllers is deprecated and will be removed in the next release: move it to knowledge\.controllers at the top level of \.trustlint\.yaml, where it applies to every rule$/);
  });

  it("validates the knowledge: section against the tables' schemas, naming the line", () => {
    writeFileSync(join(dir, ".trustlint.yaml"), "knowledge:\n  images:\n    - {runtime: go}\n");
    throws(() => loadConfig(join(dir, ".trustlint.yaml"), ".trustlint.yaml"), /invalid config: knowledge\.images\.0 needs "image"/);
    writeFileSync(join(dir, ".trustlint.yaml"), "knowledge:\n  imagez: []\n");
    throws(() => loadConfig(join(dir, ".trustlint.yaml"), ".trustlint.yaml"), (e: Error & { where?: string }) => /unknown key "imagez" in knowledge/.test(e.message) && e.where === ".trustlint.yaml:2");
  });
});
