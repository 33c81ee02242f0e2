import type { PathStep } from "../model/types";
import { isOperand, resolveOperand, splitTop } from "./template-expr";
import type { Scope } from "./template-expr";

/**
 * Which branch of an `if`/`with` the render took, when the values files decide it. Charts write
 * the same key in both branches of a condition (zookeeper's ZOO_SERVERS from a values list or
 * built from clusterDomain, loki's `data:` of a Secret or of a ConfigMap): the rendered text
 * often matches both, and only the condition tells which line wrote it.
 *
 * Conditions are evaluated three-valued: true, false, or undefined when anything in them is not
 * known here (a variable set by an assignment, an `include`, a function not listed, a value a
 * `--set` flag sets). Only a decided condition ever excludes a branch.
 */

/** What a condition can read: the values files, and whether they decide a path. */
export interface ConditionValues {
  value(path: readonly PathStep[]): unknown;
  decided(path: readonly PathStep[]): boolean;
}

/** An evaluated operand: a known value, or nothing known. */
type Known = { readonly value: unknown } | undefined;

const UNKNOWN: Known = undefined;

/** Go template truthiness: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** The truth of a condition (`if`/`with` argument), or undefined when it cannot be told. */
export function evalCondition(expr: string, scope: Scope, values: ConditionValues): boolean | undefined {
  const known = evalPipeline(expr.trim(), scope, values);
  return known ? truthy(known.value) : undefined;
}

/**
 * Whether branch `branch` of a block whose clauses are `clauses` (the opening argument, then
 * each `else` clause's text after `else`: "" or "if X" or "with X") is the one the render
 * took: false when an earlier clause is true or its own is false, undefined when not decided.
 */
export function branchTaken(kind: "if" | "with", clauses: readonly string[], branch: number, scope: Scope, values: ConditionValues): boolean | undefined {
  let decided = true;
  for (let j = 0; j <= branch && j < clauses.length; j++) {
    const clause = j === 0 ? clauses[0]! : clauses[j]!.replace(/^(?:if|with)\b\s*/, "");
    // A plain `else`: taken when every earlier clause is false.
    if (j > 0 && clause === "") continue;
    const pipeline = (j === 0 ? kind === "with" : /^with\b/.test(clauses[j]!)) ? withPipeline(clause) : clause;
    const truth = evalCondition(pipeline, scope, values);
    if (j < branch && truth === true) return false;
    if (j === branch && truth === false) return false;
    if (truth === undefined) decided = false;
  }
  return decided ? true : undefined;
}

/** `$v := X` → X. */
function withPipeline(clause: string): string {
  const m = /^\$\w+\s*:?=\s*([\s\S]*)$/.exec(clause.trim());
  return m ? m[1]! : clause;
}

function evalPipeline(text: string, scope: Scope, values: ConditionValues): Known {
  const commands = splitTop(text.replace(/\s+/g, " "), "|").map((c) => c.trim()).filter(Boolean);
  if (commands.length === 0) return UNKNOWN;
  let known = evalCommand(commands[0]!, scope, values, undefined);
  // `x | not`, `x | empty`, `x | default y`: the piped value is the last argument.
  for (const c of commands.slice(1)) known = known ? evalCommand(c, scope, values, known) : UNKNOWN;
  return known;
}

function evalCommand(command: string, scope: Scope, values: ConditionValues, piped: Known | undefined): Known {
  const words = splitTop(command, " ").map((w) => w.trim()).filter(Boolean);
  if (words.length === 0) return UNKNOWN;
  const head = words[0]!;
  const args: Known[] = words.slice(1).map((w) => evalOperand(w, scope, values));
  if (piped) args.push(piped);
  if (words.length === 1 && !piped) return evalOperand(head, scope, values);
  const all = (f: (vs: unknown[]) => unknown): Known => (args.every((a) => a !== undefined) ? { value: f(args.map((a) => a.value)) } : UNKNOWN);
  switch (head) {
    case "not":
      return args.length === 1 && args[0] ? { value: !truthy(args[0].value) } : UNKNOWN;
    case "empty":
      return args.length === 1 && args[0] ? { value: !truthy(args[0].value) } : UNKNOWN;
    case "and": {
      // Go's `and` stops at the first false argument: one known false decides it.
      for (const a of args) {
        if (!a) return args.some((b) => b && !truthy(b.value)) ? { value: false } : UNKNOWN;
        if (!truthy(a.value)) return { value: a.value };
      }
      return args.length ? { value: args[args.length - 1]!.value } : UNKNOWN;
    }
    case "or": {
      for (const a of args) {
        if (!a) return args.some((b) => b && truthy(b.value)) ? { value: true } : UNKNOWN;
        if (truthy(a.value)) return { value: a.value };
      }
      return args.length ? { value: args[args.length - 1]!.value } : UNKNOWN;
    }
    case "eq":
      return all((vs) => vs.slice(1).some((v) => scalarEqual(vs[0], v)));
    case "ne":
      return all((vs) => vs.length === 2 && !scalarEqual(vs[0], vs[1]));
    case "kindIs":
      return all((vs) => typeof vs[0] === "string" && kindOf(vs[1]) === vs[0]);
    case "hasKey":
      return all((vs) => vs[0] !== null && typeof vs[0] === "object" && !Array.isArray(vs[0]) && typeof vs[1] === "string" && vs[1] in (vs[0]));
    case "default":
      // `default D X`: X when it is truthy, else D.
      return args.length === 2 && args[1] && truthy(args[1].value) ? args[1] : args.length === 2 && args[0] && args[1] ? args[0] : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

function evalOperand(word: string, scope: Scope, values: ConditionValues): Known {
  if (word === "true" || word === "false") return { value: word === "true" };
  if (word === "nil") return { value: null };
  if (/^-?\d+(\.\d+)?$/.test(word)) return { value: Number(word) };
  const quoted = /^"((?:[^"\\]|\\.)*)"$|^`([^`]*)`$/.exec(word);
  if (quoted) return { value: quoted[2] ?? quoted[1]!.replace(/\\(.)/g, "$1") };
  if (word.startsWith("(") && word.endsWith(")")) return evalPipeline(word.slice(1, -1), scope, values);
  if (!isOperand(word)) return UNKNOWN;
  const binding = resolveOperand(word, scope);
  if (binding?.kind === "literal") return { value: binding.value };
  if (binding?.kind !== "values" || !values.decided(binding.path)) return UNKNOWN;
  const v = values.value(binding.path);
  return { value: v === undefined ? null : v };
}

function scalarEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === "object" || typeof b === "object") return false;
  return a === b;
}

/** Sprig's kindIs names for a YAML value. */
function kindOf(v: unknown): string {
  if (v === null || v === undefined) return "invalid";
  if (Array.isArray(v)) return "slice";
  if (typeof v === "object") return "map";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  // Helm reads values files through JSON: every number is a float64.
  return "float64";
}
