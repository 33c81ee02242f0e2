import type { parseArgs } from "node:util";
import type { Severity } from "../model/types";
import { FORMATS } from "../report/types";
import type { Format } from "../report/types";
import { RENDER_NAME } from "../config/renders";
import type { RenderSpec } from "../config/renders";
import { UserError } from "../util/errors";
import { tokenize } from "./command-line";

import { DEFAULT_KUBE_VERSION, DEFAULT_RELEASE_NAME } from "../render/types";
import type { RemoteChartOptions } from "../render/types";

export { DEFAULT_KUBE_VERSION, DEFAULT_RELEASE_NAME };

export interface OutputSpec {
  readonly format: Format;
  /** A file path, or undefined for stdout. */
  readonly file: string | undefined;
}

export interface CliOptions {
  readonly targets: string[];
  readonly values: string[];
  readonly set: string[];
  readonly setString: string[];
  readonly setFile: string[];
  readonly setJson: string[];
  /** A render matrix from `--values-set name=a.yaml,b.yaml` (repeatable); empty when not given. */
  readonly valuesSets: RenderSpec[];
  readonly releaseName: string;
  readonly namespace: string | undefined;
  readonly kubeVersion: string | undefined;
  readonly apiVersions: string[];
  readonly kustomizeCommand: string | undefined;
  readonly config: string | undefined;
  readonly noConfig: boolean;
  readonly outputs: OutputSpec[];
  readonly failLevel: Severity | "none" | undefined;
  /** Run only these rules (ids); empty means every rule. */
  readonly only: string[];
  readonly clusterDomain: string | undefined;
  /** `--now`: the instant certificates are judged at (src/engine/now.ts). */
  readonly now: string | undefined;
  readonly timeoutSeconds: number;
  readonly listRules: boolean;
  /** Print what would be linted (discovered roots with their kind) and exit. */
  readonly listTargets: boolean;
  /** `-V`, or `--version` with no value: trustlint's own version. */
  readonly version: boolean;
  /** Renders at once (`--jobs N`); undefined: the available cores. */
  readonly jobs: number | undefined;
  /** Report errors only: stylish and github list error findings, no warnings on stderr, no progress line. */
  readonly quiet: boolean;
  /** `--verbose`: stylish shows each finding's fix. */
  readonly verbose: boolean;
  /** `--max-warnings N`: exit 1 when more than N unsuppressed warnings (as ESLint); undefined: no limit. */
  readonly maxWarnings: number | undefined;
  /** `--color` (true) or `--no-color` (false), whichever comes last; undefined: FORCE_COLOR, NO_COLOR, the terminal. */
  readonly color: boolean | undefined;
  /** Print the effective config and the file it came from, and exit. */
  readonly printConfig: boolean;
  /** `--exclude GLOB` (repeatable): paths that directory targets skip. */
  readonly exclude: string[];
  /** Helm's flags for charts that are pulled (`--version X` is the chart version). */
  readonly remote: RemoteChartOptions;
  readonly help: boolean;
  readonly debug: boolean;
  /** Accept an empty lint (no objects, no files, every rule off) with a warning instead of exit 2. */
  readonly allowEmpty: boolean;
  /** Render charts through symlinks that leave them, as Helm does. */
  readonly followSymlinks: boolean;
  /** `--no-batch`: every chart gets a `helm template` of its own (render/batch-render.ts). */
  readonly noBatch: boolean;
  /** Helm post-renderer: manifests on stdin, unchanged on stdout when clean, report on stderr. */
  readonly postRenderer: boolean;
  /** pre-commit: the targets are changed files, mapped to the chart and kustomization roots they belong to. */
  readonly preCommit: boolean;
}


const FAIL_LEVELS = ["error", "warning", "info", "none"] as const;

