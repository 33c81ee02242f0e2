/**
 * `npm run bench`: trustlint against the five performance targets of issue 16, each printed as
 * a ratio to its baseline measured in the same run.
 *
 * How: every figure is a fresh process, as a user runs it (bench/measure.ts): the bundle
 * (dist/trustlint.cjs) for trustlint, a Node process that only reads the file and runs a bare
 * js-yaml loadAll (bench/bare.mjs) for the parse, `helm template` for Helm, `node -e 0` for Node
 * itself. CPU time (user + system, children included) is read with GNU time, wall time around
 * the spawn; commands compared with each other run interleaved after a warm-up round, and each
 * is its median. No module-level cache survives from one run to the next.
 *
 * 1. Lint ≤ 1.5× the bare parse, in CPU, at 10k, 50k and 100k objects (generated corpora) and
 *    on a directory of 20 Helm renders of generated charts.
 * 2. Helm path: `trustlint <chart>` ≤ `helm template` + 1.5× the bare parse of its output
 *    (parse process minus Node start-up) + Node start-up, on charts of 100, 1,500 and 10,000 objects.
 * 3. Many charts: a repository of 20 generated charts in real idioms (bench/charts.ts), linted
 *    as one directory with `--jobs 2`, ≤ 0.6× the sum of their `helm template` wall times.
 * 4. Scale: 150,000 objects lint; CPU(100k)/CPU(50k) ≤ 2.1; peak memory at 50k ≤ 1.3× the bare
 *    parse's; two stress shapes at 8,000 within 1.5× of 8× their cost at 1,000 (each minus the
 *    fixed cost of a one-file lint).
 * 5. Start-up: `--version` ≤ 1.2× `node -e 0`, a one-file lint ≤ 1.8× (CPU, mean of the runs).
 *
 * 6. Certificates (issue 13): the whole lint of the 10k corpus holding 500 real certificates
 *    (made at bench time, bench/corpus.ts certificateCorpora) ≤ 1.05× the same corpus without
 *    them, in CPU. `--only certificates` (or `--only charts`, target 3, or `--only scaling`,
 *    the 50k and 100k lints interleaved for target 4's scaling ratio) runs that case alone.
 *
 * Also a phase breakdown (wall, CPU, GC of load, model, rules, locate, report) of the sources in
 * a fresh process (bench/worker.ts phases), and the SARIF of every corpus, written to
 * .bench/sarif/ (or --sarif-dir DIR) and compared byte for byte with --sarif-baseline DIR.
 *
 * Options: --quick (10k only, fewer rounds), --bundle FILE (measure another build, e.g. an
 * older one), --sarif-dir DIR, --sarif-baseline DIR, --skip-stress, --only certificates|charts|scaling.
 * Writes .bench/results.json (git-ignored). Not part of the tests: timings depend on the machine.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { haveGnuTime, interleaved, median, runOnce } from "./measure";
import type { Command, Sample, Summary } from "./measure";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, ".bench");
const HELM = join(ROOT, ".tools", "bin", "helm4");
const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes("--quick");
const skipStress = argv.includes("--skip-stress");
const BUNDLE = resolve(option("--bundle") ?? join(ROOT, "dist", "trustlint.cjs"));
const SARIF_DIR = resolve(option("--sarif-dir") ?? join(OUT, "sarif"));
const SARIF_BASELINE = option("--sarif-baseline");

const LIMITS = { lint: 1.5, helm: 1.0, manyCharts: 0.6, scaling: 2.1, memory: 1.3, stress: 1.5, version: 1.2, oneFile: 1.8, certificates: 1.05 } as const;
const only = option("--only");
if (only !== undefined && only !== "certificates" && only !== "charts" && only !== "scaling") {
  process.stderr.write(`bench: --only takes "certificates", "charts" or "scaling" (got ${JSON.stringify(only)})\n`);
  process.exit(2);
}

if (!haveGnuTime()) {
  process.stderr.write("bench: needs GNU time at /usr/bin/time (apt-get install time) to read each process's CPU time and peak memory\n");
  process.exit(2);
}
if (!option("--bundle")) {
  const fresh = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--check"], { cwd: ROOT, encoding: "utf8" });
  if (fresh.status !== 0) process.stderr.write("bench: dist/trustlint.cjs is stale; run `npm run build` first so that the figures match the sources\n");
}
mkdirSync(OUT, { recursive: true });
mkdirSync(SARIF_DIR, { recursive: true });

const helmEnv = { ...process.env, HELM_BIN: HELM };
const node0: Command = { name: "node -e 0", command: process.execPath, args: ["-e", "0"], ok: [0] };
const bare = (file: string): Command => ({ name: "bare parse", command: process.execPath, args: [join(ROOT, "bench", "bare.mjs"), file], ok: [0] });
const lintCmd = (target: string | readonly string[], sarifName: string, extra: readonly string[] = [], name = "trustlint"): Command => ({
  name,
  command: process.execPath,
  args: [BUNDLE, "--no-config", ...extra, "--format", "sarif", "-o", join(SARIF_DIR, `${sarifName}.sarif`), ...(typeof target === "string" ? [target] : target)],
  env: helmEnv,
});
const helmArgs = (chart: string) => ["template", "release-name", chart, "--include-crds", "--kube-version", "1.34.0"];
const helmCmd = (chart: string): Command => ({ name: "helm template", command: HELM, args: helmArgs(chart), ok: [0] });

function tsx(args: readonly string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "bench", "worker.ts"), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function corpus(objects: number): string {
  const file = join(OUT, `corpus-${objects}.yaml`);
  if (!existsSync(file)) tsx(["generate", String(objects), file]);
  return file;
}

/** Generated charts (bench/worker.ts chart) and their `helm template` output, made once and kept in .bench/. */
function charts(specs: readonly [objects: number, seed: number][]): { dir: string; render: string }[] {
  const out = specs.map(([objects, seed]) => ({ objects, seed, dir: join(OUT, "charts", `chart-${objects}-${seed}`), render: join(OUT, "renders", `chart-${objects}-${seed}.yaml`) }));
  const missing = out.filter((c) => !existsSync(join(c.dir, "Chart.yaml")) || !existsSync(c.render));
  if (missing.length) tsx(["charts", JSON.stringify(missing.map((c) => [c.objects, c.seed, c.dir]))]);
  mkdirSync(join(OUT, "renders"), { recursive: true });
  for (const c of missing) writeFileSync(c.render, execFileSync(HELM, helmArgs(c.dir), { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 }));
  return out.map(({ dir, render }) => ({ dir, render }));
}
const chart = (objects: number, seed: number) => charts([[objects, seed]])[0]!;

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => `${fmt(n)} ms`;
const mib = (kib: number) => `${fmt(kib / 1024)} MiB`;
const log = (s: string) => process.stdout.write(`${s}\n`);

interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly baseline: string;
  readonly ratio: number | undefined;
  readonly limit: number;
  readonly note?: string;
}
const targets: TargetRow[] = [];
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpu: `${cpus()[0]?.model ?? "?"} × ${cpus().length}`, memoryGiB: Math.round(totalmem() / 1024 ** 3), bundle: relative(ROOT, BUNDLE) };
const verdict = (r: TargetRow) => (r.ratio === undefined ? "pending" : r.ratio <= r.limit ? "met" : "MISSED");

log(`trustlint bench: Node ${process.version}, ${results.cpu as string}, bundle ${relative(ROOT, BUNDLE) || BUNDLE}`);
log("fresh processes, interleaved, medians; CPU = user + system of the process and its children (GNU time)\n");

/**
 * 6: the whole lint of the 10k corpus with 500 certificates against the same corpus without
 * them (same objects, same value lengths; bench/corpus.ts certificateCorpora). The certificates
 * are made now, in a fresh worker, and the files rewritten on every run (none is kept or committed).
 */
function certificatesCase(): void {
  const objects = 10_000;
  const count = 500;
  const withFile = join(OUT, `corpus-${objects}-certificates-${count}.yaml`);
  const withoutFile = join(OUT, `corpus-${objects}-certificates-0.yaml`);
  tsx(["certificates", String(objects), String(count), withFile, withoutFile]);
  const m = interleaved([{ ...lintCmd(withoutFile, "certificates-0"), name: "without" }, { ...lintCmd(withFile, `certificates-${count}`), name: "with" }], quick ? 5 : 9, ROOT);
  const ratio = m.with!.cpuMs / m.without!.cpuMs;
  log(`\n| ${fmt(objects)}-object corpus | MB | lint CPU | lint wall | peak RSS |`);
  log("|---|---:|---:|---:|---:|");
  for (const [name, file] of [["without", withoutFile], ["with", withFile]] as const) {
    const sm = m[name]!;
    log(`| ${name === "with" ? `with ${count} certificates` : "without certificates"} | ${fmt(readFileSync(file).length / 1e6, 1)} | ${ms(sm.cpuMs)} | ${ms(sm.wallMs)} | ${mib(sm.maxRssKiB)} |`);
  }
  targets.push({ target: `6. ${count} certificates in the ${fmt(objects)}-object corpus (CPU)`, measured: ms(m.with!.cpuMs), baseline: `without: ${ms(m.without!.cpuMs)}`, ratio, limit: LIMITS.certificates });
  results.certificates = m;
}

