import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./tools";

/** One result of Microsoft's validator. */
export interface MultitoolResult {
  readonly level: string;
  readonly ruleId: string;
  readonly message: string;
}

let binary: string | undefined;

/** The pinned Sarif.Multitool, installed into .tools/ on first use (scripts/sarif-multitool.mjs). */
export function multitoolBinary(): string {
  binary ??= execFileSync(process.execPath, [join(ROOT, "scripts", "sarif-multitool.mjs"), "--if-missing"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  return binary;
}

interface LogLike {
  runs?: {
    tool?: { driver?: { rules?: { id?: string; defaultConfiguration?: { level?: string } }[] } };
    results?: { ruleId?: string; ruleIndex?: number; level?: string; message?: { text?: string; arguments?: string[] } }[];
  }[];
}

/**
 * Runs `Sarif.Multitool validate --rule-kind "Sarif;Gh"` (the SARIF spec's rules and GitHub's
 * ingestion rules) on a SARIF text and returns what it reported. Its exit code is 0 even when it
 * reports errors, so its own SARIF log is read instead.
 */
export function multitoolValidate(sarif: string): MultitoolResult[] {
  const dir = mkdtempSync(join(tmpdir(), "trustlint-multitool-"));
  try {
    const input = join(dir, "input.sarif");
    const output = join(dir, "validation.sarif");
    writeFileSync(input, sarif);
    const run = spawnSync(multitoolBinary(), ["validate", input, "--rule-kind", "Sarif;Gh", "-o", output, "--log", "ForceOverwrite"], { encoding: "utf8" });
    if (run.error) throw run.error;
    let log: LogLike;
    try {
      log = JSON.parse(readFileSync(output, "utf8")) as LogLike;
    } catch {
      throw new Error(`Sarif.Multitool wrote no log (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    const results: MultitoolResult[] = [];
    for (const r of log.runs ?? []) {
      const rules = r.tool?.driver?.rules ?? [];
      for (const res of r.results ?? []) {
        const rule = res.ruleIndex !== undefined ? rules[res.ruleIndex] : rules.find((x) => x.id === res.ruleId);
        // SARIF: a result without a level takes its rule's default, and "warning" without one.
        const level = res.level ?? rule?.defaultConfiguration?.level ?? "warning";
        results.push({ level, ruleId: res.ruleId ?? rule?.id ?? "?", message: [res.message?.text ?? "", ...(res.message?.arguments ?? [])].filter(Boolean).join(" | ") });
      }
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fails listing every error the validator reported. */
export function assertMultitoolClean(sarif: string): MultitoolResult[] {
  const results = multitoolValidate(sarif);
  const errors = results.filter((r) => r.level === "error");
  if (errors.length) throw new Error(`Sarif.Multitool (Sarif;Gh) reported errors:\n${errors.map((e) => `- ${e.ruleId}: ${e.message}`).join("\n")}`);
  return results;
}
