/**
 * Flow collections closed at their key's column, as Helm charts write them (minio's
 * `command: [` ... `]` with the `]` under `command`, kept by Loki's chart as a dependency):
 *
 *     command: [
 *       "/bin/sh",
 *     ]
 *
 * YAML 1.2 wants every line of a flow collection indented deeper than its parent, and js-yaml
 * refuses the closing bracket with "deficient indentation"; go-yaml, which kubectl and the API
 * server use, accepts it, so the manifest applies. The closing bracket alone on its line is moved
 * right until the parser takes it: only white space before `]` or `}` is added, so lines stay
 * where they were and no value changes (a bracket inside a block scalar is never touched: the
 * parser reports it only where it reads it as flow syntax). Anything else stays an error.
 */
import { YAMLException } from "js-yaml";

/** Repairs tried per document: each moves one bracket one column, so this bounds the re-parses. */
const MAX_REPAIRS = 16;

/**
 * The text with its closing brackets indented until `parse` takes them, or undefined when the
 * first error is not a closing bracket at the start of its line (or the repairs run out).
 * `parse` is called only after a first parse failed with `firstError`.
 */
export function indentFlowClosers(text: string, firstError: unknown, parse: (text: string) => void): string | undefined {
  let current = text;
  let err = firstError;
  for (let i = 0; i < MAX_REPAIRS; i++) {
    const at = closerAt(current, err);
    if (at === undefined) return undefined;
    current = `${current.slice(0, at)} ${current.slice(at)}`;
    try {
      parse(current);
      return current;
    } catch (again) {
      // Another kind of error (a duplicate key, ...) is the document's own: the caller reports it on the repaired text.
      if (!isDeficientIndentation(again)) return current;
      err = again;
    }
  }
  return undefined;
}

/** Where to insert a space: before a `]` or `}` that is the first thing on its line and that the parser found under-indented. */
function closerAt(text: string, err: unknown): number | undefined {
  if (!isDeficientIndentation(err) || !err.mark) return undefined;
  const at = err.mark.position;
  const ch = text[at];
  if (ch !== "]" && ch !== "}") return undefined;
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return /^ *$/.test(text.slice(lineStart, at)) ? at : undefined;
}

function isDeficientIndentation(err: unknown): err is YAMLException {
  return err instanceof YAMLException && err.reason === "deficient indentation";
}
