import { isAbsolute, relative, sep } from "node:path";
import { RULES } from "../../rules";
import { configureRules } from "../engine/configure";
import { DEFAULT_KUBE_VERSION } from "./args";
import type { CliOptions } from "./args";
import type { Io } from "./main";
import { readConfig, selectRules } from "./run";

/**
 * `--print-config`: the configuration a lint with these options would run with, and the file it
 * came from (`config`, relative to the working directory; null: none), as JSON on stdout. Every
 * rule is listed with its effective level (`off` when the config or `--rule` leaves it out) and
 * options (its defaults merged with the config's, validated as a lint validates them); the
 * command line's flags are applied over the file (`--fail-level`, `--cluster-domain`,
 * `--kube-version`, `--now`, `--exclude`, `--values-set`), so what is printed is what would run.
 */
export function printConfig(opts: CliOptions, io: Io): number {
  const config = readConfig(opts, io.cwd);
  const configured = new Map(configureRules(selectRules(opts.only), config, RULES.map((r) => r.meta.id)).map((c) => [c.rule.meta.id, c]));
  const shown = (p: string) => displayed(p, io.cwd);
  const effective = {
    config: config.file ?? null,
    failLevel: opts.failLevel ?? config.failLevel ?? "error",
    maxWarnings: opts.maxWarnings ?? null,
    clusterDomain: opts.clusterDomain ?? config.clusterDomain ?? null,
    kubeVersion: opts.kubeVersion ?? config.kubeVersion ?? DEFAULT_KUBE_VERSION,
    now: opts.now ?? config.now ?? null,
    rules: Object.fromEntries(RULES.map((r) => {
      const c = configured.get(r.meta.id);
      return [r.meta.id, c ? { level: c.severity, options: c.options } : { level: "off" }];
    })),
    ignore: config.ignore,
    groups: (config.groups ?? []).map((g) => ({ name: g.name, targets: g.targets.map(shown), where: g.where })),
    renders: (opts.valuesSets.length ? opts.valuesSets : config.renders ?? []).map((r) => ({ ...r, values: r.values.map(shown) })),
    // What a directory search skips: always .git and node_modules, then the config's and the command line's globs.
    exclude: ["**/.git", "**/node_modules", ...(config.exclude ?? []).map(shown), ...opts.exclude],
    discover: { valuesFiles: config.discover?.valuesFiles ?? false },
    knowledge: config.knowledge ?? {},
  };
  io.stdout(terminalSafeJson(effective));
  return 0;
}

function displayed(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : path;
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls and quotes; the characters it leaves
 * (DEL, C1 controls, line separators, bidi overrides, which a config may hold) are written as
 * \u escapes too, so the text is the same JSON and cannot drive a terminal. No line can start
 * with `::`: every line opens with indentation and a quote, a bracket or a brace.
 */
function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n";
}
