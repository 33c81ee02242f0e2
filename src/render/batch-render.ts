import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Stream } from "../load/loader";
import { sha256Hex } from "../util/sha256";
import { makeTempDir, removeTempDir, run } from "./exec";
import { maxInputBytes } from "./input";
import { helmTemplateArgs } from "./render";
import { findHelm } from "./toolchain";
import { BatchPlanner, batchVerdict } from "./batch-charts";
import type { RenderOptions, Target } from "./types";

/** A chart of a batch: its directory and its name (Chart.yaml `name`, unique in the batch). */
export interface BatchChart {
  readonly dir: string;
  readonly name: string;
}

/** Charts in one batch at most: a failure re-renders the batch's charts, and a batch's output is held whole. */
const MAX_BATCH = 32;

/**
 * The chart targets (in target order) that are rendered in batches, as batches of two or more,
 * each yielded as soon as it is formed (its render can start while later charts are checked);
 * every other target is rendered alone. Only plain renders are batched: local charts, no values,
 * `--set` or links followed, since Helm would give a subchart's values and files otherwise.
 */
export function* chartBatches(targets: readonly Target[], options: RenderOptions): Generator<{ target: Target; chart: BatchChart }[]> {
  const h = options.helm;
  if (h.values.length || h.set.length || h.setString.length || h.setFile.length || h.setJson.length || options.followSymlinks || options.batch === false) return;
  const planner = new BatchPlanner<{ target: Target; chart: BatchChart }>(batchSize);
  for (const target of targets) {
    if (target.kind !== "chart" || target.remote || target.paths.length !== 1) continue;
    const verdict = batchVerdict(target.paths[0]!, h.kubeVersion);
    if ("facts" in verdict) yield* planner.add({ target, chart: { dir: target.paths[0]!, name: verdict.facts.name } }, verdict.facts).filter((b) => b.length > 1);
  }
  yield* planner.finish().filter((b) => b.length > 1);
}

/**
 * The charts of the k-th batch: 4, then 16, then 32 (MAX_BATCH). Linting starts when the first
 * render ends, so the first batch is small; a small chart costs Helm about 0.12 s of CPU to
 * start and a few ms to render, and its lint about 0.05 s, so the next, larger batch is rendered
 * before the lint of the first is done. (On the bench's 20 charts on 2 cores, medians of 6
 * interleaved runs: 4+16 charts 1.38 s of wall, 10+10 1.42 s, 3+6+11 1.33 s, 2+4+8+6 1.50 s,
 * 1+2+4+8+5 1.59 s: every Helm start competes with the lint for a core.)
 */
function batchSize(k: number): number {
  return k === 0 ? 4 : k === 1 ? 16 : MAX_BATCH;
}

/**
 * Renders charts with one `helm template` of a temporary umbrella chart that holds them as
 * subcharts (links to their directories), and splits Helm's output back into each chart's
 * render: the text each would have had alone, byte for byte (render/batch-charts.ts says which
 * charts qualify). Charts whose render failed, and every chart when the batch could not be
 * split, are missing from the result: the caller renders those alone, so that Helm's own error
 * is the one reported and nothing is lost.
 */
export async function renderBatch(charts: readonly BatchChart[], options: RenderOptions): Promise<Map<string, Stream>> {
  const done = new Map<string, Stream>();
  let pending = [...charts];
  // A failure names the chart it came from: that one is rendered alone and the rest tried once more.
  for (let attempt = 0; attempt < 2 && pending.length > 1; attempt++) {
    // Anything unexpected (no room for the umbrella's files, say): each chart is rendered alone, which says what is wrong.
    const outcome = await renderOnce(pending, options).catch((): { failed: string[] } => ({ failed: [] }));
    if (outcome instanceof Map) {
      for (const [name, stream] of outcome) done.set(name, stream);
      return done;
    }
    if (outcome.failed.length === 0) return done;
    pending = pending.filter((c) => !outcome.failed.includes(c.name));
  }
  return done;
}

