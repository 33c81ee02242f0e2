import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadAll } from "js-yaml";
import { RULES } from "../../rules";
import { defaultRequest, lint } from "../../src/lint";
import type { LintResult } from "../../src/lint";
import { REPORTERS } from "../../src/report";
import { RULE_HELP } from "../../src/report/rule-help.generated";
import { FORMATS } from "../../src/report/types";
import type { Format } from "../../src/report/types";
import { UserError } from "../../src/util/errors";
import { assertValidSarif } from "../support/sarif";

/**
 * The whole library pipeline in-process (render of a file target → load → model → every
 * registered rule → locate → filter → every reporter), for property tests and `npm run fuzz`.
 */

export interface Outcome {
  readonly result?: LintResult;
  readonly outputs?: Record<Format, string>;
  /** The one-line error a user would see (exit 2). */
  readonly error?: UserError;
}

/** A scratch directory for one property run; every case writes its manifests there. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), "trustlint-property-"));
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Lints `text` as the file manifests.yaml. Resolves with the outputs of every format, or with
 * the UserError the CLI would print; anything else thrown (a crash) rejects.
 */
export async function lintText(ws: Workspace, text: string | Buffer): Promise<Outcome> {
  writeFileSync(join(ws.dir, "manifests.yaml"), text);
  let result: LintResult;
  try {
    const request = defaultRequest(["manifests.yaml"], ws.dir, RULES, { today: "2025-06-01", now: Date.parse("2025-06-01T00:00:00Z") });
    result = await lint({ ...request, render: { ...request.render, env: {}, timeoutMs: 60_000 } });
  } catch (err) {
    if (err instanceof UserError) return { error: err };
    throw err;
  }
  const outputs = Object.fromEntries(FORMATS.map((f) => [f, REPORTERS[f](result, { cwd: ws.dir, version: "0.0.0-property", color: false, ruleHelp: RULE_HELP })])) as Record<Format, string>;
  return { result, outputs };
}

/** Every format parses: JSON, SARIF (official schema and GitHub's rules), workflow commands, stylish's summary. */
export function assertOutputsParse(o: Outcome): void {
  if (o.error) {
    const line = o.error.message;
    if (!line || line.includes("\n")) throw new Error(`an error must be one non-empty line, got ${JSON.stringify(line)}`);
    return;
  }
  const out = o.outputs!;
  const json = JSON.parse(out.json) as { summary: { objects: number }; findings: unknown[] };
  if (typeof json.summary.objects !== "number" || !Array.isArray(json.findings)) throw new Error("JSON report without summary or findings");
  assertValidSarif(out.sarif);
  for (const line of out.github.split("\n").filter(Boolean)) {
    // A finding GitHub cannot show on a file (stdin, outside the workspace) is annotated without one (issue 11).
    if (!/^::(error|warning|notice) (file=[^,:]+,line=\d+,col=\d+,)?title=[^:]+::\S/.test(line)) throw new Error(`not a workflow command: ${line}`);
  }
  const [footer, last] = out.stylish.trimEnd().split("\n").slice(-2);
  if (!/^[✖✔] \d+ problems? \(\d+ errors?, \d+ warnings?, \d+ info\) in \d+ objects? \(\d+ objects? linted\)(, \d+ suppressed)?$/.test(last ?? "")) throw new Error(`stylish summary line: ${last}`);
  // Every run names its config (issue 10, class 10); these runs have none.
  if (footer !== "config: none" || (json as { config?: unknown }).config !== null) throw new Error(`config not named: ${footer}`);
}

/** What must not change when documents are reordered: each finding's rule, object, path and severity. */
export function orderFreeView(o: Outcome): string[] {
  if (o.error) return [`error: ${o.error.message}`];
  return o.result!.findings.map((f) => `${f.meta.id} ${f.object.kind}/${f.object.namespace ?? ""}/${f.object.name} ${JSON.stringify(f.path)} ${f.severity}`).sort();
}

/** The documents of every plain manifest and rendered stream in test/fixtures (no Helm templates). */
export function fixtureDocuments(root: string): unknown[] {
  const docs: unknown[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) {
        if (name !== "templates" && name !== "charts" && name !== "crds") walk(file);
        continue;
      }
      if (!/\.(ya?ml|json)$/.test(name) || /^(Chart|values|kustomization)/.test(name) || relative(root, file).includes("bad")) continue;
      try {
        for (const d of loadAll(readFileSync(file, "utf8"))) if (d && typeof d === "object" && "kind" in d) docs.push(d);
      } catch {
        // Not YAML on its own (a template, or broken on purpose): not a seed.
      }
    }
  };
  walk(root);
  return docs;
}
