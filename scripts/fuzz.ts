/**
 * `npm run fuzz`: the property tests of test/property at scale. Runs 100,000 cases by default,
 * split over four properties (generated streams, mutated fixture documents, text edits, document
 * order), with a seed so that any failure can be replayed:
 *
 *   npm run fuzz                       # 100,000 cases, seed from the clock (printed)
 *   npm run fuzz -- --seed 42          # replay a run
 *   npm run fuzz -- --runs 2000        # a shorter run
 *
 * A failure prints the property, the seed, fast-check's counterexample and replay path, and exits 1.
 */
import { deepStrictEqual } from "node:assert/strict";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { editText, manifest, mutate, mutation, stream, textEdit, toText, uniquelyNamed } from "../test/property/arbitraries";
import type { Manifest } from "../test/property/arbitraries";
import { Workspace, assertOutputsParse, lintText, orderFreeView } from "../test/property/harness";
import { seedDocuments } from "../test/property/seeds";
import { ROOT, TOOLS } from "../test/support/tools";

const { values } = parseArgs({ options: { runs: { type: "string" }, seed: { type: "string" } } });
const total = Number(values.runs ?? 100_000);
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);
if (!Number.isInteger(total) || total < 4 || !Number.isInteger(seed)) {
  process.stderr.write("usage: npm run fuzz -- [--runs N (>= 4)] [--seed S]\n");
  process.exit(2);
}

const ws = new Workspace();
const seeds = seedDocuments(ROOT, TOOLS.helm4);
const perProperty = Math.ceil(total / 4);
let done = 0;
const started = Date.now();
const tick = () => {
  done++;
  if (done % 1000 === 0) process.stdout.write(`  ${done.toLocaleString("en-US")} / ${(perProperty * 4).toLocaleString("en-US")} cases, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
};

interface Verdict {
  readonly failed: boolean;
  readonly report: string;
  readonly path: string | undefined;
}

/** Runs one property over its share of the cases. */
function check<T extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<T>): () => Promise<Verdict> {
  return async () => {
    const details = await fc.check(property, { seed, numRuns: perProperty });
    return { failed: details.failed, report: fc.defaultReportMessage(details) ?? "", path: details.counterexamplePath ?? undefined };
  };
}

const properties: [string, () => Promise<Verdict>][] = [
  [
    "generated streams: no crash, outputs parse, identical on a second run",
    check(fc.asyncProperty(stream, async ({ text }) => {
      tick();
      const first = await lintText(ws, text);
      assertOutputsParse(first);
      const second = await lintText(ws, text);
      deepStrictEqual(second.outputs, first.outputs);
    })),
  ],
  [
    "mutated fixture documents: no crash, outputs parse",
    check(fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 }), async (picks) => {
      tick();
      const docs = picks.map(([i, ms]) => ms.reduce<unknown>((d, m) => mutate(d, m), seeds[i % seeds.length]));
      assertOutputsParse(await lintText(ws, toText(docs as Manifest[])));
    })),
  ],
  [
    "text edits of fixture YAML: a result or one clear line",
    check(fc.asyncProperty(fc.nat(), fc.array(textEdit, { minLength: 1, maxLength: 5 }), async (i, edits) => {
      tick();
      const text = edits.reduce((t, e) => editText(t, e), toText([seeds[i % seeds.length] as Manifest, seeds[(i * 7 + 1) % seeds.length] as Manifest]));
      assertOutputsParse(await lintText(ws, text));
    })),
  ],
  [
    "document order does not change the findings",
    check(fc.asyncProperty(
      fc.array(fc.oneof(manifest, fc.nat().map((i) => seeds[i % seeds.length] as Manifest)), { minLength: 2, maxLength: 8 }).chain((docs) => fc.tuple(fc.constant(uniquelyNamed(docs)), fc.shuffledSubarray(uniquelyNamed(docs), { minLength: docs.length }))),
      async ([docs, shuffled]) => {
        tick();
        deepStrictEqual(orderFreeView(await lintText(ws, toText(shuffled))), orderFreeView(await lintText(ws, toText(docs))));
      },
    )),
  ],
];

process.stdout.write(`fuzz: ${(perProperty * 4).toLocaleString("en-US")} cases, seed ${seed}, ${seeds.length} seed documents from test/fixtures\n`);
let failed = false;
try {
  for (const [name, property] of properties) {
    process.stdout.write(`- ${name}\n`);
    const details = await property();
    if (details.failed) {
      failed = true;
      process.stdout.write(`FAILED (seed ${seed}, replay path "${details.path ?? ""}")\n${details.report}\n`);
    }
  }
} finally {
  ws.cleanup();
}
process.stdout.write(failed ? "fuzz: FAILED\n" : `fuzz: ${done.toLocaleString("en-US")} cases passed in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${seed})\n`);
process.exit(failed ? 1 : 0);