// 3: many charts: a repository of 20 charts in real idioms (bench/charts.ts), linted as one
// directory with --jobs 2, against the sum of the 20 `helm template` wall times. Each round
// runs the 20 renders one after another and then trustlint, so both see the same load; the
// medians of the rounds are compared.
function manyChartsCase(): void {
  const repo = join(OUT, "repo-20");
  tsx(["repo", "20", repo]);
  const chartDirs = readdirSync(join(repo, "charts")).sort().map((d) => join(repo, "charts", d));
  const lint = lintCmd(repo, "repo-20", ["--jobs", "2"]);
  // The same with a `helm template` per chart, for comparison (its SARIF must be the same byte for byte).
  const alone = lintCmd(repo, "repo-20-no-batch", ["--jobs", "2", "--no-batch"]);
  const rounds = quick ? 3 : 5;
  const helmWall: number[] = [];
  const helmCpu: number[] = [];
  const lintSamples: Sample[] = [];
  const aloneSamples: Sample[] = [];
  for (let r = -1; r < rounds; r++) {
    const helm = chartDirs.map((d) => runOnce(helmCmd(d), ROOT));
    const l = runOnce(lint, ROOT);
    const a = runOnce(alone, ROOT);
    // Round -1 warms the file cache and the binaries.
    if (r < 0) continue;
    helmWall.push(helm.reduce((n, x) => n + x.wallMs, 0));
    helmCpu.push(helm.reduce((n, x) => n + x.cpuMs, 0));
    lintSamples.push(l);
    aloneSamples.push(a);
  }
  const sumWall = median(helmWall);
  const lintWall = median(lintSamples.map((x) => x.wallMs));
  const lintCpu = median(lintSamples.map((x) => x.cpuMs));
  const same = readFileSync(join(SARIF_DIR, "repo-20.sarif")).equals(readFileSync(join(SARIF_DIR, "repo-20-no-batch.sarif")));
  log(`\n| 20 charts (one repository, ${chartDirs.length} charts) | Σ helm template wall | Σ helm template CPU | trustlint --jobs 2 wall | trustlint CPU | ratio (wall) | --no-batch wall | --no-batch CPU |`);
  log("|---|---:|---:|---:|---:|---:|---:|---:|");
  log(`| ${relative(ROOT, repo)} | ${ms(sumWall)} | ${ms(median(helmCpu))} | ${ms(lintWall)} | ${ms(lintCpu)} | ${fmt(lintWall / sumWall, 2)}× | ${ms(median(aloneSamples.map((x) => x.wallMs)))} | ${ms(median(aloneSamples.map((x) => x.cpuMs)))} |`);
  log(`SARIF of the batched and the --no-batch run: ${same ? "identical" : "DIFFER"}`);
  targets.push({ target: "3. 20 charts, one repository, --jobs 2 (wall)", measured: ms(lintWall), baseline: `Σ helm template: ${ms(sumWall)}`, ratio: lintWall / sumWall, limit: LIMITS.manyCharts });
  results.manyCharts = { helmWall, helmCpu, trustlint: lintSamples, noBatch: aloneSamples, noBatchSarifIdentical: same };
}

// SARIF byte for byte against an earlier run's.
function compareSarif(): void {
  if (!SARIF_BASELINE) return;
  log(`\nSARIF against ${SARIF_BASELINE}:`);
  let differ = 0;
  for (const name of readdirSync(SARIF_DIR).sort()) {
    const before = join(SARIF_BASELINE, name);
    if (!existsSync(before)) {
      log(`  ${name}: no baseline`);
      continue;
    }
    const same = readFileSync(before).equals(readFileSync(join(SARIF_DIR, name)));
    if (!same) differ++;
    log(`  ${name}: ${same ? "identical" : "DIFFERS"}`);
  }
  results.sarifDiffers = differ;
}

