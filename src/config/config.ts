import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Ajv } from "ajv";
import { ajvModule } from "../util/on-demand";
import type { ErrorObject } from "ajv";
import type { parseDocument } from "yaml";
import { yamlModule } from "../util/on-demand";
import configSchema from "../../schema/trustlint-config.schema.json";
import { KNOWLEDGE_SCHEMA } from "../model/knowledge";
import type { KnowledgeAdditions } from "../model/knowledge";
import type { Severity } from "../model/types";
import { resolveRender } from "./renders";
import type { RenderSpec } from "./renders";
import { UserError } from "../util/errors";
import { addPatternKeyword } from "./patterns";

export type Level = Severity | "off";

export interface RuleConfig {
  readonly level?: Level;
  readonly options?: Record<string, unknown>;
}

export interface IgnoreEntry {
  readonly rule: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly paths?: readonly string[];
  readonly reason: string;
  readonly expires?: string;
  /** Where the entry is written, for messages ("file:line"). */
  readonly where: string;
}

export interface Config {
  readonly file: string | undefined;
  readonly rules: ReadonlyMap<string, RuleConfig>;
  readonly ignore: readonly IgnoreEntry[];
  /** The render matrix (`renders:`), with paths resolved against the config file's directory. */
  readonly renders?: readonly RenderSpec[];
  /** `groups:` targets installed together, with paths resolved against the config file's directory. */
  readonly groups?: readonly TargetGroup[];
  readonly clusterDomain?: string;
  /** `now:` — the instant certificates are judged at (src/engine/now.ts). */
  readonly now?: string;
  readonly kubeVersion?: string;
  readonly failLevel?: Severity | "none";
  /** The `knowledge:` section: image, component, controller and server entries and CA settings every rule shares. */
  readonly knowledge?: KnowledgeAdditions;
  /** `exclude:` globs, absolute (resolved against the config file's directory). */
  readonly exclude?: readonly string[];
  /** `discover:`: how directory targets are searched. */
  readonly discover?: { readonly valuesFiles?: boolean };
  /** "file:line" of a key path in the config, for error messages about it. */
  where(path: readonly (string | number)[]): string;
}

/** Targets linted as one cluster. */
export interface TargetGroup {
  readonly name: string;
  /** Absolute paths. */
  readonly targets: readonly string[];
  readonly where: string;
}

export const CONFIG_NAMES = [".trustlint.yaml", ".trustlint.yml"];

export const EMPTY_CONFIG: Config = { file: undefined, rules: new Map(), ignore: [], where: () => "config" };

/** The nearest config file at or above `start` (a file or a directory), if any. */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const f = join(dir, name);
      if (existsSync(f)) return f;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let validate: ReturnType<Ajv["compile"]> | undefined;