/** Parses the command line; any mistake is a one-line UserError (exit 2). */
export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = tokenize(argv);
  } catch (err) {
    throw new UserError(usageMessage((err as Error).message));
  }
  const v = parsed.values;
  // pre-commit appends the changed files to the hook's args: only a `--` before them (the hook's
  // default args) keeps a file named `--kustomize-cmd=sh x.yaml` from being read as an option.
  if (v["pre-commit"] && !parsed.tokens.some((t) => t.kind === "option-terminator")) {
    throw new UserError("--pre-commit needs -- before the file names (end the hook's args with --), so that no file name is read as an option");
  }
  const failLevel = v["fail-level"];
  if (failLevel !== undefined && !(FAIL_LEVELS as readonly string[]).includes(failLevel)) {
    throw new UserError(`--fail-level must be one of ${FAIL_LEVELS.join(", ")} (got "${failLevel}")`);
  }
  // Helm takes the release name as a positional: one that starts with "-" would be a flag to it.
  if (v["release-name"]?.startsWith("-")) throw new UserError(`the release name must not start with "-" (got "${v["release-name"]}")`);
  const jobs = v.jobs === undefined ? undefined : Number(v.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UserError(`--jobs must be a whole number of at least 1 (got "${v.jobs}")`);
  const maxWarnings = v["max-warnings"] === undefined ? undefined : Number(v["max-warnings"]);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0 && /^\d+$/.test(v["max-warnings"]!))) throw new UserError(`--max-warnings must be a whole number of at least 0 (got "${v["max-warnings"]}")`);
  const timeout = v.timeout === undefined ? 300 : Number(v.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UserError(`--timeout must be a positive number of seconds (got "${v.timeout}")`);
  return {
    targets: parsed.positionals,
    values: v.values ?? [],
    set: v.set ?? [],
    setString: v["set-string"] ?? [],
    setFile: v["set-file"] ?? [],
    setJson: v["set-json"] ?? [],
    valuesSets: parseValuesSets(v["values-set"] ?? []),
    releaseName: v["release-name"] ?? DEFAULT_RELEASE_NAME,
    namespace: v.namespace,
    kubeVersion: v["kube-version"],
    apiVersions: v["api-versions"] ?? [],
    kustomizeCommand: v["kustomize-cmd"],
    config: v.config,
    noConfig: v["no-config"] ?? false,
    outputs: pairOutputs(parsed.tokens),
    failLevel: failLevel as CliOptions["failLevel"],
    only: v.rule ?? [],
    clusterDomain: v["cluster-domain"],
    now: v.now,
    timeoutSeconds: timeout,
    listRules: v["list-rules"] ?? false,
    listTargets: v["list-targets"] ?? false,
    version: v["tool-version"] ?? false,
    jobs,
    exclude: v.exclude ?? [],
    quiet: v.quiet ?? false,
    verbose: v.verbose ?? false,
    maxWarnings,
    color: lastColorFlag(parsed.tokens),
    printConfig: v["print-config"] ?? false,
    remote: {
      version: v.version,
      repo: v.repo,
      caFile: v["ca-file"],
      certFile: v["cert-file"],
      keyFile: v["key-file"],
      insecureSkipTlsVerify: v["insecure-skip-tls-verify"] ?? false,
      plainHttp: v["plain-http"] ?? false,
    },
    help: v.help ?? false,
    debug: v.debug ?? false,
    allowEmpty: v["allow-empty"] ?? false,
    followSymlinks: v["follow-symlinks"] ?? false,
    noBatch: v["no-batch"] ?? false,
    postRenderer: v["post-renderer"] ?? false,
    preCommit: v["pre-commit"] ?? false,
  };
}

/** `--color` and `--no-color` both given: the last one wins, as in most tools. */
function lastColorFlag(tokens: ReturnType<typeof parseArgs>["tokens"]): boolean | undefined {
  let color: boolean | undefined;
  for (const t of tokens ?? []) if (t.kind === "option" && (t.name === "color" || t.name === "no-color")) color = t.name === "color";
  return color;
}

