import { CORE_SCHEMA, load as parseYaml } from "js-yaml";
import type { KustomizeClaims } from "../model/types";

const ORIGIN = "config.kubernetes.io/origin";
const TRANSFORMATIONS = "alpha.config.kubernetes.io/transformations";

/** Kustomize writes a few lines per annotation; anything longer is not kustomize's. */
const MAX_ANNOTATION_CHARS = 64 * 1024;

/**
 * Takes the build annotations trustlint's wrapper asked kustomize for (buildMetadata:
 * originAnnotations, transformerAnnotations) off an object's own `metadata.annotations` —
 * they are ours, not the user's, so rules never see them — and returns what they claim.
 *
 * Only the parsed metadata is read: text elsewhere in the document (a ConfigMap value holding a
 * line `config.kubernetes.io/origin: |`) is a value, never an origin. The claims are untrusted
 * either way (a resource can carry its own transformations annotation, which kustomize keeps):
 * the locator resolves every path inside the kustomization's tree before it reads a file.
 */
export function takeKustomizeClaims(metadata: Record<string, unknown>): KustomizeClaims | undefined {
  const annotations = metadata.annotations;
  if (!annotations || typeof annotations !== "object" || Array.isArray(annotations)) return undefined;
  const a = annotations as Record<string, unknown>;
  const origin = record(parsed(a[ORIGIN]));
  const transformations = parsed(a[TRANSFORMATIONS]);
  delete a[ORIGIN];
  delete a[TRANSFORMATIONS];
  if (Object.keys(a).length === 0) delete metadata.annotations;
  const patchedBy = Array.isArray(transformations) ? transformations.flatMap(patchKustomization) : [];
  if (!origin && patchedBy.length === 0) return undefined;
  const path = text(origin?.path);
  const configuredIn = text(origin?.configuredIn);
  return {
    ...(path !== undefined ? { path } : {}),
    ...(configuredIn !== undefined ? { configuredIn } : {}),
    ...(origin?.repo !== undefined ? { remote: true } : {}),
    patchedBy: [...new Set(patchedBy)],
  };
}

/** The kustomization a patch transformer was configured in (only patches write keys a finding can be on). */
function patchKustomization(entry: unknown): string[] {
  const e = record(entry);
  const by = record(e?.configuredBy);
  const file = text(e?.configuredIn);
  return file !== undefined && by?.apiVersion === "builtin" && typeof by.kind === "string" && /^Patch\w*Transformer$/.test(by.kind) ? [file] : [];
}

/** An annotation value is a string of YAML; anything else (or too long, or malformed) claims nothing. */
function parsed(value: unknown): unknown {
  if (typeof value !== "string" || value.length > MAX_ANNOTATION_CHARS) return undefined;
  try {
    return parseYaml(value, { schema: CORE_SCHEMA, json: true });
  } catch {
    return undefined;
  }
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}