async function renderOnce(charts: readonly BatchChart[], options: RenderOptions): Promise<Map<string, Stream> | { failed: string[] }> {
  const helm = findHelm(options.env);
  if (!helm) return { failed: [] };
  const dir = makeTempDir("trustlint-batch-");
  try {
    // A name no chart has and no file can know in advance: a `# Source:` line that a chart's own
    // text prints (a CRD file is copied into the output as it is) cannot pass for a record of the batch.
    const umbrella = `trustlint-batch-${sha256Hex(`${dir}\0${Date.now()}\0${Math.random()}`).slice(0, 16)}`;
    const root = join(dir, umbrella);
    mkdirSync(join(root, "charts"), { recursive: true });
    writeFileSync(join(root, "Chart.yaml"), `apiVersion: v2\nname: ${umbrella}\nversion: 0.0.0\n`);
    charts.forEach((c, i) => symlinkSync(c.dir, join(root, "charts", `c${i}-${basename(c.dir)}`), "dir"));
    let result;
    try {
      result = await run(helm, helmTemplateArgs(options.helm, root), { cwd: options.cwd, timeoutMs: options.timeoutMs, env: options.env, maxOutputBytes: maxInputBytes(options.env) });
    } catch {
      return { failed: [] };
    }
    if (result.code !== 0) {
      // A template error names the file (`<umbrella>/charts/<name>/templates/…`); a schema error
      // lists each chart whose values fail as a line `<name>:`.
      const prefix = `${umbrella}/charts/`;
      const lines = new Set(result.stderr.split("\n").map((l) => l.trim()));
      return { failed: charts.filter((c) => result.stderr.includes(`${prefix}${c.name}/`) || lines.has(`${c.name}:`)).map((c) => c.name) };
    }
    const split = splitBatchOutput(result.stdout, umbrella, new Set(charts.map((c) => c.name)));
    if (!split) return { failed: [] };
    const out = new Map<string, Stream>();
    for (const c of charts) out.set(c.name, { text: split.get(c.name) ?? "", origin: { via: "helm", file: join(c.dir, "<rendered>"), chartDir: c.dir } });
    return out;
  } finally {
    removeTempDir(dir);
  }
}

/**
 * Helm writes each rendered file as `---\n# Source: <path>\n<text>\n`, where a subchart's path is
 * `<umbrella>/charts/<name>/…`; the text of a CRD file is written as it is and may hold `---`
 * lines of its own, so a record ends only where the next `---\n# Source: <umbrella>/charts/`
 * starts. Each chart's records, in Helm's order, with the umbrella's part of the path taken out,
 * are what `helm template` of the chart alone writes. Undefined when the output is not all
 * records of the given charts.
 */
export function splitBatchOutput(stdout: string, umbrella: string, names: ReadonlySet<string>): Map<string, string> | undefined {
  const marker = `---\n# Source: ${umbrella}/charts/`;
  const starts: number[] = [];
  for (let at = stdout.indexOf(marker); at >= 0; at = stdout.indexOf(marker, at + marker.length)) {
    if (at === 0 || stdout.charCodeAt(at - 1) === 10) starts.push(at);
  }
  if (stdout.length && starts[0] !== 0) return undefined;
  const parts = new Map<string, string[]>();
  for (const [i, start] of starts.entries()) {
    const pathStart = start + marker.length;
    const slash = stdout.indexOf("/", pathStart);
    const newline = stdout.indexOf("\n", pathStart);
    if (slash < 0 || (newline >= 0 && slash > newline)) return undefined;
    const name = stdout.slice(pathStart, slash);
    if (!names.has(name)) return undefined;
    const end = starts[i + 1] ?? stdout.length;
    const list = parts.get(name) ?? [];
    list.push("---\n# Source: ", stdout.slice(pathStart, end));
    parts.set(name, list);
  }
  return new Map([...parts].map(([name, list]) => [name, list.join("")]));
}