/**
 * Pairs each `--output FILE` with the `--format` given just before it, so that
 * `--format sarif --output r.sarif --format stylish` writes SARIF to a file and stylish to the
 * terminal. An `--output` with no format of its own before it takes the format its name says
 * (`.sarif` or `.sarif.json`: SARIF, `.json`: JSON), and any other name is an error: writing
 * stylish text into `report.xml` because a `--format` was forgotten is never what was meant. A
 * format without an output goes to stdout; no format and no output at all means stylish.
 */
function pairOutputs(tokens: ReturnType<typeof parseArgs>["tokens"]): OutputSpec[] {
  const outputs: { format: Format; file: string | undefined }[] = [];
  for (const t of tokens ?? []) {
    if (t.kind !== "option") continue;
    if (t.name === "format") {
      const f = t.value ?? "";
      if (!(FORMATS as readonly string[]).includes(f)) throw new UserError(`--format must be one of ${FORMATS.join(", ")} (got "${f}")`);
      outputs.push({ format: f as Format, file: undefined });
    } else if (t.name === "output") {
      const file = t.value ?? "";
      const last = outputs[outputs.length - 1];
      if (last && last.file === undefined) last.file = file;
      else outputs.push({ format: formatOfFileName(file), file });
    }
  }
  if (outputs.length === 0) outputs.push({ format: "stylish", file: undefined });
  return outputs;
}

/** The format a report file's name asks for, or a usage error naming the file and the way out. */
export function formatOfFileName(file: string): Format {
  const name = file.toLowerCase();
  if (name.endsWith(".sarif") || name.endsWith(".sarif.json")) return "sarif";
  if (name.endsWith(".json")) return "json";
  throw new UserError(`--output ${file} has no --format before it, and its name does not say one (.sarif or .json); put --format ${FORMATS.join("|")} before --output`);
}

/**
 * `--values-set prod=values.yaml,values-prod.yaml` → one render named prod with those values
 * files (after the command line's -f files). `name=` is a render with the chart's defaults.
 */
function parseValuesSets(flags: readonly string[]): RenderSpec[] {
  const out: RenderSpec[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    const name = eq < 0 ? flag : flag.slice(0, eq);
    if (eq < 0 || !RENDER_NAME.test(name)) {
      throw new UserError(`--values-set needs NAME=FILE[,FILE...] with a name of letters, digits, ".", "_" or "-" (got "${flag}")`);
    }
    if (out.some((r) => r.name === name)) throw new UserError(`--values-set names render "${name}" twice`);
    out.push({ name, values: flag.slice(eq + 1).split(",").filter(Boolean) });
  }
  return out;
}

function usageMessage(raw: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(raw);
  if (unknown) return `unknown option ${unknown[1]} (see trustlint --help)`;
  const missing = /Option '([^']+)' argument missing/.exec(raw);
  if (missing) return `option ${missing[1]!.replace(/^-\w, /, "")} needs a value`;
  return raw.split("\n")[0]!.replace(/\. To specify.*$/, "");
}

