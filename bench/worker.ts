/**
 * One benchmark measurement in a fresh process (started by bench/run.ts with --expose-gc), so
 * that each corpus size and the memory peak are measured without the others' heap.
 *
 *   worker.ts generate <objects>                writes .bench/corpus-<objects>.yaml
 *   worker.ts throughput <objects> <repeats>   bare js-yaml loadAll vs trustlint's whole lint, same process
 *   worker.ts memory <objects>                  one whole lint, then the process's peak RSS
 *
 * Prints one JSON line.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";
import { RULES } from "../rules";
import { defaultRequest, lint } from "../src/lint";
import { REPORTERS } from "../src/report";
import { generateCorpus } from "./corpus";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, ".bench");

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** trustlint's whole lint of one file, as the CLI runs it: render (read) → load → model → every rule → locate → filter → SARIF. */
async function wholeLint(file: string): Promise<{ findings: number; sarifBytes: number }> {
  const result = await lint(defaultRequest([file], OUT, RULES, { today: "2025-06-01" }));
  const sarif = REPORTERS.sarif(result, { cwd: OUT, version: "bench", color: false });
  return { findings: result.findings.length, sarifBytes: sarif.length };
}

const corpusPath = (objects: number) => join(OUT, `corpus-${objects}.yaml`);

const [mode, objectsArg, repeatsArg] = process.argv.slice(2);
const objects = Number(objectsArg);

if (mode === "generate") {
  const corpus = generateCorpus({ objects });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(corpusPath(objects), corpus.text);
  process.stdout.write(`${JSON.stringify({ objects, bytes: Buffer.byteLength(corpus.text), kinds: corpus.kinds })}\n`);
} else if (mode === "throughput") {
  const file = corpusPath(objects);
  const text = readFileSync(file, "utf8");
  const bytes = Buffer.byteLength(text);
  const repeats = Number(repeatsArg ?? 3);
  const bare: number[] = [];
  const whole: number[] = [];
  let findings = 0;
  // Alternate the two, so that both see the same machine load; keep the fastest of each.
  for (let i = 0; i < repeats; i++) {
    gc();
    let t = performance.now();
    const docs = loadAll(text);
    bare.push(performance.now() - t);
    if (docs.length !== objects) throw new Error(`bare parse found ${docs.length} documents, expected ${objects}`);
    gc();
    t = performance.now();
    findings = (await wholeLint(file)).findings;
    whole.push(performance.now() - t);
  }
  process.stdout.write(`${JSON.stringify({ objects, bytes, bareMs: Math.min(...bare), lintMs: Math.min(...whole), findings, samples: { bare, whole } })}\n`);
} else if (mode === "memory") {
  const file = corpusPath(objects);
  gc();
  const before = process.resourceUsage().maxRSS;
  await wholeLint(file);
  process.stdout.write(`${JSON.stringify({ objects, maxRssKiB: process.resourceUsage().maxRSS, baselineRssKiB: before })}\n`);
} else {
  process.stderr.write("usage: worker.ts generate <objects> | throughput <objects> [repeats] | memory <objects>\n");
  process.exit(2);
}
