/**
 * Helpers of `npm run bench` that run in their own fresh process (started by bench/run.ts):
 *
 *   worker.ts generate <objects> <file>               a generated corpus (bench/corpus.ts)
 *   worker.ts stress <shape> <objects> <file>         a stress shape (stressCorpus)
 *   worker.ts chart <objects> <seed> <dir>            a generated corpus as a Helm chart of static templates
 *   worker.ts charts '[[objects, seed, dir], ...]'    several at once
 *   worker.ts repo <count> <dir>                       a repository of <count> charts in real idioms (bench/charts.ts)
 *   worker.ts phases <target>                         one whole lint of the sources with a per-phase breakdown
 *   worker.ts certificates <objects> <n> <with> <without>  the corpus with n real certificates, and without them
 *
 * The phase breakdown runs the TypeScript sources (under tsx) in a fresh process, so every
 * module-level cache starts empty as in a real run; it prints one JSON line with wall, CPU and
 * garbage-collection time per phase (load, model, rules, locate, report).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import type { PerformanceEntry } from "node:perf_hooks";
import { realChart } from "./charts";
import { certificateCorpora, generateCorpus, stressCorpus } from "./corpus";

const [mode, ...args] = process.argv.slice(2);

/** A generated corpus as a chart: its documents as static templates, 500 per file. */
function writeChart(objects: number, seed: number, dir: string): void {
  const text = generateCorpus({ objects, seed }).text;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "templates"), { recursive: true });
  writeFileSync(join(dir, "Chart.yaml"), `apiVersion: v2\nname: bench-${objects}-${seed}\nversion: 1.2.3\n`);
  const docs = text.split(/^---\n# Source: bench\/templates\/[^\n]*\n/m).filter((d) => d.trim());
  for (let i = 0; i < docs.length; i += 500) writeFileSync(join(dir, "templates", `part-${i / 500}.yaml`), docs.slice(i, i + 500).join("---\n"));
}

/** A repository of `count` generated charts, each under `<dir>/charts/<name>/`. */
function writeRepository(count: number, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (let seed = 0; seed < count; seed++) {
    const chart = realChart(seed);
    for (const [path, text] of Object.entries(chart.files)) {
      const file = join(dir, "charts", chart.name, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
}

interface PhaseTotals {
  wallMs: number;
  cpuMs: number;
  gcMs: number;
  gcCount: number;
}

async function phases(given: string): Promise<void> {
  const target = resolve(given);
  const { RULES } = await import("../rules");
  const { defaultRequest, lint } = await import("../src/lint");
  const { REPORTERS } = await import("../src/report");
  const { enterPhase, onPhase } = await import("../src/util/phases");
  const gcs: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  const marks: { phase: string; wall: number; cpu: number }[] = [];
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  onPhase((phase) => marks.push({ phase, wall: performance.now(), cpu: cpuMs() }));
  const cwd = dirname(target);
  const result = await lint(defaultRequest([target], cwd, RULES, { today: "2025-06-01", now: Date.parse("2025-06-01T00:00:00Z") }));
  enterPhase("report");
  // As the CLI does for a SARIF output: the rules' help is read then (src/cli/run.ts).
  const { RULE_HELP } = await import("../src/report/rule-help.generated");
  REPORTERS.sarif(result, { cwd, version: "bench", color: false, ruleHelp: RULE_HELP });
  marks.push({ phase: "end", wall: performance.now(), cpu: cpuMs() });
  onPhase(undefined);
  // GC entries arrive asynchronously.
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();
  const totals: Record<string, PhaseTotals> = {};
  for (let i = 0; i + 1 < marks.length; i++) {
    const m = marks[i]!;
    const t = (totals[m.phase] ??= { wallMs: 0, cpuMs: 0, gcMs: 0, gcCount: 0 });
    t.wallMs += marks[i + 1]!.wall - m.wall;
    t.cpuMs += marks[i + 1]!.cpu - m.cpu;
    for (const g of gcs) {
      if (g.startTime >= m.wall && g.startTime < marks[i + 1]!.wall) {
        t.gcMs += g.duration;
        t.gcCount++;
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ target, objects: result.objects, findings: result.findings.length, phases: totals })}\n`);
}

if (mode === "generate") {
  writeFileSync(args[1]!, generateCorpus({ objects: Number(args[0]) }).text);
} else if (mode === "stress") {
  writeFileSync(args[2]!, stressCorpus(args[0] as Parameters<typeof stressCorpus>[0], Number(args[1])));
} else if (mode === "chart") {
  writeChart(Number(args[0]), Number(args[1]), args[2]!);
} else if (mode === "charts") {
  for (const [objects, seed, dir] of JSON.parse(args[0]!) as [number, number, string][]) writeChart(objects, seed, dir);
} else if (mode === "repo") {
  writeRepository(Number(args[0]), args[1]!);
} else if (mode === "certificates") {
  // Made now, never committed: the test suite's DER writer and node:crypto's signer.
  const { makeCa, makeServing } = await import("../test/support/certs");
  const made = certificateCorpora<ReturnType<typeof makeCa>>(Number(args[0]), Number(args[1]), { ca: makeCa, serving: makeServing });
  writeFileSync(args[2]!, made.withCertificates);
  writeFileSync(args[3]!, made.without);
} else if (mode === "phases") {
  await phases(args[0]!);
} else {
  process.stderr.write("usage: worker.ts generate <objects> <file> | stress <shape> <objects> <file> | chart <objects> <seed> <dir> | repo <count> <dir> | phases <target> | certificates <objects> <n> <with> <without>\n");
  process.exit(2);
}
