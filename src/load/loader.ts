import { embeddedSwitchLines, embeddedSwitchesFor } from "../knowledge/verification-switches";
import { EVENT_ID, YAMLException, constructFromEvents, load as parseYaml, parseEvents } from "js-yaml";
import type { Event } from "js-yaml";
import { UserError } from "../util/errors";
import type { DocumentOrigin, K8sObject, LoadedDocument, PemSite, SecretKeyFacts } from "../model/types";
import { documentFile } from "../model/types";
import { isClusterScoped } from "../model/scope";
import { MAX_EXPANDED_NODES, aliasProblem, mayHaveAliases } from "./aliases";
import { PemCollector, isCertificateKey, mayHoldPem, pemSitesOf } from "./pem";
import { takeKustomizeClaims } from "./kustomize-claims";
import { MAX_ALIASES, MAX_DEPTH } from "./limits";
import { MANIFEST_SCHEMA } from "./schema";
import { holdsSecret, keysOutsideSecretValues } from "./secret-doc";
import { splitDocuments } from "./split";
import type { RawDocument } from "./split";
import { describeYamlReason } from "./yaml-errors";
import { indentFlowClosers } from "./flow-closers";
import { groupThousands } from "../util/numbers";

export { MAX_ALIASES, MAX_DEPTH };

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

const PEM_CERT = /-----BEGIN (?:TRUSTED )?CERTIFICATE-----/g;

/** Loads every stream into objects. Documents are numbered across streams in order. */
export function loadStreams(streams: readonly Stream[], defaultNamespace: string, startSeq = 0): LoadResult {
  const objects: K8sObject[] = [];
  const warnings: LoadWarning[] = [];
  let documents = 0;
  let seq = startSeq;
  const pem = new PemCollector();
  for (const stream of streams) {
    const text = normalise(stream.text);
    const raws = splitDocuments(text);
    const whole = parseWhole(text, raws);
    // One origin per Helm template, shared by its documents (not a copy per document).
    const origins = new Map<string, DocumentOrigin>();
    const originOf = (helmSource: string | undefined): DocumentOrigin => {
      if (!helmSource) return stream.origin;
      let o = origins.get(helmSource);
      if (!o) origins.set(helmSource, (o = { ...stream.origin, helmSource }));
      return o;
    };
    raws.forEach((raw, index) => {
      documents++;
      let doc: LoadedDocument = { origin: originOf(raw.helmSource), text: raw.text, lineOffset: raw.lineOffset, index };
      let value: unknown;
      if (whole) value = whole.aliased[index] ? checkAliases(doc, whole.values[index]) : whole.values[index];
      else ({ value, doc } = parseDocument(doc, warnings));
      const where = describe(doc, 0);
      if (value === null || value === undefined) return;
      if (typeof value !== "object" || Array.isArray(value)) {
        warnings.push({ where, message: `document is a ${Array.isArray(value) ? "list" : "scalar"}, not a Kubernetes object; skipped` });
        return;
      }
      const record = value as Record<string, unknown>;
      if (isList(record)) {
        (record.items as unknown[]).forEach((item, i) => {
          const o = toObject(item, doc, ["items", i], seq, defaultNamespace, warnings, pem);
          if (o) { objects.push(o); seq++; }
        });
        return;
      }
      const o = toObject(record, doc, [], seq, defaultNamespace, warnings, pem);
      if (o) { objects.push(o); seq++; }
    });
  }
  pem.linkSignatures();
  return { objects, warnings, documents };
}

/** Strips a UTF-8 BOM and CR line ends so that lines and columns match what editors show. */
function normalise(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes("\r") ? noBom.replace(/\r\n?/g, "\n") : noBom;
}

/**
 * Parses one document. A duplicate key is a warning, not an error: `helm install` keeps the
 * last value (Kustomize, Flux and kubectl reject the document), so the object is linted as Helm
 * would apply it. Any error names the file, line and column, and never quotes the document
 * (yaml-errors.ts); the warning names the key only when it is not inside a Secret's value,
 * judged on the parsed document.
 */
