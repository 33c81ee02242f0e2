import { CORE_SCHEMA, YAMLException, load as parseYaml, mergeTag } from "js-yaml";
import { UserError } from "../util/errors";
import type { DocumentOrigin, K8sObject, LoadedDocument, SecretKeyFacts } from "../model/types";
import { isClusterScoped } from "../model/scope";
import { splitDocuments } from "./split";

/** Something about the input that is worth saying but does not stop the lint. */
export interface LoadWarning {
  readonly where: string;
  readonly message: string;
}

export interface LoadResult {
  readonly objects: K8sObject[];
  readonly warnings: LoadWarning[];
  /** Documents seen, including the ones that were not Kubernetes objects. */
  readonly documents: number;
}

/** One stream of YAML text to load, and where it came from. */
export interface Stream {
  readonly text: string;
  readonly origin: DocumentOrigin;
}

// Kubernetes YAML (go-yaml) honours merge keys; the core schema keeps timestamps as strings.
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);
// Bounds for hostile input: nesting depth and alias count per document.
const MAX_DEPTH = 1000;
const MAX_ALIASES = 10_000;

const PEM_CERT = /-----BEGIN (?:TRUSTED )?CERTIFICATE-----/g;

/** Loads every stream into objects. Documents are numbered across streams in order. */
export function loadStreams(streams: readonly Stream[], defaultNamespace: string, startSeq = 0): LoadResult {
  const objects: K8sObject[] = [];
  const warnings: LoadWarning[] = [];
  let documents = 0;
  let seq = startSeq;
  for (const stream of streams) {
    const text = normalise(stream.text);
    const raws = splitDocuments(text);
    raws.forEach((raw, index) => {
      documents++;
      const origin: DocumentOrigin = raw.helmSource ? { ...stream.origin, helmSource: raw.helmSource } : stream.origin;
      const doc: LoadedDocument = { origin, text: raw.text, lineOffset: raw.lineOffset, index };
      const value = parseDocument(doc);
      const where = describe(doc, 0);
      if (value === null || value === undefined) return;
      if (typeof value !== "object" || Array.isArray(value)) {
        warnings.push({ where, message: `document is a ${Array.isArray(value) ? "list" : "scalar"}, not a Kubernetes object; skipped` });
        return;
      }
      const record = value as Record<string, unknown>;
      if (isList(record)) {
        (record.items as unknown[]).forEach((item, i) => {
          const o = toObject(item, doc, ["items", i], seq, defaultNamespace, warnings);
          if (o) { objects.push(o); seq++; }
        });
        return;
      }
      const o = toObject(record, doc, [], seq, defaultNamespace, warnings);
      if (o) { objects.push(o); seq++; }
    });
  }
  return { objects, warnings, documents };
}

/** Strips a UTF-8 BOM and CR line ends so that lines and columns match what editors show. */
function normalise(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes("\r") ? noBom.replace(/\r\n?/g, "\n") : noBom;
}

function parseDocument(doc: LoadedDocument): unknown {
  try {
    return parseYaml(doc.text, { schema: SCHEMA, maxDepth: MAX_DEPTH, maxAliases: MAX_ALIASES, filename: doc.origin.file });
  } catch (err) {
    if (err instanceof YAMLException) {
      const line = err.mark ? err.mark.line : 0;
      const col = err.mark ? err.mark.column : 0;
      throw new UserError(`malformed YAML: ${err.reason}`, describe(doc, line, col));
    }
    if (err instanceof RangeError) throw new UserError("YAML nested too deeply to load", describe(doc, 0));
    throw err;
  }
}

/** "file:line[:col]" for a position inside a document, using the Helm template name when known. */
export function describe(doc: LoadedDocument, line: number, col?: number): string {
  const file = doc.origin.helmSource ?? doc.origin.file;
  const l = doc.lineOffset + line + 1;
  return col === undefined ? `${file}:${l}` : `${file}:${l}:${col + 1}`;
}

function isList(v: Record<string, unknown>): boolean {
  return typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items);
}

function toObject(value: unknown, doc: LoadedDocument, pathPrefix: (string | number)[], seq: number, defaultNamespace: string, warnings: LoadWarning[]): K8sObject | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const apiVersion = raw.apiVersion;
  const kind = raw.kind;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !apiVersion || !kind) {
    warnings.push({ where: describe(doc, 0), message: "document has no apiVersion/kind; skipped" });
    return undefined;
  }
  const metadata = (raw.metadata && typeof raw.metadata === "object" ? raw.metadata : {}) as Record<string, unknown>;
  const name = typeof metadata.name === "string" ? metadata.name : typeof metadata.generateName === "string" ? metadata.generateName : "";
  const namespace = isClusterScoped(kind) ? undefined : typeof metadata.namespace === "string" && metadata.namespace ? metadata.namespace : defaultNamespace;
  if (doc.origin.via === "kustomize") stripOriginAnnotation(metadata);
  const base = { seq, apiVersion, kind, name, namespace, raw, doc, pathPrefix };
  if (kind === "Secret" && apiVersion === "v1") return { ...base, ...redactSecret(raw) };
  return base;
}

/** The wrapper kustomization's build-metadata annotations are ours, not the user's: removed. */
function stripOriginAnnotation(metadata: Record<string, unknown>): void {
  const annotations = metadata.annotations as Record<string, unknown> | undefined;
  if (!annotations || typeof annotations !== "object") return;
  delete annotations["config.kubernetes.io/origin"];
  delete annotations["alpha.config.kubernetes.io/transformations"];
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
}

/**
 * Drops every value of a Secret, keeping only what rules may ask (the keys, how many PEM
 * certificates each holds). After this, no Secret value exists anywhere in the model, so no
 * output format, message or debug line can leak one.
 */
function redactSecret(raw: Record<string, unknown>): { raw: Record<string, unknown>; secretKeys: Map<string, SecretKeyFacts> } {
  const facts = new Map<string, SecretKeyFacts>();
  const redacted: Record<string, unknown> = { ...raw };
  for (const field of ["data", "stringData"] as const) {
    const data = raw[field];
    if (!data || typeof data !== "object" || Array.isArray(data)) continue;
    const kept: Record<string, string> = {};
    for (const [key, v] of Object.entries(data as Record<string, unknown>)) {
      const text = typeof v !== "string" ? "" : field === "data" ? decodeBase64(v) : v;
      facts.set(key, { pemCertificates: (text.match(PEM_CERT) ?? []).length, bytes: text.length });
      kept[key] = "";
    }
    redacted[field] = kept;
  }
  return { raw: redacted, secretKeys: facts };
}

function decodeBase64(v: string): string {
  try {
    return Buffer.from(v.replace(/\s+/g, ""), "base64").toString("latin1");
  } catch {
    return "";
  }
}