function printTargets(): void {
  log("\n| target | measured | baseline (same run) | ratio | limit | verdict |");
  log("|---|---:|---|---:|---:|---|");
  for (const r of targets) {
    if (r.note === "completed") log(`| ${r.target} | ${r.measured} | ${r.baseline} | – | – | met |`);
    else log(`| ${r.target} | ${r.measured} | ${r.baseline} | ${r.ratio === undefined ? "–" : `${fmt(r.ratio, 2)}×`} | ≤ ${r.limit}× | ${r.note ?? verdict(r)} |`);
  }
  results.targets = targets;
  writeFileSync(join(OUT, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwrote ${relative(ROOT, join(OUT, "results.json"))}; SARIF in ${relative(ROOT, SARIF_DIR) || SARIF_DIR}`);
}

// 4, scaling: the 50k and 100k lints interleaved with each other, three rounds. A single 100k
// sample moves by up to 40% on a shared 2-core machine, and the throughput rows measure 50k and
// 100k minutes apart, so the ratio is taken from this pair alone.
function scalingCase(): void {
  const pair = interleaved([lintCmd(corpus(50_000), "corpus-50000", [], "lint 50k"), lintCmd(corpus(100_000), "corpus-100000", [], "lint 100k")], 3, ROOT, false);
  const s50 = pair["lint 50k"]!;
  const s100 = pair["lint 100k"]!;
  log(`\nscaling, 50k and 100k interleaved (3 rounds, medians): ${ms(s50.cpuMs)} and ${ms(s100.cpuMs)} CPU`);
  targets.push({ target: "4. scaling CPU(100k) / CPU(50k)", measured: `${ms(s100.cpuMs)} / ${ms(s50.cpuMs)}`, baseline: "linear: 2.0", ratio: s100.cpuMs / s50.cpuMs, limit: LIMITS.scaling });
  results.scaling = pair;
}

if (only !== undefined) {
  if (only === "certificates") certificatesCase();
  else if (only === "scaling") scalingCase();
  else manyChartsCase();
  compareSarif();
  printTargets();
  process.exit(0);
}

// 5 first: its one-file lint is the fixed cost the stress shapes subtract.
const startRounds = quick ? 9 : 21;
const oneFile = "test/fixtures/plain/workloads.yaml";
const start = interleaved(
  [node0, { name: "--version", command: process.execPath, args: [BUNDLE, "--version"], ok: [0] }, { name: "one file", command: process.execPath, args: [BUNDLE, "--no-config", oneFile] }],
  startRounds,
  ROOT,
);
const s0 = start["node -e 0"]!;
// Judged on CPU (the mean of the runs): on a shared machine a short process's wall time is
// mostly its wait for a core. Wall medians are printed too.
log("| start-up | wall | CPU (mean) | ratio (CPU) to `node -e 0` | ratio (wall) |");
log("|---|---:|---:|---:|---:|");
for (const [name, sm] of Object.entries(start)) {
  log(`| ${name === "one file" ? `trustlint ${oneFile}` : name === "--version" ? "trustlint --version" : name} | ${ms(sm.wallMs)} | ${ms(sm.cpuMeanMs)} | ${fmt(sm.cpuMeanMs / s0.cpuMeanMs, 2)}× | ${fmt(sm.wallMs / s0.wallMs, 2)}× |`);
}
for (const [name, label, limit] of [["--version", "`--version`", LIMITS.version], ["one file", "one-file lint", LIMITS.oneFile]] as const) {
  const sm = start[name]!;
  targets.push({ target: `5. ${label} start-up (CPU)`, measured: `${ms(sm.cpuMeanMs)} (wall ${ms(sm.wallMs)})`, baseline: `node -e 0: ${ms(s0.cpuMeanMs)} (wall ${ms(s0.wallMs)})`, ratio: sm.cpuMeanMs / s0.cpuMeanMs, limit });
}
results.startup = start;

// 1 and 4: the whole lint against the bare parse, scaling, memory.
log("\n| corpus | MB | bare parse CPU | lint CPU | ratio | bare wall | lint wall | ratio | bare peak RSS | lint peak RSS | ratio |");
log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
const sizes = quick ? [10_000] : [10_000, 50_000, 100_000];
const throughput: Record<number, { bare: Summary; lint: Summary; mb: number }> = {};
const lintRow = (label: string, mb: number, b: Summary, l: Summary) =>
  log(`| ${label} | ${fmt(mb, 1)} | ${ms(b.cpuMs)} | ${ms(l.cpuMs)} | ${fmt(l.cpuMs / b.cpuMs, 2)}× | ${ms(b.wallMs)} | ${ms(l.wallMs)} | ${fmt(l.wallMs / b.wallMs, 2)}× | ${mib(b.maxRssKiB)} | ${mib(l.maxRssKiB)} | ${fmt(l.maxRssKiB / b.maxRssKiB, 2)}× |`);
for (const objects of sizes) {
  const file = corpus(objects);
  // Large corpora: two rounds without a warm-up (the file is in the page cache since it was written).
  const m = objects <= 10_000 ? interleaved([bare(file), lintCmd(file, `corpus-${objects}`)], quick ? 3 : 5, ROOT) : interleaved([bare(file), lintCmd(file, `corpus-${objects}`)], 2, ROOT, false);
  const mb = readFileSync(file).length / 1e6;
  throughput[objects] = { bare: m["bare parse"]!, lint: m.trustlint!, mb };
  lintRow(`${fmt(objects)} objects`, mb, m["bare parse"]!, m.trustlint!);
  targets.push({ target: `1. lint CPU, ${fmt(objects)} objects`, measured: ms(m.trustlint!.cpuMs), baseline: `bare parse: ${ms(m["bare parse"]!.cpuMs)}`, ratio: m.trustlint!.cpuMs / m["bare parse"]!.cpuMs, limit: LIMITS.lint });
}

// 20 generated charts: their renders as one directory (target 1), the charts themselves (target 3).
const CHARTS = charts(Array.from({ length: 20 }, (_, i): [number, number] => [quick ? 200 : 500, 100 + i]));
{
  const dir = join(OUT, "renders-20");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const parts: string[] = [];
  for (const c of CHARTS) {
    const text = readFileSync(c.render, "utf8");
    writeFileSync(join(dir, relative(join(OUT, "renders"), c.render)), text);
    parts.push(text);
  }
  // The bare parse of a directory: the same documents in one stream.
  const all = join(OUT, "renders-20.yaml");
  writeFileSync(all, parts.join(parts.every((p) => p.endsWith("\n")) ? "" : "\n"));
  const m = interleaved([bare(all), lintCmd(dir, "renders-20")], quick ? 3 : 5, ROOT);
  lintRow(`20 Helm renders (${fmt(CHARTS.length * (quick ? 200 : 500))} objects, one directory)`, readFileSync(all).length / 1e6, m["bare parse"]!, m.trustlint!);
  targets.push({ target: "1. lint CPU, directory of 20 renders", measured: ms(m.trustlint!.cpuMs), baseline: `bare parse: ${ms(m["bare parse"]!.cpuMs)}`, ratio: m.trustlint!.cpuMs / m["bare parse"]!.cpuMs, limit: LIMITS.lint });
  results.renders20 = m;
}
results.throughput = throughput;
if (throughput[50_000] && throughput[100_000]) {
  const t50 = throughput[50_000];
  scalingCase();
  targets.push({ target: "4. peak memory at 50k", measured: mib(t50.lint.maxRssKiB), baseline: `bare parse: ${mib(t50.bare.maxRssKiB)}`, ratio: t50.lint.maxRssKiB / t50.bare.maxRssKiB, limit: LIMITS.memory });
}
if (!quick) {
  const file = corpus(150_000);
  const r = runOnce(lintCmd(file, "corpus-150000"), ROOT);
  log(`| 150,000 objects (one run) | ${fmt(readFileSync(file).length / 1e6, 1)} | | ${ms(r.cpuMs)} | | | ${ms(r.wallMs)} | | | ${mib(r.maxRssKiB)} | |`);
  results.lint150k = r;
  targets.push({ target: "4. 150,000 objects lint", measured: `${ms(r.cpuMs)} CPU, ${mib(r.maxRssKiB)}`, baseline: "completes", ratio: 0, limit: 0, note: "completed" });
}

// 4: the stress shapes.
if (!skipStress) {
  const fixed = start["one file"]!.cpuMeanMs;
  log("\n| stress shape | CPU at 1,000 | CPU at 8,000 | 8,000 / (8 × 1,000), fixed cost removed |");
  log("|---|---:|---:|---:|");
  for (const shape of ["certificates-one-secret", "broad-serving-services"]) {
    const files = [1_000, 8_000].map((n) => {
      const f = join(OUT, `stress-${shape}-${n}.yaml`);
      if (!existsSync(f)) tsx(["stress", shape, String(n), f]);
      return f;
    });
    // No warm-up round: a quadratic join makes one run at 8,000 cost minutes.
    const m = interleaved([{ ...lintCmd(files[0]!, `stress-${shape}-1000`), name: "1k" }, { ...lintCmd(files[1]!, `stress-${shape}-8000`), name: "8k" }], quick ? 1 : 2, ROOT, false);
    const ratio = Math.max(0, m["8k"]!.cpuMs - fixed) / (8 * Math.max(1, m["1k"]!.cpuMs - fixed));
    log(`| ${shape} | ${ms(m["1k"]!.cpuMs)} | ${ms(m["8k"]!.cpuMs)} | ${fmt(ratio, 2)}× |`);
    targets.push({ target: `4. stress: ${shape} at 8,000`, measured: ms(m["8k"]!.cpuMs), baseline: `8 × (${ms(m["1k"]!.cpuMs)} − ${ms(fixed)} fixed)`, ratio, limit: LIMITS.stress });
    results[`stress-${shape}`] = m;
  }
}

// 2: the Helm path.
log("\n| chart | render | helm template CPU | bare parse CPU | node -e 0 CPU | budget: helm + 1.5 × parse + node | trustlint <chart> CPU | ratio | wall: helm | wall: trustlint |");
log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const objects of quick ? [1_500] : [100, 1_500, 10_000]) {
  const c = chart(objects, 7);
  const m = interleaved([node0, helmCmd(c.dir), bare(c.render), lintCmd(c.dir, `chart-${objects}`)], objects >= 10_000 ? 3 : 5, ROOT);
  const parse = Math.max(0, m["bare parse"]!.cpuMs - m["node -e 0"]!.cpuMs);
  const budget = m["helm template"]!.cpuMs + 1.5 * parse + m["node -e 0"]!.cpuMs;
  const ratio = m.trustlint!.cpuMs / budget;
  log(`| ${fmt(objects)} objects | ${fmt(readFileSync(c.render).length / 1024 / 1024, 1)} MiB | ${ms(m["helm template"]!.cpuMs)} | ${ms(parse)} | ${ms(m["node -e 0"]!.cpuMs)} | ${ms(budget)} | ${ms(m.trustlint!.cpuMs)} | ${fmt(ratio, 2)}× | ${ms(m["helm template"]!.wallMs)} | ${ms(m.trustlint!.wallMs)} |`);
  targets.push({ target: `2. Helm path, ${fmt(objects)}-object chart (CPU)`, measured: ms(m.trustlint!.cpuMs), baseline: `budget ${ms(budget)}`, ratio, limit: LIMITS.helm });
  results[`helm-${objects}`] = m;
}

manyChartsCase();

// The phase breakdown, of the sources in a fresh process.
log("\n| phase breakdown (sources under tsx, fresh process) | load | model | rules | locate | report |");
log("|---|---:|---:|---:|---:|---:|");
const phaseTargets = quick ? [corpus(10_000)] : [corpus(10_000), corpus(50_000), chart(10_000, 7).dir];
results.phases = phaseTargets.map((t) => {
  const p = JSON.parse(tsx(["phases", t]).trim().split("\n").at(-1)!) as { phases: Record<string, { wallMs: number; cpuMs: number; gcMs: number; gcCount: number }> };
  const cell = (name: string) => {
    const x = p.phases[name];
    return x ? `${ms(x.wallMs)} wall, ${ms(x.cpuMs)} CPU, GC ${ms(x.gcMs)} (${x.gcCount})` : "–";
  };
  log(`| ${relative(ROOT, t)} | ${cell("load")} | ${cell("model")} | ${cell("rules")} | ${cell("locate")} | ${cell("report")} |`);
  return p;
});

compareSarif();
certificatesCase();
printTargets();
