import { join } from "node:path";
import { CORE_SCHEMA, load as parseYaml } from "js-yaml";
import { positionOf } from "../load/positions";
import type { JsonPath, LoadedDocument, PathStep } from "../model/types";
import { textPattern } from "./template-expr";

/**
 * Where a chart's values come from, for pointing at the line of values.yaml or of a `-f` file
 * that set a value the template wrote (`toYaml .Values.env`, `{{ .Values.caPath }}`).
 *
 * Precedence is Helm's: `--set*` flags, then the `-f` files (the last wins), then the chart's
 * values.yaml, then each subchart's own values.yaml. A subchart's values sit under its alias
 * (or name) in its parents' files; `global` sits at the top of every level.
 */

/** One chart on the way from the rendered chart to the template: the root has no alias. */
export interface ChartLevel {
  readonly dir: string;
  /** The key of this chart's values in its parent's values (alias, else name); undefined for the root. */
  readonly alias: string | undefined;
}

/** What the render was given. */
export interface ValuesInputs {
  /** `-f` files, absolute, in command-line order. */
  readonly files: readonly string[];
  /** Paths set on the command line (`--set a.b=1` → ["a", "b"]). */
  readonly setPaths: readonly JsonPath[];
}

export interface ValueHit {
  readonly file: string;
  /** The file's text (as read once, through the reader). */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The path inside the file (with the subchart's alias prefix). */
  readonly path: readonly PathStep[];
}

/** The values a template in one chart of the tree sees. */
export interface ValuesView {
  /** The value at a `.Values` path, from the first source (by precedence) that has it. */
  value(path: readonly PathStep[]): unknown;
  /**
   * Whether the files decide the value at `path`: false when a `--set` flag sets it (or a part
   * of it), whose value is not read here. An unset value the files decide is nil to a template.
   */
  decided(path: readonly PathStep[]): boolean;
  /**
   * The line that sets the value at `path`, when a file sets it (not `--set`) and what it sets
   * is consistent with `rendered` (when given): a wrong related location is worse than none.
   */
  locate(path: readonly PathStep[], rendered?: unknown): ValueHit | undefined;
}

interface ValuesFile {
  readonly doc: LoadedDocument;
  readonly data: unknown;
}

interface Source {
  readonly file: string;
  /** Where this chart's values live in the file. */
  readonly prefix: readonly PathStep[];
  /** A chart's own values.yaml: the chart directory, whose scope it is read through; undefined for a `-f` file the user named. */
  readonly chartDir: string | undefined;
}

export class ValuesFiles {
  private readonly files = new Map<string, ValuesFile | undefined>();

  /** `read(file, chartDir)`: a chart's values.yaml through the chart's scope, a `-f` file (no chartDir) as named. */
  constructor(private readonly read: (file: string, chartDir: string | undefined) => string | undefined) {}

  /** The view for a template of the chart at the end of `chain`. */
  view(chain: readonly ChartLevel[], inputs: ValuesInputs): ValuesView {
    const aliases = chain.slice(1).map((c) => c.alias ?? "");
    const sources = (path: readonly PathStep[]): Source[] => {
      const global = path[0] === "global";
      const out: Source[] = [];
      for (const f of [...inputs.files].reverse()) out.push({ file: f, prefix: global ? [] : aliases, chartDir: undefined });
      chain.forEach((level, i) => out.push({ file: join(level.dir, "values.yaml"), prefix: global ? [] : aliases.slice(i), chartDir: chain[0]!.dir }));
      return out;
    };
    const fromCommandLine = (path: readonly PathStep[]): boolean => {
      const full = path[0] === "global" ? path : [...aliases, ...path];
      return inputs.setPaths.some((s) => s.length <= full.length && s.every((step, i) => String(step) === String(full[i])));
    };
    const find = (path: readonly PathStep[]): { source: Source; file: ValuesFile; value: unknown } | undefined => {
      for (const source of sources(path)) {
        const file = this.load(source.file, source.chartDir);
        if (!file) continue;
        const value = get(file.data, [...source.prefix, ...path]);
        if (value !== undefined) return { source, file, value };
      }
      return undefined;
    };
    return {
      value: (path) => (fromCommandLine(path) ? undefined : find(path)?.value),
      decided: (path) => {
        const full = path[0] === "global" ? path : [...aliases, ...path];
        return !inputs.setPaths.some((s) => s.every((step, i) => i >= full.length || String(step) === String(full[i])));
      },
      locate: (path, rendered) => {
        if (fromCommandLine(path)) return undefined;
        const hit = find(path);
        if (!hit || (rendered !== undefined && !consistent(hit.value, rendered))) return undefined;
        const full = [...hit.source.prefix, ...path];
        const pos = positionOf(hit.file.doc, full);
        return pos.exact ? { file: hit.source.file, text: hit.file.doc.text, line: pos.line, column: pos.column, endLine: pos.endLine, endColumn: pos.endColumn, path: full } : undefined;
      },
    };
  }

