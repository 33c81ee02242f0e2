/**
 * `npm run bench`: trustlint against the limits it must stay near (issue 7).
 *
 * 1. Throughput on generated corpora of 1k, 10k and 50k objects (bench/corpus.ts): objects/s,
 *    MB/s, peak memory, and the ratio of trustlint's whole lint (read → load → model → every
 *    rule → locate → SARIF) to a bare js-yaml loadAll of the same text, in the same process.
 *    Target: at most 2.0×.
 * 2. Scaling: time(50k) / time(10k). Target: at most 5.5 (linear).
 * 3. Start-up of the bundle: `--version` and a one-file lint against `node -e 0`. Target: at
 *    most 2.0× for --version.
 * 4. Helm overhead: `helm trustlint <chart>` (the plugin) and the CLI on the chart against
 *    `helm template <chart>`, on the chart in the tests with the largest render. Target: 1.25×.
 *
 * Prints a table and writes .bench/results.json (git-ignored). Not part of the tests: timings
 * depend on the machine. Options: --quick (1k and 10k only, fewer repeats).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { RULES } from "../rules";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, ".bench");
const BUNDLE = join(ROOT, "dist", "trustlint.cjs");
const HELM = join(ROOT, ".tools", "bin", "helm4");
const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const quick = process.argv.includes("--quick");

const TARGETS = { ratio: 2.0, scaling: 5.5, version: 2.0, helm: 1.25 } as const;

function worker(args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", "--import", TSX, join(ROOT, "bench", "worker.ts"), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

/** Median wall time (ms) of `runs` runs of a command, after one warm-up run. */
function timeCommand(command: string, args: string[], runs: number, env: NodeJS.ProcessEnv = process.env): number {
  const once = () => {
    const t = process.hrtime.bigint();
    const r = spawnSync(command, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr?.toString() ?? ""}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  once();
  const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function verdict(value: number, target: number): string {
  return value <= target ? `met (≤ ${target})` : `MISSED by ${fmt(((value - target) / target) * 100, 0)}% (target ≤ ${target})`;
}

// The bundle measured for start-up and Helm must be the one the sources build.
const fresh = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--check"], { cwd: ROOT, encoding: "utf8" });
if (fresh.status !== 0) process.stderr.write("bench: dist/trustlint.cjs is stale; run `npm run build` first for start-up and Helm figures that match the sources\n");

mkdirSync(OUT, { recursive: true });
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 50_000];
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus()[0]?.model ?? "?"} × ${cpus().length}`,
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  rules: RULES.map((r) => r.meta.id),
};

// 1 and 2: throughput, memory, ratio to the bare parse, scaling.
process.stdout.write(`trustlint bench: ${RULES.length} rules, Node ${process.version}, ${results.cpu as string}\n\n`);
const throughput: Record<string, number>[] = [];
for (const objects of sizes) {
  process.stdout.write(`  corpus of ${fmt(objects)} objects ...\n`);
  const gen = worker(["generate", String(objects)]);
  const t = worker(["throughput", String(objects), String(quick || objects >= 50_000 ? 2 : 3)]);
  const m = worker(["memory", String(objects)]);
  const lintMs = t.lintMs as number;
  const bareMs = t.bareMs as number;
  const bytes = gen.bytes as number;
  throughput.push({
    objects,
    mb: bytes / 1e6,
    bareMs,
    lintMs,
    ratio: lintMs / bareMs,
    objectsPerSecond: objects / (lintMs / 1000),
    mbPerSecond: bytes / 1e6 / (lintMs / 1000),
    peakRssMiB: (m.maxRssKiB as number) / 1024,
    findings: t.findings as number,
  });
}
results.throughput = throughput;
const at = (n: number) => throughput.find((r) => r.objects === n);
const scaling = at(50_000) && at(10_000) ? at(50_000)!.lintMs! / at(10_000)!.lintMs! : undefined;
results.scaling = scaling;

// 3: start-up.
const runs = quick ? 7 : 15;
const nodeMs = timeCommand(process.execPath, ["-e", "0"], runs);
const versionMs = timeCommand(process.execPath, [BUNDLE, "--version"], runs);
const oneFile = "test/fixtures/plain/workloads.yaml";
const oneFileMs = timeCommand(process.execPath, [BUNDLE, oneFile], runs);
results.startup = { nodeMs, versionMs, versionRatio: versionMs / nodeMs, oneFileMs, oneFileRatio: oneFileMs / nodeMs, oneFile };

// 4: Helm overhead, on the fixture chart with the largest render.
function chartDirs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const sub = join(dir, name);
    if (!statSync(sub).isDirectory() || name === "charts" || name === "node_modules") continue;
    if (existsSync(join(sub, "Chart.yaml"))) out.push(sub);
    else out.push(...chartDirs(sub));
  }
  return out;
}
const helmArgs = (chart: string) => ["template", "release-name", chart, "--include-crds", "--kube-version", "1.34.0"];
let largest: { chart: string; bytes: number } | undefined;
for (const chart of [...chartDirs(join(ROOT, "test", "fixtures")), join(ROOT, "examples", "external-dns")]) {
  const r = spawnSync(HELM, helmArgs(chart), { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status === 0 && (!largest || r.stdout.length > largest.bytes)) largest = { chart, bytes: r.stdout.length };
}
if (largest) {
  const chart = relative(ROOT, largest.chart);
  const helmEnv = { ...process.env, HELM_BIN: HELM };
  const templateMs = timeCommand(HELM, helmArgs(chart), runs);
  const cliMs = timeCommand(process.execPath, [BUNDLE, chart], runs, helmEnv);
  // The plugin as Helm runs it: a plugins directory holding this checkout.
  const plugins = mkdtempSync(join(tmpdir(), "trustlint-bench-plugins-"));
  let pluginMs: number | undefined;
  try {
    symlinkSync(ROOT, join(plugins, "trustlint"));
    pluginMs = timeCommand(HELM, ["trustlint", chart], runs, { ...process.env, HELM_PLUGINS: plugins });
  } catch (err) {
    process.stderr.write(`bench: helm trustlint not measured: ${(err as Error).message.split("\n")[0]}\n`);
  } finally {
    rmSync(plugins, { recursive: true, force: true });
  }
  results.helm = { chart, renderKiB: largest.bytes / 1024, templateMs, cliMs, cliRatio: cliMs / templateMs, pluginMs, pluginRatio: pluginMs === undefined ? undefined : pluginMs / templateMs };
}

// The same on a large generated chart (the 10k corpus as static templates), where the render
// itself takes time: how the overhead behaves beyond the small charts of the tests.
let bigChart: { objects: number; renderKiB: number; templateMs: number; cliMs: number; cliRatio: number } | undefined;
if (existsSync(join(OUT, "corpus-10000.yaml"))) {
  const dir = join(OUT, "chart-10k");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "templates"), { recursive: true });
  writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: bench\nversion: 1.2.3\n");
  const docs = readFileSync(join(OUT, "corpus-10000.yaml"), "utf8").split(/^---\n# Source: bench\/templates\/[^\n]*\n/m).filter((d) => d.trim());
  for (let i = 0; i < docs.length; i += 1000) writeFileSync(join(dir, "templates", `part-${i / 1000}.yaml`), docs.slice(i, i + 1000).join("---\n"));
  const chart = relative(ROOT, dir);
  const bigRuns = quick ? 2 : 3;
  const templateMs = timeCommand(HELM, helmArgs(chart), bigRuns);
  const cliMs = timeCommand(process.execPath, [BUNDLE, chart], bigRuns, { ...process.env, HELM_BIN: HELM });
  bigChart = { objects: docs.length, renderKiB: statSync(join(OUT, "corpus-10000.yaml")).size / 1024, templateMs, cliMs, cliRatio: cliMs / templateMs };
  results.helmLargeChart = bigChart;
}

// Report.
const lines: string[] = [];
lines.push("| corpus | MB | bare js-yaml loadAll | trustlint lint + SARIF | ratio | objects/s | MB/s | peak RSS | findings |");
lines.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of throughput) {
  lines.push(`| ${fmt(r.objects!)} | ${fmt(r.mb!, 1)} | ${fmt(r.bareMs!)} ms | ${fmt(r.lintMs!)} ms | ${fmt(r.ratio!, 2)}× | ${fmt(r.objectsPerSecond!)} | ${fmt(r.mbPerSecond!, 1)} | ${fmt(r.peakRssMiB!)} MiB | ${fmt(r.findings!)} |`);
}
const s = results.startup as { nodeMs: number; versionMs: number; versionRatio: number; oneFileMs: number; oneFileRatio: number };
lines.push("");
lines.push("| start-up | median | ratio to `node -e 0` |");
lines.push("|---|---:|---:|");
lines.push(`| \`node -e 0\` | ${fmt(s.nodeMs)} ms | 1.00× |`);
lines.push(`| \`trustlint --version\` | ${fmt(s.versionMs)} ms | ${fmt(s.versionRatio, 2)}× |`);
lines.push(`| \`trustlint ${oneFile}\` | ${fmt(s.oneFileMs)} ms | ${fmt(s.oneFileRatio, 2)}× |`);
const h = results.helm as { chart: string; renderKiB: number; templateMs: number; cliMs: number; cliRatio: number; pluginMs?: number; pluginRatio?: number } | undefined;
if (h) {
  lines.push("");
  lines.push(`| Helm (${h.chart}, ${fmt(h.renderKiB)} KiB rendered) | median | ratio to \`helm template\` |`);
  lines.push("|---|---:|---:|");
  lines.push(`| \`helm template\` | ${fmt(h.templateMs)} ms | 1.00× |`);
  if (h.pluginMs !== undefined) lines.push(`| \`helm trustlint\` (plugin) | ${fmt(h.pluginMs)} ms | ${fmt(h.pluginRatio!, 2)}× |`);
  lines.push(`| \`trustlint <chart>\` | ${fmt(h.cliMs)} ms | ${fmt(h.cliRatio, 2)}× |`);
}
if (bigChart) {
  lines.push("");
  lines.push(`| Helm (generated chart, ${fmt(bigChart.objects)} objects, ${fmt(bigChart.renderKiB / 1024, 1)} MiB) | median | ratio to \`helm template\` |`);
  lines.push("|---|---:|---:|");
  lines.push(`| \`helm template\` | ${fmt(bigChart.templateMs)} ms | 1.00× |`);
  lines.push(`| \`trustlint <chart>\` | ${fmt(bigChart.cliMs)} ms | ${fmt(bigChart.cliRatio, 2)}× |`);
}
lines.push("");
lines.push("Targets:");
const worst = Math.max(...throughput.map((r) => r.ratio!));
lines.push(`- whole lint / bare parse: worst ${fmt(worst, 2)}× — ${verdict(worst, TARGETS.ratio)}`);
if (scaling !== undefined) lines.push(`- scaling time(50k)/time(10k): ${fmt(scaling, 2)} — ${verdict(scaling, TARGETS.scaling)}`);
lines.push(`- --version start-up: ${fmt(s.versionRatio, 2)}× node -e 0 — ${verdict(s.versionRatio, TARGETS.version)}`);
if (h) {
  const helmRatio = h.pluginRatio ?? h.cliRatio;
  lines.push(`- Helm overhead (${h.pluginRatio === undefined ? "CLI" : "plugin"}): ${fmt(helmRatio, 2)}× helm template — ${verdict(helmRatio, TARGETS.helm)}`);
}
results.table = lines.join("\n");
writeFileSync(join(OUT, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\n${lines.join("\n")}\n\nwrote ${relative(ROOT, join(OUT, "results.json"))}\n`);