/** Reads and validates a config file; every problem is a UserError naming the file, line and key. */
export function loadConfig(file: string, display: string): Config {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UserError("cannot read config file", display);
  }
  const lines = new (yamlModule().LineCounter)();
  const doc = yamlModule().parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new UserError(`malformed YAML in config: ${e.message.split("\n")[0]}`, `${display}:${pos.line}:${pos.col}`);
  }
  const js: unknown = doc.toJS();
  const value = js ?? {};
  const where = (path: readonly (string | number)[]): string => {
    const node = path.length ? doc.getIn(path, true) : doc.contents;
    const key = path.length ? keyNode(doc, path) : undefined;
    const range = (key as { range?: number[] } | undefined)?.range ?? (node as { range?: number[] } | undefined)?.range;
    return range ? `${display}:${lines.linePos(range[0]!).line}` : display;
  };
  // The knowledge entries' schemas live with their tables (one source); the file names the section.
  validate ??= addPatternKeyword(new (ajvModule().Ajv)({ allErrors: false, strict: false })).compile({ ...configSchema, properties: { ...configSchema.properties, knowledge: KNOWLEDGE_SCHEMA } });
  if (!validate(value)) {
    const err = validate.errors![0]!;
    const path = pointerToPath(err.instancePath);
    // An unknown key is best shown at the key itself.
    const at = err.keyword === "additionalProperties" ? [...path, String((err.params as { additionalProperty: string }).additionalProperty)] : path;
    throw new UserError(`invalid config: ${describeError(err, path, value)}`, where(at));
  }
  const v = value as {
    rules?: Record<string, Level | RuleConfig>;
    ignore?: Omit<IgnoreEntry, "where">[];
    clusterDomain?: string;
    now?: string;
    kubeVersion?: string;
    failLevel?: Severity | "none";
    knowledge?: KnowledgeAdditions;
    renders?: (Omit<RenderSpec, "values"> & { values?: string[] })[];
    groups?: { name: string; targets: string[] }[];
    exclude?: string[];
    discover?: { valuesFiles?: boolean };
  };
  checkExpiryDates(v, where);
  const rules = new Map<string, RuleConfig>();
  for (const [id, rc] of Object.entries(v.rules ?? {})) rules.set(id, typeof rc === "string" ? { level: rc } : rc);
  const renders = v.renders?.map((r, i) => resolveRender(r, dirname(file), (key, j) => where(["renders", i, key, j])));
  renders?.forEach((r, i) => {
    if (renders.findIndex((o) => o.name === r.name) !== i) throw new UserError(`invalid config: render name "${r.name}" is used twice`, where(["renders", i, "name"]));
  });
  const groups = v.groups?.map((g, i) => ({ name: g.name, targets: g.targets.map((t) => resolve(dirname(file), t)), where: where(["groups", i]) }));
  return {
    file: display,
    rules,
    ...(groups ? { groups } : {}),
    ignore: (v.ignore ?? []).map((e, i) => ({ ...e, where: where(["ignore", i]) })),
    ...(renders ? { renders } : {}),
    clusterDomain: v.clusterDomain,
    ...(v.now !== undefined ? { now: v.now } : {}),
    kubeVersion: v.kubeVersion,
    failLevel: v.failLevel,
    ...(v.knowledge ? { knowledge: v.knowledge } : {}),
    ...(v.exclude ? { exclude: v.exclude.map((g) => (isAbsolute(g) ? g : g.replace(/\/+$/, "").includes("/") ? join(dirname(file), g) : join(dirname(file), "**", g))) } : {}),
    ...(v.discover ? { discover: v.discover } : {}),
    where,
  };
}

function keyNode(doc: ReturnType<typeof parseDocument>, path: readonly (string | number)[]): unknown {
  const parent: unknown = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const items = (parent as { items?: { key?: { value?: unknown } }[] } | null)?.items;
  const last = path[path.length - 1];
  if (!items) return undefined;
  if (typeof last === "number") return items[last];
  return items.find((p) => p.key?.value === last)?.key;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string | number, unknown>)[k] : undefined), value);
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split("/").map((s) => {
    const u = s.replace(/~1/g, "/").replace(/~0/g, "~");
    return /^\d+$/.test(u) ? Number(u) : u;
  });
}

/**
 * An `expires` that is no day of the calendar (2026-02-30, 2026-13-01) would compare as a string
 * and expire on a day nobody chose: it is an error, like one that is not a date at all.
 */
function checkExpiryDates(config: { ignore?: { expires?: string }[] }, where: (path: readonly (string | number)[]) => string): void {
  (config.ignore ?? []).forEach((entry, i) => {
    if (entry.expires !== undefined && !isCalendarDay(entry.expires)) {
      throw new UserError(`invalid config: ignore.${i}.expires "${entry.expires}" is not a day of the calendar (YYYY-MM-DD)`, where(["ignore", i, "expires"]));
    }
  });
}

/** YYYY-MM-DD naming a day that exists (the schema has already checked the shape). */
export function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function describeError(err: ErrorObject, path: (string | number)[], config: unknown): string {
  const at = path.length ? path.join(".") : "(top level)";
  const params = err.params as Record<string, unknown>;
  // The one date in the config: say what is wanted, not the pattern that checks it.
  if (err.keyword === "pattern" && path[path.length - 1] === "expires") return `${at} "${String(valueAt(config, path))}" is not a date: write YYYY-MM-DD`;
  switch (err.keyword) {
    case "additionalProperties":
      return `unknown key "${String(params.additionalProperty)}" in ${at}`;
    case "enum":
      return `${at} must be one of ${(params.allowedValues as unknown[]).join(", ")}`;
    case "oneOf":
      return `${at} must be a level (off, info, warning, error) or {level, options}`;
    case "required":
      return `${at} needs "${String(params.missingProperty)}"`;
    default:
      return `${at} ${err.message ?? "is invalid"}`;
  }
}