export const HELP = `Usage: trustlint [options] <target...>

Lints Kubernetes manifests for broken TLS trust: CA settings, trust-store mounts, webhooks,
CA injectors, certificate SANs, cluster domains, node CA installs and API-server SANs.

Targets:
  <chart dir>            a Helm chart (has Chart.yaml), rendered with helm template
  <kustomization dir>    a Kustomize directory, built with kustomize or kubectl kustomize
  <dir>                  any other directory: every chart, top-level kustomization and manifest
                         directory in it is linted on its own (see --list-targets)
  <file | dir | glob>    plain YAML or JSON manifests
  repo/chart, oci://host/path/chart, https://host/chart-1.2.3.tgz, chart-1.2.3.tgz
                         a remote or packaged chart, pulled and unpacked, then rendered
  -                      manifests on standard input (e.g. helm template ... | trustlint -)

Helm options (passed to helm template):
  -f, --values FILE      values file (repeatable)
      --set K=V          --set-string K=V, --set-file K=PATH, --set-json K=JSON (repeatable)
      --values-set N=F,F one render of a render matrix: the chart is rendered and linted once per
                         --values-set, with its files after the -f files (repeatable; replaces the
                         config's renders:). Findings name their renders; one in every render is
                         reported once.
      --release-name N   release name (default "${DEFAULT_RELEASE_NAME}")
  -n, --namespace NS     namespace for objects without one (default $HELM_NAMESPACE or "default")
      --kube-version V   Kubernetes version for .Capabilities (default ${DEFAULT_KUBE_VERSION})
      --api-versions GV  extra API versions for .Capabilities (repeatable)
      --kustomize-cmd C  command that builds a kustomization (default: kustomize build, else kubectl kustomize)

Remote charts (passed to helm pull; user name and password from TRUSTLINT_REPO_USERNAME and
TRUSTLINT_REPO_PASSWORD only):
      --version V        the chart version (with a target; --version alone prints trustlint's)
      --repo URL         chart repository URL: targets are chart names in it
      --ca-file F, --cert-file F, --key-file F   TLS files for the repository or registry
      --insecure-skip-tls-verify   skip the repository's certificate check (said on stderr)
      --plain-http       use HTTP instead of HTTPS for an OCI registry

Lint options:
  -c, --config FILE      config file (default: nearest .trustlint.yaml above the first target)
      --no-config        ignore config files
      --cluster-domain D the cluster's DNS domain (default: from config, else unknown)
      --now T            judge certificate validity at T, a date or RFC 3339 time (default: now:
                         in config, else SOURCE_DATE_EPOCH, else the clock)
      --rule ID          run only this rule (repeatable; see --list-rules)
      --fail-level L     exit 1 when a finding is at or above L: error, warning, info, none (default error)
      --timeout S        seconds allowed for each helm/kustomize run (default 300)
  -j, --jobs N           renders at once (default: the available cores)
      --exclude GLOB     skip these paths when searching a directory or expanding a glob
                         (repeatable; relative, absolute, or a bare name at any depth; .git and
                         node_modules always are)
      --max-warnings N   exit 1 when more than N warnings (at any --fail-level, also with --quiet)
      --allow-empty      warn instead of failing when a target has no objects or files, or every
                         rule is off (by default an empty lint is exit 2, never a silent pass)
      --follow-symlinks  render charts through symlinks that leave the chart, as Helm does
                         (by default they are not followed, and a warning names them)
      --no-batch         give every chart a helm template of its own (by default charts that
                         render the same as subcharts share one; see README, Performance)

Modes:
      --post-renderer    Helm post-renderer: read manifests on stdin, write them unchanged to stdout
                         when clean, the report to stderr; exit 1 (Helm aborts) on a failing finding
      --pre-commit       the targets are changed files: lint each chart, kustomization root (overlays
                         of a changed base) or manifest directory they belong to, once

Output:
      --format F         stylish, json, sarif, github (repeatable)
  -o, --output FILE      write the --format given just before it to FILE; with none, the name
                         decides (.sarif, .sarif.json: sarif; .json: json; anything else: error)
  -q, --quiet            errors only: stylish and github list error findings (the summary counts
                         the rest), no warnings on stderr, no progress line; JSON and SARIF keep all
      --verbose          stylish: show each finding's fix
      --color, --no-color
                         colour stylish on stdout or not (default: FORCE_COLOR, else none with
                         NO_COLOR, else on a terminal); rule ids link to their docs on a terminal
      --print-config     print the effective config (rules with levels and options, flags
                         applied) and the file it came from, as JSON, and exit
      --list-rules       list the rules and exit
      --list-targets     list what would be linted (charts, kustomizations, manifests) and exit
  -V, --version          print trustlint's version and exit
      --debug            print stack traces for errors
  -h, --help             show this help

Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage, config or render error
(also when one target of several failed: the others are still linted and reported).
`;
