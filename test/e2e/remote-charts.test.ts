import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { join, normalize } from "node:path";
import { jsonReport, runCli, scratch } from "../support/cli";
import { assertSchemaValid } from "../support/sarif";
import { HELMS, assertToolsPresent } from "../support/tools";
import { writeTree } from "../support/tree";

/**
 * Remote and packaged charts, linted from a real chart repository served on 127.0.0.1 (`helm repo
 * index` + a small HTTP server started here), from an OCI registry on 127.0.0.1 (Debian's
 * docker-registry, the CNCF distribution registry, which scripts/setup.mjs installs), and from a
 * local .tgz, on Helm 3.18 and 4.1. Findings keep their template lines.
 */

before(() => assertToolsPresent());

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          env:
            - name: SSL_CERT_FILE
              value: {{ .Values.caFile }}
`;

function chart(version: string, caFile: string): Record<string, string> {
  return {
    "web/Chart.yaml": `apiVersion: v2\nname: web\nversion: ${version}\n`,
    "web/values.yaml": `caFile: ${caFile}\n`,
    "web/templates/deployment.yaml": TEMPLATE,
  };
}

/** Runs Helm without blocking: the chart repository is served by this very process. */
function helm(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`helm ${args.join(" ")}: ${stderr}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

describe("remote and packaged charts", () => {
  let dir: string;
  let cleanup: () => void;
  let server: Server;
  let base: string;
  let registry: ChildProcess | undefined;
  let registryHost: string | undefined;
  const helmHome = (d: string): NodeJS.ProcessEnv => ({
    HELM_REPOSITORY_CONFIG: join(d, "helm", "repositories.yaml"),
    HELM_REPOSITORY_CACHE: join(d, "helm", "cache"),
    HELM_REGISTRY_CONFIG: join(d, "helm", "registry.json"),
    HELM_CACHE_HOME: join(d, "helm", "cache-home"),
    HELM_CONFIG_HOME: join(d, "helm", "config"),
    HELM_DATA_HOME: join(d, "helm", "data"),
  });

  before(async function () {
    this.timeout(120_000);
    ({ dir, cleanup } = scratch("trustlint-remote-"));
    // Two versions of one chart: 0.1.0 points SSL_CERT_FILE at a file no volume provides, 0.2.0 is clean.
    writeTree(join(dir, "src-0.1.0"), chart("0.1.0", "/etc/custom/ca.pem"));
    writeTree(join(dir, "src-0.2.0"), chart("0.2.0", "/etc/ssl/certs/ca-certificates.crt"));
    mkdirSync(join(dir, "repo"));
    const env = helmHome(dir);
    await helm(HELMS[1].bin, ["package", join(dir, "src-0.1.0", "web"), "-d", join(dir, "repo")], env);
    await helm(HELMS[1].bin, ["package", join(dir, "src-0.2.0", "web"), "-d", join(dir, "repo")], env);
    // The local .tgz target, inside the working directory.
    mkdirSync(join(dir, "work", "packages"), { recursive: true });
    await helm(HELMS[1].bin, ["package", join(dir, "src-0.1.0", "web"), "-d", join(dir, "work", "packages")], env);
    writeFileSync(join(dir, "work", "values-prod.yaml"), "# production\ncaFile: /etc/prod/ca.pem\n");
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0]!)).replace(/^(\.\.[/\\])+/, "");
      const file = join(dir, "repo", path);
      if (!file.startsWith(join(dir, "repo")) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200);
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await helm(HELMS[1].bin, ["repo", "index", join(dir, "repo"), "--url", base], env);
    for (const h of HELMS) await helm(h.bin, ["repo", "add", "local", base, "--force-update"], env);
    // An OCI registry on loopback, when Debian's docker-registry is installed (scripts/setup.mjs does it).
    if (existsSync("/usr/bin/docker-registry")) {
      const port = await freePort();
      registryHost = `127.0.0.1:${port}`;
      writeFileSync(join(dir, "registry.yml"), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "registry-data")}\nhttp:\n  addr: ${registryHost}\n`);
      registry = spawn("/usr/bin/docker-registry", ["serve", join(dir, "registry.yml")], { stdio: "ignore" });
      for (let i = 0; i < 100; i++) {
        const ok = await fetch(`http://${registryHost}/v2/`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await helm(HELMS[1].bin, ["push", join(dir, "repo", "web-0.1.0.tgz"), `oci://${registryHost}/charts`, "--plain-http"], env);
    }
  });

  after(() => {
    server?.close();
    registry?.kill("SIGTERM");
    cleanup?.();
  });

  for (const h of HELMS) {
    const run = (args: string[]) => runCli(args, { cwd: join(dir, "work"), env: { HELM_BIN: h.bin, ...helmHome(dir) } });
    const expected = (uri: string, reference: string) => ({ file: uri, line: 1, column: 1, endLine: 1, endColumn: 1, method: "file", chart: { reference, file: "web/templates/deployment.yaml", line: 12, column: 15 } });

    it(`${h.name}: repo/chart --version X lints that version, with the template line`, async () => {
      const old = await run(["local/web", "--version", "0.1.0", "--format", "json"]);
      strictEqual(old.code, 1, old.stderr);
      const report = jsonReport(old);
      deepStrictEqual(report.findings.map((f) => [f.ruleId, f.object.name, f.location]), [["ca-bundle-path-not-mounted", "web", expected("local/web", "local/web")]]);
      // github (issue 11): annotated without a file, on the reference with the template line; never dropped.
      const github = await run(["local/web", "--version", "0.1.0", "--format", "github"]);
      strictEqual(github.code, 1, github.stderr);
      match(github.stdout, /^::error title=trustlint ca-bundle-path-not-mounted::local\/web: web\/templates\/deployment\.yaml:12:15: SSL_CERT_FILE=[^\n]* \(Deployment\/default\/web\)%0AFix: [^\n]*\n$/);
      const clean = await run(["local/web", "--version", "0.2.0", "--format", "json"]);
      strictEqual(clean.code, 0, clean.stderr);
      strictEqual(jsonReport(clean).summary.objects, 1);
      // --repo URL with a chart name, and Helm's error whole when the version does not exist.
      const byRepo = await run(["web", "--repo", base, "--version", "0.1.0", "--format", "json"]);
      strictEqual(byRepo.code, 1, byRepo.stderr);
      const missing = await run(["local/web", "--version", "9.9.9"]);
      strictEqual(missing.code, 2);
      match(missing.stderr, /^trustlint: local\/web: helm pull failed: .*9\.9\.9.*\n$/);
    });

    it(`${h.name}: an https-style URL of a .tgz and a local .tgz; a user's values line becomes the location`, async () => {
      const url = await run([`${base}/web-0.1.0.tgz`, "--format", "json"]);
      strictEqual(url.code, 1, url.stderr);
      deepStrictEqual(jsonReport(url).findings[0]!.location, expected(`${base}/web-0.1.0.tgz`, `${base}/web-0.1.0.tgz`));
      const local = await run(["packages/web-0.1.0.tgz", "--format", "sarif"]);
      strictEqual(local.code, 1, local.stderr);
      const sarifDoc: unknown = JSON.parse(local.stdout);
      assertSchemaValid(sarifDoc);
      const sarif = sarifDoc as { runs: { results: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
      const result = sarif.runs[0]!.results[0]!;
      strictEqual(result.locations[0]!.physicalLocation.artifactLocation.uri, "packages/web-0.1.0.tgz");
      match(result.message.text, /\(in packages\/web-0\.1\.0\.tgz: web\/templates\/deployment\.yaml:12\)/);
      deepStrictEqual(result.locations[0]!.logicalLocations[1]!.fullyQualifiedName, "packages/web-0.1.0.tgz//web/templates/deployment.yaml:12:15");
      // The user's values file set the value: its line is the location, the template line is named.
      const withValues = await run(["packages/web-0.1.0.tgz", "-f", "values-prod.yaml", "--format", "json"]);
      strictEqual(withValues.code, 1, withValues.stderr);
      const f = jsonReport(withValues).findings[0]!;
      deepStrictEqual([f.location.file, f.location.line], ["values-prod.yaml", 2]);
      match(f.message, /\/etc\/prod\/ca\.pem/);
      // github: a packaged chart in the tree and the user's values file are files of the workspace; the template line is named.
      const github = await run(["packages/web-0.1.0.tgz", "-f", "values-prod.yaml", "--format", "github"]);
      match(github.stdout, /^::error file=values-prod\.yaml,line=2,col=\d+,title=trustlint ca-bundle-path-not-mounted::[^\n]* \(in packages\/web-0\.1\.0\.tgz: web\/templates\/deployment\.yaml:12\) \(Deployment\/default\/web\)%0AFix: [^\n]*\n$/);
      const tgz = await run(["packages/web-0.1.0.tgz", "--format", "github"]);
      match(tgz.stdout, /^::error file=packages\/web-0\.1\.0\.tgz,line=1,col=1,title=trustlint ca-bundle-path-not-mounted::[^\n]* \(in packages\/web-0\.1\.0\.tgz: web\/templates\/deployment\.yaml:12\) \(Deployment\/default\/web\)%0AFix: [^\n]*\n$/);
    });

    it(`${h.name}: oci:// from a registry on 127.0.0.1`, async function () {
      if (!registryHost) this.skip();
      const oci = await run([`oci://${registryHost}/charts/web`, "--version", "0.1.0", "--plain-http", "--format", "json"]);
      strictEqual(oci.code, 1, oci.stderr);
      deepStrictEqual(jsonReport(oci).findings[0]!.location, expected(`oci://${registryHost}/charts/web`, `oci://${registryHost}/charts/web`));
    });
  }

  it("--insecure-skip-tls-verify is passed to Helm and said on stderr", async () => {
    const r = await runCli(["local/web", "--version", "0.2.0", "--insecure-skip-tls-verify"], { cwd: join(dir, "work"), env: { HELM_BIN: HELMS[1].bin, ...helmHome(dir) } });
    strictEqual(r.code, 0, r.stderr);
    ok(r.stderr.includes("--insecure-skip-tls-verify: chart repositories and registries are reached without checking their certificates"));
  });
});