function parseDocument(doc: LoadedDocument, warnings: LoadWarning[]): { value: unknown; doc: LoadedDocument } {
  const options = { schema: MANIFEST_SCHEMA, maxDepth: MAX_DEPTH, maxAliases: MAX_ALIASES, filename: doc.origin.file };
  let value: unknown;
  try {
    value = parseYaml(doc.text, options);
  } catch (err) {
    // A closing bracket at its key's column: kubectl applies it, so the repaired text is the document (flow-closers.ts).
    const repaired = indentFlowClosers(doc.text, err, (text) => parseYaml(text, options));
    if (repaired !== undefined) return parseDocument({ ...doc, text: repaired }, warnings);
    if (!(err instanceof YAMLException && err.reason === "duplicated mapping key")) throw loadError(doc, err);
    try {
      value = parseYaml(doc.text, { ...options, json: true });
    } catch (again) {
      throw loadError(doc, again);
    }
    warnings.push({ where: describe(doc, err.mark?.line ?? 0, err.mark?.column ?? 0), message: duplicateKeyMessage(doc.text, err.mark?.position, value) });
  }
  return { value: checkAliases(doc, value), doc };
}

/** Refuses a value whose aliases form a cycle or expand beyond bounds (aliases.ts). */
function checkAliases(doc: LoadedDocument, value: unknown): unknown {
  if (mayHaveAliases(doc.text)) {
    const problem = aliasProblem(value);
    if (problem?.kind === "cycle") throw new UserError("YAML alias refers to a node that contains it (a recursive alias); trustlint refuses it, as kubectl does", describe(doc, 0));
    if (problem?.kind === "bomb") {
      throw new UserError(`YAML aliases expand this document to more than ${groupThousands(MAX_EXPANDED_NODES)} nodes (an alias bomb); trustlint refuses it, as kubectl does`, describe(doc, 0));
    }
  }
  return value;
}

/**
 * The fast path: the stream parsed in a few large pieces, as a bare `loadAll` would parse it
 * (one pass instead of one parser run per document, which costs twice as much on a large
 * render), each value matched to its split document by where its first node starts. Anything
 * unusual (a parse error, a duplicate key, a limit reached, a document the split and the parser
 * see differently) returns undefined, and every document of the stream takes the per-document
 * path, which reports precisely and warns. `aliased` marks the documents that hold an alias,
 * the only ones the alias checks need to walk.
 */
function parseWhole(text: string, raws: readonly RawDocument[]): { values: unknown[]; aliased: boolean[] } | undefined {
  if (raws.length < 2) return undefined;
  const out: unknown[] = new Array<unknown>(raws.length).fill(null);
  const assigned: boolean[] = new Array<boolean>(raws.length).fill(false);
  const aliased: boolean[] = new Array<boolean>(raws.length).fill(false);
  for (const [from, to] of pieces(text, raws)) {
    if (!parsePiece(text.slice(from, to), from, raws, out, assigned, aliased)) return undefined;
  }
  // A split document the parser found nothing in must be an explicit null (`~`), or the two disagree.
  for (let i = 0; i < raws.length; i++) {
    if (!assigned[i] && !/^(?:~|null|Null|NULL)?$/.test(raws[i]!.text.replace(/^\s*#.*$/gm, "").trim())) return undefined;
  }
  return { values: out, aliased };
}

/** Text per parser run on the fast path (about 100,000 parser events). */
const PIECE_CHARS = 1 << 20;

/**
 * Where the stream is cut for the fast path: at document starts, about every PIECE_CHARS. The
 * parser's events of a whole large render (7.5 million at 50,000 objects) held at once were most
 * of the lint's peak memory, and each is garbage once its piece is built. A split document is
 * independent of the others except through directives (`%TAG`), which precede the `---` of
 * their document and so would fall into the piece before: a stream with one is one piece.
 */
export function pieces(text: string, raws: readonly RawDocument[]): [from: number, to: number][] {
  if (text.length <= PIECE_CHARS || /^%/m.test(text)) return [[0, text.length]];
  const out: [number, number][] = [];
  let from = 0;
  for (const raw of raws) {
    if (raw.offset - from >= PIECE_CHARS) {
      out.push([from, raw.offset]);
      from = raw.offset;
    }
  }
  out.push([from, text.length]);
  return out;
}

/**
 * Parses one piece of the stream (starting at stream offset `base`) and files each document's
 * value under its split document; false when the parser and the split disagree or it fails.
 */
function parsePiece(piece: string, base: number, raws: readonly RawDocument[], out: unknown[], assigned: boolean[], aliased: boolean[]): boolean {
  let events: Event[];
  let values: unknown[];
  try {
    events = parseEvents(piece, { maxDepth: MAX_DEPTH });
    values = constructFromEvents(events, { schema: MANIFEST_SCHEMA, maxAliases: MAX_ALIASES, source: piece });
  } catch {
    return false;
  }
  let document = -1;
  let first = false;
  let current = -1; // the split document the parser's current document was matched to
  // An indexed loop: a large render has millions of events, and an iterator per loop adds up.
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === EVENT_ID.DOCUMENT) {
      document++;
      first = true;
      current = -1;
      continue;
    }
    if (e.type === EVENT_ID.ALIAS && current >= 0) aliased[current] = true;
    if (!first) continue;
    first = false;
    const at = eventStart(e);
    if (at < 0) continue; // An empty document: null, nothing to match.
    const r = rawAt(raws, base + at);
    if (r === undefined || assigned[r]) return false;
    out[r] = values[document];
    assigned[r] = true;
    current = r;
    if (e.type === EVENT_ID.ALIAS) aliased[r] = true;
  }
  return true;
}

function eventStart(e: Event): number {
  if (e.type === EVENT_ID.SCALAR) return e.valueStart >= 0 ? e.valueStart : Math.max(e.tagStart, e.anchorStart);
  if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE || e.type === EVENT_ID.ALIAS) return "start" in e ? e.start : e.anchorStart;
  return -1;
}