  private load(file: string, chartDir: string | undefined): ValuesFile | undefined {
    const key = `${chartDir ?? ""}\u0000${file}`;
    if (!this.files.has(key)) {
      const text = this.read(file, chartDir);
      let loaded: ValuesFile | undefined;
      if (text !== undefined) {
        try {
          const data = parseYaml(text, { schema: CORE_SCHEMA, json: true });
          loaded = { doc: { origin: { via: "file", file }, text, lineOffset: 0, index: 0 }, data };
        } catch {
          // Helm would have refused a malformed values file; nothing to point at.
        }
      }
      this.files.set(key, loaded);
    }
    return this.files.get(key);
  }
}

function get(data: unknown, path: readonly PathStep[]): unknown {
  let cur = data;
  for (const step of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[String(step)];
  }
  return cur;
}

/**
 * Whether what a values file sets can be what was rendered: a scalar appears in the rendered
 * text (`--tls-ca={{ .Values.ca }}`), a structure is contained in the rendered one (toYaml), and
 * a string may render to anything (`tpl`).
 */
export function consistent(value: unknown, rendered: unknown): boolean {
  if (value === null || value === undefined) return rendered === null || rendered === undefined || rendered === "";
  if (typeof value !== "object") {
    if (typeof value === "string" && rendered !== null && typeof rendered === "object") return true;
    if (rendered === null || typeof rendered === "object") return false;
    // A value that is itself a template (rendered by `tpl`) matches what it can render to.
    const text = scalarText(rendered);
    if (typeof value === "string" && value.includes("{{")) return textPattern(value).matches(text) || text.includes(value);
    return text.includes(scalarText(value));
  }
  if (Array.isArray(value)) {
    return Array.isArray(rendered) && rendered.length === value.length && value.every((v, i) => consistent(v, rendered[i]));
  }
  if (rendered === null || typeof rendered !== "object" || Array.isArray(rendered)) return false;
  const r = rendered as Record<string, unknown>;
  // Keys whose value is null are dropped by Helm's merge; the rest must be there.
  return Object.entries(value as Record<string, unknown>).every(([k, v]) => v === null || consistent(v, r[k]));
}

function scalarText(v: unknown): string {
  if (typeof v === "string") return v;
  return typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? String(v) : "";
}

/** `--set a.b[0].c=1,d=2` → [["a","b",0,"c"], ["d"]]: the paths a set flag writes. */
export function setFlagPaths(flag: string): JsonPath[] {
  const out: JsonPath[] = [];
  let depth = 0;
  let cur = "";
  const parts: string[] = [];
  for (let i = 0; i < flag.length; i++) {
    const c = flag[i]!;
    if (c === "\\") {
      cur += c + (flag[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === "{") depth++;
    if (c === "}") depth--;
    if (c === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  for (const part of parts) {
    const eq = part.search(/(?<!\\)=/);
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    const path: PathStep[] = [];
    for (const seg of key.split(/(?<!\\)\./)) {
      const m = /^([^[]*)((?:\[\d+\])*)$/.exec(seg.replace(/\\\./g, "."));
      if (!m) continue;
      if (m[1]) path.push(m[1]);
      for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
    }
    if (path.length) out.push(path);
  }
  return out;
}
