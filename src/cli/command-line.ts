import { parseArgs } from "node:util";

// The command line's options, as data: what src/cli/args.ts turns into CliOptions, and what the
// small entry (src/bin.ts) reads before the CLI is loaded to choose the thread a run takes
// (src/cli/thread-choice.ts). It imports nothing but node:util, so that the entry stays small.

export const OPTIONS = {
  values: { type: "string", short: "f", multiple: true },
  set: { type: "string", multiple: true },
  "set-string": { type: "string", multiple: true },
  "set-file": { type: "string", multiple: true },
  "set-json": { type: "string", multiple: true },
  "values-set": { type: "string", multiple: true },
  "release-name": { type: "string" },
  namespace: { type: "string", short: "n" },
  "kube-version": { type: "string" },
  "api-versions": { type: "string", multiple: true },
  "kustomize-cmd": { type: "string" },
  config: { type: "string", short: "c" },
  "no-config": { type: "boolean" },
  format: { type: "string", multiple: true },
  output: { type: "string", short: "o", multiple: true },
  "fail-level": { type: "string" },
  rule: { type: "string", multiple: true },
  "cluster-domain": { type: "string" },
  now: { type: "string" },
  timeout: { type: "string" },
  "list-rules": { type: "boolean" },
  "list-targets": { type: "boolean" },
  "tool-version": { type: "boolean", short: "V" },
  // Helm's meaning: the chart version. `--version` alone (no value) is trustlint's version.
  version: { type: "string" },
  repo: { type: "string" },
  "ca-file": { type: "string" },
  "cert-file": { type: "string" },
  "key-file": { type: "string" },
  "insecure-skip-tls-verify": { type: "boolean" },
  "plain-http": { type: "boolean" },
  jobs: { type: "string", short: "j" },
  exclude: { type: "string", multiple: true },
  quiet: { type: "boolean", short: "q" },
  verbose: { type: "boolean" },
  "max-warnings": { type: "string" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  "print-config": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  debug: { type: "boolean" },
  "allow-empty": { type: "boolean" },
  "follow-symlinks": { type: "boolean" },
  "no-batch": { type: "boolean" },
  "post-renderer": { type: "boolean" },
  "pre-commit": { type: "boolean" },
} as const;

/** The command line split into options and positionals as parseArgs does (strict); throws parseArgs' error. */
export function tokenize(argv: readonly string[]) {
  return parseArgs({ args: toolVersionFlag(argv), options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
}

/**
 * `--version` is Helm's flag for the chart version (`trustlint repo/chart --version 1.2.3`), and
 * by habit also how people ask a tool for its own version. It is trustlint's version only with no
 * value: last on the command line, or followed by another option. `-V` always is. Before `--`
 * only: after it every word is a target.
 */
function toolVersionFlag(argv: readonly string[]): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === "--") break;
    const next = out[i + 1];
    if (out[i] === "--version" && (next === undefined || next === "--" || (next.startsWith("-") && next !== "-"))) out[i] = "-V";
    // An option's value is not an option: `--set --version` sets a value named "--version".
    else if (out[i]!.startsWith("--") && !out[i]!.includes("=") && takesValue(out[i]!.slice(2))) i++;
  }
  return out;
}

function takesValue(name: string): boolean {
  const option = (OPTIONS as Record<string, { type: string }>)[name];
  return option?.type === "string";
}