/** The split document whose text holds stream offset `at` (documents are in stream order). */
function rawAt(raws: readonly RawDocument[], at: number): number | undefined {
  let lo = 0;
  let hi = raws.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (raws[mid]!.offset <= at) lo = mid;
    else hi = mid - 1;
  }
  const raw = raws[lo]!;
  return at >= raw.offset && at < raw.offset + raw.text.length ? lo : undefined;
}

/**
 * The one-line error for a document that does not load. A document that does not parse cannot
 * be asked whether it is a Secret, so nothing of any document is quoted: where (file, line,
 * column) and the class of the problem only.
 */
function loadError(doc: LoadedDocument, err: unknown): UserError {
  if (err instanceof YAMLException) {
    if (err.reason === COMPLEX_KEY) {
      // The parser marks this construction error at the document's start: find the key itself.
      const at = complexKeyAt(doc.text);
      if (at !== undefined) {
        const { line, column } = lineColumn(doc.text, at);
        const unrendered = doc.text.slice(Math.max(0, at - 1), at + 1) === "{{" ? " (an unrendered template expression {{ ... }}?)" : "";
        return new UserError(`malformed YAML: a mapping key is a list or a mapping${unrendered}; Kubernetes manifests need scalar keys`, describe(doc, line, column));
      }
    }
    const where = err.mark ? describe(doc, err.mark.line, err.mark.column) : describe(doc, 0);
    return new UserError(describeYamlReason(err.reason), where);
  }
  if (err instanceof RangeError) return new UserError(`YAML nested too deeply to load (more than ${MAX_DEPTH} levels is refused)`, describe(doc, 0));
  return new UserError(`YAML parser failed on this document (${err instanceof Error ? err.name : "error"}; its message is not shown: it may quote the document)`, describe(doc, 0));
}

const COMPLEX_KEY = "object-based map does not support complex keys";

/**
 * Where the first mapping key that is itself a mapping or a sequence starts (`a: {{ b }}`: the
 * inner `{ b }`), from the parser's events, which the text yields although it cannot be built.
 */
function complexKeyAt(text: string): number | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  // Each open mapping counts its children: even counts are keys.
  const open: { map: boolean; children: number }[] = [];
  for (const e of events) {
    if (e.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    if (e.type === EVENT_ID.DOCUMENT) {
      open.push({ map: false, children: 0 });
      continue;
    }
    const parent = open[open.length - 1];
    const isKey = parent?.map === true && parent.children % 2 === 0;
    if (parent) parent.children++;
    if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) {
      if (isKey) return e.start;
      open.push({ map: e.type === EVENT_ID.MAPPING, children: 0 });
    }
  }
  return undefined;
}

function lineColumn(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  const nl = before.lastIndexOf("\n");
  return { line: before.split("\n").length - 1, column: at - nl - 1 };
}

// A key as written at the start of a duplicate: plain, double- or single-quoted.
const KEY_AT = /^(?:"((?:[^"\\\n]|\\.){1,200})"|'((?:[^'\n]|''){1,200})'|([^\s:#,[\]{}"'][^:#,[\]{}\n]{0,199}?))\s*:(?:\s|$)/;
const SHOWABLE_KEY = /^[\w./@-]{1,100}$/;

