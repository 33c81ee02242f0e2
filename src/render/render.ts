import { readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import type { LoadWarning, Stream } from "../load/loader";
import { UserError, oneLine } from "../util/errors";
import { formatSeconds, makeTempDir, removeTempDir, run } from "./exec";
import type { ExecResult } from "./exec";
import { decodeText, maxInputBytes, tooLarge } from "./input";
import { CopyBudgetExceeded, copyFollowedTree, escapingSymlinks } from "./symlinks";
import type { EscapingLink } from "./symlinks";
import { helmDetail, helmError } from "./helm-errors";
import { fetchChart } from "./remote";
import { scrubHelmError, scrubKustomizeError } from "./scrub";
import { findHelm, findKustomize } from "./toolchain";
import type { HelmOptions, Rendered, RenderOptions, Target } from "./types";

/** Produces the YAML text of one target, with where each part came from. */
export async function renderTarget(target: Target, options: RenderOptions): Promise<Rendered> {
  switch (target.kind) {
    case "stdin": {
      const text = await options.readStdin();
      const limit = maxInputBytes(options.env);
      if (Buffer.byteLength(text) > limit) throw new UserError(tooLarge(Buffer.byteLength(text), limit).message, "<stdin>");
      return { target, streams: [{ text, origin: { via: "stdin", file: "<stdin>" } }], warnings: [] };
    }
    case "files": {
      const limit = maxInputBytes(options.env);
      const warnings = (target.notFollowed ?? []).map((l) => notFollowedWarning(l, options.cwd, "the linted directory"));
      return { target, streams: target.paths.map((file) => ({ text: readText(file, limit), origin: { via: "file", file } })), warnings };
    }
    case "chart":
      return renderChart(target, options);
    case "kustomize":
      return { target, streams: await renderKustomization(target, options), warnings: [] };
  }
}

function readText(file: string, limit: number): string {
  let buf: Buffer;
  try {
    // Checked before reading: a file far over the limit must not be loaded to find out.
    const size = statSync(file).size;
    if (size > limit) throw new UserError(tooLarge(size, limit).message, file);
    buf = readFileSync(file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? "error"})`, file);
  }
  return decodeText(buf, file, limit);
}

/**
 * Decodes input bytes (UTF-8, or UTF-16/UTF-32 by BOM or zero-byte pattern); binary input and
 * input over the size limit are errors, never a silent pass.
 */
export function textOf(input: Buffer | string, where: string): string {
  return decodeText(input, where, maxInputBytes(process.env));
}

/** `base` is the directory a relative link path is under (the chart), or the working directory for absolute ones. */
function notFollowedWarning(link: EscapingLink, base: string, outside: string, hint = ""): LoadWarning {
  const where = isAbsolute(link.path) ? relativeIfInside(base, link.path) : `${base.replace(/\/+$/, "")}/${link.path}`;
  if (link.loop) return { where, message: `symlink not followed: it leads to ${link.target}, a directory that holds it (a loop)` };
  const to = link.target === undefined ? "it does not resolve" : `it leads to ${link.target}`;
  return { where, message: `symlink not followed: ${to}, outside ${outside}${hint}` };
}

function relativeIfInside(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

async function renderChart(target: Target, options: RenderOptions): Promise<Rendered> {
  // A remote or packaged chart is rendered from its unpacked copy, like a local chart.
  if (target.remote && target.paths.length === 0) return renderChart({ ...target, paths: [await fetchChart(target, options)] }, options);
  const chartDir = target.paths[0]!;
  // Helm follows symlinks anywhere; trustlint reads nothing outside the chart unless asked to:
  // a chart with links that leave it (or loop) is rendered from a copy without them, made by
  // the filter the locator reads the chart through (util/tree-walk.ts).
  const escaping = options.followSymlinks ? [] : escapingSymlinks(chartDir);
  const warnings = escaping.map((l) => notFollowedWarning(l, target.spec, "the chart", " (--follow-symlinks renders it as Helm would)"));
  if (escaping.length === 0) return { target, streams: [await renderChartAt(target, chartDir, options)], warnings };
  const copy = makeTempDir("trustlint-chart-");
  try {
    const renderDir = join(copy, basename(chartDir));
    try {
      copyFollowedTree(chartDir, renderDir, maxInputBytes(options.env));
    } catch (err) {
      if (!(err instanceof CopyBudgetExceeded)) throw err;
      const mb = (err.budget / 1024 / 1024).toFixed(err.budget < 10 * 1024 * 1024 ? 1 : 0);
      throw new UserError(`the chart's files come to more than trustlint's limit of ${mb} MiB for the copy it renders without its outside symlinks (set TRUSTLINT_MAX_INPUT_MB to raise it)`, target.spec);
    }
    return { target, streams: [await renderChartAt(target, renderDir, options)], warnings };
  } finally {
    removeTempDir(copy);
  }
}

/** Runs `helm template` on `renderDir` (the chart, or its copy); origins always name the real chart. */
async function renderChartAt(target: Target, renderDir: string, options: RenderOptions): Promise<Stream> {
  const chartDir = target.paths[0]!;
  const helm = findHelm(options.env);
  if (!helm) throw new UserError("no Helm binary found: set HELM_BIN, put helm on PATH, or run `npm run tools`", target.spec);
  const args = helmTemplateArgs(options.helm, renderDir);
  let result;
  try {
    result = await run(helm, args, { cwd: options.cwd, timeoutMs: options.timeoutMs, env: options.env, maxOutputBytes: maxInputBytes(options.env) });
  } catch (err) {
    throw new UserError(`cannot run Helm (${helm}): ${(err as Error).message}`, target.spec);
  }
  checkRun(result, "helm template", options, target);
  if (result.code !== 0) {
    // Errors about a copy name the chart the user gave; nothing Helm quotes from a rendered
    // document or a --set-json value is printed (scrub.ts).
    const stderr = scrubHelmError(renderDir === chartDir ? result.stderr : result.stderr.split(renderDir).join(chartDir), options.helm.setJson);
    const missing = /missing in charts\/ directory: (.+)$/im.exec(stderr);
    if (missing) throw new UserError(`chart dependencies are missing: ${missing[1]!.trim()}; run \`helm dependency build ${target.spec}\``, target.spec);
    throw new UserError(`helm template failed: ${helmError(stderr)}`, target.spec, helmDetail(stderr));
  }
  const pulled = target.remote ? { pulled: { reference: target.spec, unpackedIn: dirname(chartDir), ...(target.remote.kind === "package" ? { packageFile: target.remote.ref } : {}) } } : {};
  // With --follow-symlinks Helm read through links anywhere, and so may the locator; otherwise it reads the chart through the filter the copy was made with.
  const followed = options.followSymlinks ? { chartFollowsLinks: true } : {};
  return { text: result.stdout, origin: { via: "helm", file: join(chartDir, "<rendered>"), chartDir, ...followed, ...pulled } };
}

