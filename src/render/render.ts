import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Stream } from "../load/loader";
import { splitDocuments } from "../load/split";
import { UserError, oneLine } from "../util/errors";
import { makeTempDir, removeTempDir, run } from "./exec";
import { findHelm, findKustomize } from "./toolchain";
import type { Rendered, RenderOptions, Target } from "./types";

/** Produces the YAML text of one target, with where each part came from. */
export async function renderTarget(target: Target, options: RenderOptions): Promise<Rendered> {
  switch (target.kind) {
    case "stdin":
      return { target, streams: [{ text: textOf(await options.readStdin(), "<stdin>"), origin: { via: "stdin", file: "<stdin>" } }] };
    case "files":
      return { target, streams: target.paths.map((file) => ({ text: readText(file), origin: { via: "file", file } })) };
    case "chart":
      return { target, streams: [await renderChart(target, options)] };
    case "kustomize":
      return { target, streams: await renderKustomization(target, options) };
  }
}

function readText(file: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new UserError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? "error"})`, file);
  }
  return textOf(buf, file);
}

/** Decodes input as UTF-8 (or UTF-16 with a BOM); binary input is an error, not a silent pass. */
export function textOf(input: Buffer | string, where: string): string {
  let text: string;
  if (typeof input === "string") text = input;
  else if (input[0] === 0xff && input[1] === 0xfe) text = input.subarray(2).toString("utf16le");
  else if (input[0] === 0xfe && input[1] === 0xff) text = Buffer.from(input.subarray(2)).swap16().toString("utf16le");
  else text = input.toString("utf8");
  if (text.includes("\u0000")) throw new UserError("input is binary, not YAML text", where);
  return text;
}

async function renderChart(target: Target, options: RenderOptions): Promise<Stream> {
  const chartDir = target.paths[0]!;
  const helm = findHelm(options.env);
  if (!helm) throw new UserError("no Helm binary found: set HELM_BIN, put helm on PATH, or run `npm run tools`", target.spec);
  const h = options.helm;
  const args = ["template", h.releaseName, chartDir, "--include-crds", "--kube-version", h.kubeVersion];
  if (h.namespace) args.push("--namespace", h.namespace);
  for (const v of h.values) args.push("--values", v);
  for (const v of h.set) args.push("--set", v);
  for (const v of h.setString) args.push("--set-string", v);
  for (const v of h.setFile) args.push("--set-file", v);
  for (const v of h.setJson) args.push("--set-json", v);
  for (const v of h.apiVersions) args.push("--api-versions", v);
  let result;
  try {
    result = await run(helm, args, { cwd: options.cwd, timeoutMs: options.timeoutMs, env: options.env });
  } catch (err) {
    throw new UserError(`cannot run Helm (${helm}): ${(err as Error).message}`, target.spec);
  }
  if (result.code !== 0) {
    const missing = /missing in charts\/ directory: (.+)$/im.exec(result.stderr);
    if (missing) throw new UserError(`chart dependencies are missing: ${missing[1]!.trim()}; run \`helm dependency build ${target.spec}\``, target.spec);
    throw new UserError(`helm template failed: ${helmError(result.stderr)}`, target.spec);
  }
  return { text: result.stdout, origin: { via: "helm", file: join(chartDir, "<rendered>"), chartDir } };
}

/** Helm's own error line, without its debug chatter. */
function helmError(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => /^Error: /.test(l));
  return lines.length ? oneLine(lines.join("\n").replace(/^Error: /gm, "")) : oneLine(stderr) || "no output";
}

const ORIGIN = /^ *config\.kubernetes\.io\/origin: \|\n\s+(?:path|configuredIn): (.+)$/m;

/**
 * Builds a kustomization through a temporary wrapper that asks Kustomize to record each
 * object's source file (buildMetadata: originAnnotations), so findings map to the overlay or
 * base file that wrote the object. The user's tree is never written to.
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
      result = await run(tool.command, [...tool.args, wrapper], { cwd: options.cwd, timeoutMs: options.timeoutMs, env: options.env });
    } catch (err) {
      throw new UserError(`cannot run ${tool.command}: ${(err as Error).message}`, target.spec);
    }
    if (result.code !== 0) throw new UserError(`kustomize build failed: ${oneLine(result.stderr.replace(/^Error: /gm, "").replace(new RegExp(escapeRe(wrapper), "g"), "<wrapper>"))}`, target.spec);
    return splitDocuments(result.stdout).map((d) => {
      const origin = ORIGIN.exec(d.text);
      const source = origin ? resolve(wrapper, origin[1]!.trim()) : undefined;
      const patchedBy = patchingKustomizations(d.text).map((p) => resolve(wrapper, p));
      return { text: d.text, origin: { via: "kustomize" as const, file: source ?? join(dir, "<kustomize>"), kustomizeSource: source, kustomizePatchedBy: patchedBy } };
    });
  } finally {
    removeTempDir(wrapper);
  }
}

const TRANSFORMATION = /- configuredIn: (.+)\n\s+configuredBy:\n\s+apiVersion: builtin\n\s+kind: (Patch\w*Transformer)/g;

/** The kustomization files that configured a patch transformer run on this object. */
function patchingKustomizations(text: string): string[] {
  const files = new Set<string>();
  for (const m of text.matchAll(TRANSFORMATION)) files.add(m[1]!.trim());
  return [...files];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