/** The duplicate's key is named when it reads as a key name and is no part of a Secret's value. */
function duplicateKeyMessage(text: string, position: number | undefined, parsed: unknown): string {
  const m = position === undefined ? null : KEY_AT.exec(text.slice(position, position + 260));
  const key = m ? (m[1] ?? m[2] ?? m[3] ?? "").trim() : "";
  const showable = SHOWABLE_KEY.test(key) && (!holdsSecret(parsed) || keysOutsideSecretValues(parsed).has(key));
  const named = showable ? ` "${key}"` : "";
  return `duplicate mapping key${named}: the last value is used, as helm install does (kubectl apply, Kustomize and Flux reject the document)`;
}

/** "file:line[:col]" for a position inside a document (documentFile). */
export function describe(doc: LoadedDocument, line: number, col?: number): string {
  const file = documentFile(doc.origin);
  const l = doc.lineOffset + line + 1;
  return col === undefined ? `${file}:${l}` : `${file}:${l}:${col + 1}`;
}

function isList(v: Record<string, unknown>): boolean {
  return typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items);
}

function toObject(value: unknown, doc: LoadedDocument, pathPrefix: (string | number)[], seq: number, defaultNamespace: string, warnings: LoadWarning[], pem: PemCollector): K8sObject | undefined {
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
  // Each object of a kustomize build says where it came from in its own annotations.
  const claims = doc.origin.via === "kustomize" ? takeKustomizeClaims(metadata) : undefined;
  const located = claims ? { ...doc, origin: { ...doc.origin, kustomizeClaims: claims } } : doc;
  const base = { seq, apiVersion, kind, name, namespace, raw, doc: located, pathPrefix };
  // Every object of kind Secret, whatever its apiVersion: the model looks Secrets up by kind.
  if (kind === "Secret") return { ...base, ...redactSecret(raw, pem) };
  if (kind !== "ConfigMap" && !mayHoldPem(doc.text)) return base;
  const sites = pemSitesOf(kind, raw, pem);
  return sites.length ? { ...base, pem: sites } : base;
}

/**
 * Drops every value of a Secret, keeping only what rules may ask (the keys, how many PEM
 * certificates each holds, and the X.509 facts of the PEM in it). After this, no Secret value
 * exists anywhere in the model, so no output format, message or debug line can leak one.
 */
function redactSecret(raw: Record<string, unknown>, pem: PemCollector): { raw: Record<string, unknown>; secretKeys: Map<string, SecretKeyFacts>; pem?: PemSite[] } {
  const facts = new Map<string, SecretKeyFacts>();
  const switchRows = embeddedSwitchesFor("Secret", asLabels(raw.metadata));
  const sites: PemSite[] = [];
  const redacted: Record<string, unknown> = { ...raw };
  for (const field of ["data", "stringData"] as const) {
    const data = raw[field];
    if (!data || typeof data !== "object" || Array.isArray(data)) continue;
    const kept: Record<string, string> = {};
    for (const [key, v] of Object.entries(data as Record<string, unknown>)) {
      const text = typeof v !== "string" ? "" : field === "data" ? decodeBase64(v) : v;
      const switches = embeddedSwitchLines(switchRows, key, text);
      facts.set(key, { pemCertificates: (text.match(PEM_CERT) ?? []).length, bytes: text.length, ...(switches.length ? { verificationSwitches: switches } : {}) });
      if (text.includes("-----BEGIN ") || (isCertificateKey(key) && text.trim())) sites.push({ path: [field, key], encoding: field === "data" ? "base64" : "text", facts: pem.read(text) });
      kept[key] = "";
    }
    redacted[field] = kept;
  }
  return sites.length ? { raw: redacted, secretKeys: facts, pem: sites } : { raw: redacted, secretKeys: facts };
}

function asLabels(metadata: unknown): Record<string, unknown> {
  const labels = metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>).labels : undefined;
  return labels && typeof labels === "object" && !Array.isArray(labels) ? (labels as Record<string, unknown>) : {};
}

function decodeBase64(v: string): string {
  try {
    return Buffer.from(v.replace(/\s+/g, ""), "base64").toString("latin1");
  } catch {
    return "";
  }
}