/**
 * The `helm template` command line. Every flag takes its value in `--flag=value` form and the
 * release name and chart come after `--`, so no value, path or name (all of which may come from
 * a repository's config or a pull request) can be read by Helm as a flag of its own.
 */
export function helmTemplateArgs(h: HelmOptions, chartDir: string): string[] {
  if (h.releaseName.startsWith("-")) throw new UserError(`the release name must not start with "-" (got "${h.releaseName}")`);
  const args = ["template", "--include-crds", `--kube-version=${h.kubeVersion}`];
  if (h.namespace) args.push(`--namespace=${h.namespace}`);
  for (const v of h.values) args.push(`--values=${csvField(v)}`);
  for (const v of h.set) args.push(`--set=${v}`);
  for (const v of h.setString) args.push(`--set-string=${v}`);
  for (const v of h.setFile) args.push(`--set-file=${v}`);
  for (const v of h.setJson) args.push(`--set-json=${v}`);
  for (const v of h.apiVersions) args.push(`--api-versions=${csvField(v)}`);
  args.push("--", h.releaseName, chartDir);
  return args;
}

/**
 * Helm reads --values and --api-versions as comma-separated lists (pflag's StringSlice parses
 * each value as a CSV record), so a path with a comma or a quote would be split or rejected.
 * Quoting it as one CSV field passes it literally, as every other argument is.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A run that was killed (timeout, runaway output) is an error of its own, whatever its exit code. */
function checkRun(result: ExecResult, what: string, options: RenderOptions, target: Target): void {
  if (result.timedOut) throw new UserError(`${what} timed out after ${formatSeconds(options.timeoutMs)} and was stopped (raise --timeout)`, target.spec);
  if (result.overflowed) {
    const limit = maxInputBytes(options.env);
    throw new UserError(`${what} wrote more than trustlint's limit of ${(limit / 1024 / 1024).toFixed(0)} MiB and was stopped (set TRUSTLINT_MAX_INPUT_MB to raise it)`, target.spec);
  }
}

/**
 * Builds a kustomization through a temporary wrapper that asks Kustomize to record each
 * object's source file (buildMetadata: originAnnotations), so findings map to the overlay or
 * base file that wrote the object. The user's tree is never written to. The annotations are
 * read by the loader from each object's own metadata (never from the text, which a value can
 * forge) and checked by the locator against the kustomization's tree before any file is read.
 */
async function renderKustomization(target: Target, options: RenderOptions): Promise<Stream[]> {
  const dir = target.paths[0]!;
  const tool = findKustomize(options.kustomizeCommand, options.env);
  if (!tool) throw new UserError("no kustomize or kubectl found: put one on PATH, set --kustomize-cmd, or run `npm run tools`", target.spec);
  const wrapper = makeTempDir("trustlint-kustomize-");
  try {
    // Kustomize rejects absolute resource paths: the wrapper refers to the target relatively.
    writeFileSync(join(wrapper, "kustomization.yaml"), `resources:\n  - ${JSON.stringify(relative(wrapper, dir))}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`);
    let result;
    try {
      result = await run(tool.command, [...tool.args, wrapper], { cwd: options.cwd, timeoutMs: options.timeoutMs, env: options.env, maxOutputBytes: maxInputBytes(options.env) });
    } catch (err) {
      throw new UserError(`cannot run ${tool.command}: ${(err as Error).message}`, target.spec);
    }
    checkRun(result, "kustomize build", options, target);
    if (result.code !== 0) {
      const stderr = scrubKustomizeError(result.stderr.replace(/^Error: /gm, "").replace(new RegExp(escapeRe(wrapper), "g"), "<wrapper>"));
      throw new UserError(`kustomize build failed: ${oneLine(stderr)}`, target.spec);
    }
    // Kustomize writes the annotations' paths relative to the directory it built: the wrapper.
    return [{ text: result.stdout, origin: { via: "kustomize", file: join(dir, "<kustomize>"), kustomizeBuild: { dir, base: wrapper } } }];
  } finally {
    removeTempDir(wrapper);
  }
}


function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
