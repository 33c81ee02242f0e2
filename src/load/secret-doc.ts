/**
 * Whether a parsed document carries a Secret, decided on the value the parser built, never on
 * the text: `kind` may be written through an anchor and alias, a tag (`!!str Secret`), an escape
 * (`"Secr\x65t"`) or sit in a List item, and all of these parse to the string "Secret".
 */

/** True when `value`, or any mapping inside it (a List's items, a List in a List), is a Secret. */
export function holdsSecret(value: unknown): boolean {
  let found = false;
  walk(value, (record) => {
    if (record.kind === "Secret") found = true;
    return found;
  });
  return found;
}

/**
 * Every mapping key of a parsed document that is not inside a Secret's value: the keys of the
 * objects, their metadata, and the key names of a Secret's `data` and `stringData` (which rules
 * show anyway), but no key of a mapping written where a Secret value goes. A warning may name a
 * key from this set.
 */
export function keysOutsideSecretValues(value: unknown): Set<string> {
  const keys = new Set<string>();
  walk(value, (record) => {
    const secret = record.kind === "Secret";
    for (const key of Object.keys(record)) {
      keys.add(key);
      if (secret && (key === "data" || key === "stringData")) {
        const entries = record[key];
        if (entries && typeof entries === "object" && !Array.isArray(entries)) for (const name of Object.keys(entries)) keys.add(name);
      }
    }
    return false;
  }, (record, key) => record.kind === "Secret" && (key === "data" || key === "stringData"));
  return keys;
}

/**
 * Visits every mapping of `value` once (a node shared by aliases is one object: visited once, so
 * an alias bomb costs what it is written as, not what it expands to), depth first, without
 * recursion (a document may nest a thousand levels). `visit` returning true stops the walk;
 * `skip` keeps the walk out of a mapping's value.
 */
function walk(value: unknown, visit: (record: Record<string, unknown>) => boolean, skip?: (record: Record<string, unknown>, key: string) => boolean): void {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    const record = v as Record<string, unknown>;
    if (visit(record)) return;
    for (const [key, child] of Object.entries(record)) if (!skip?.(record, key)) stack.push(child);
  }
}
