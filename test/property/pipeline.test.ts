import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { jsonReport, runCli, scratch } from "../support/cli";
import { ROOT, TOOLS } from "../support/tools";
import { editText, manifest, mutate, mutation, stream, textEdit, toText, uniquelyNamed } from "./arbitraries";
import type { Manifest } from "./arbitraries";
import { Workspace, assertOutputsParse, lintText, orderFreeView } from "./harness";
import { seedDocuments } from "./seeds";

/**
 * Property tests over the whole pipeline: generated and mutated manifests never make trustlint
 * throw (only a one-line UserError is allowed), every output format parses, output is
 * byte-identical across runs, and findings do not depend on document order. A few hundred
 * cases here, with a fixed seed; `npm run fuzz` runs the same properties 100,000 times.
 */

const SEED = 20_250_601;
const RUNS = 100;

describe("property: the pipeline never throws and always writes valid output", function () {
  this.timeout(300_000);
  const ws = new Workspace();
  let seeds: unknown[] = [];

  before(() => {
    seeds = seedDocuments(ROOT, TOOLS.helm4);
    ok(seeds.length >= 20, `seed documents from the fixtures: ${seeds.length}`);
  });
  after(() => ws.cleanup());

  it("generated manifests: no crash, every format parses, the same bytes on a second run", async () => {
    await fc.assert(
      fc.asyncProperty(stream, async ({ text }) => {
        const first = await lintText(ws, text);
        assertOutputsParse(first);
        const second = await lintText(ws, text);
        deepStrictEqual(second.outputs, first.outputs);
        strictEqual(second.error?.message, first.error?.message);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("mutated fixture documents (keys removed, values replaced by junk, subtrees copied): no crash, valid output", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 }), async (picks) => {
        const docs = picks.map(([i, ms]) => ms.reduce<unknown>((d, m) => mutate(d, m), seeds[i % seeds.length]));
        assertOutputsParse(await lintText(ws, toText(docs as Manifest[])));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("text edits of rendered YAML (broken syntax, anchors, tags, BOMs): a result or one clear line", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(textEdit, { minLength: 1, maxLength: 5 }), async (i, edits) => {
        const text = edits.reduce((t, e) => editText(t, e), toText([seeds[i % seeds.length] as Manifest, seeds[(i * 7 + 1) % seeds.length] as Manifest]));
        assertOutputsParse(await lintText(ws, text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("findings do not depend on the order of the documents", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(manifest, fc.nat().map((i) => seeds[i % seeds.length] as Manifest)), { minLength: 2, maxLength: 8 }).chain((docs) => fc.tuple(fc.constant(uniquelyNamed(docs)), fc.shuffledSubarray(uniquelyNamed(docs), { minLength: docs.length }))),
        async ([docs, shuffled]) => {
          deepStrictEqual(orderFreeView(await lintText(ws, toText(shuffled))), orderFreeView(await lintText(ws, toText(docs))));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("property: a few generated streams through the real CLI", function () {
  this.timeout(300_000);

  it("exit 0, 1 or 2; JSON that parses; no stack trace; the same bytes twice", async () => {
    const { dir, cleanup } = scratch();
    try {
      for (const { text } of fc.sample(stream, { seed: SEED, numRuns: 6 })) {
        const first = await runCli(["-", "--format", "json"], { cwd: dir, input: text });
        ok([0, 1, 2].includes(first.code), `exit ${first.code}: ${first.stderr}`);
        ok(!/\n\s+at /.test(first.stderr), first.stderr);
        if (first.code !== 2) jsonReport(first);
        const second = await runCli(["-", "--format", "json"], { cwd: dir, input: text });
        strictEqual(second.stdout, first.stdout);
        strictEqual(second.code, first.code);
      }
    } finally {
      cleanup();
    }
  });
});
