/** Narrowing helpers for values of unknown shape, as everything in a manifest is. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const r = asRecord(v);
  if (!r) return out;
  for (const [k, val] of Object.entries(r)) {
    const s = asString(val);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/**
 * A read-only view of an untrusted object in the shape of a kubernetes-models type (`IPodSpec`,
 * `IService`, ...): the compiler knows the field names and which fields are objects, so a typo
 * or a wrong nesting fails to build, yet nothing is promised about the values — a manifest may
 * leave out any field or put anything in it. So every field is optional and read-only; a nested
 * object is again a view, walked with `?.` (which never throws on a JSON value of another type:
 * it yields undefined); a scalar or a list stays `unknown` until it is narrowed with the helpers
 * above (`asString`, `asArray`, ...). Where the presence of a nested object decides something,
 * ask `mapping()`: the manifest may hold a string where the type says object.
 */
export type UntrustedView<T> = { readonly [K in keyof T]?: ViewOf<NonNullable<T[K]>> };

type ViewOf<V> = [V] extends [readonly unknown[]] ? unknown : [V] extends [string | number | boolean | bigint] ? unknown : [V] extends [object] ? UntrustedView<V> : unknown;

/**
 * `value` seen through the shape of `T` (see UntrustedView); a value that is no mapping is an
 * empty view. The one place an untrusted object meets a kubernetes-models type, instead of a cast
 * at each read: with every field optional and every scalar and list unknown, reading the view
 * through `?.` and the narrowing helpers cannot go wrong, whatever the manifest holds.
 */
export function viewAs<T>(value: unknown): UntrustedView<T> {
  return (asRecord(value) ?? {}) as UntrustedView<T>;
}

/**
 * The entries of an untrusted list, each seen through the shape of `T`, by index (a list's index
 * is part of the path findings point at): an entry that is no mapping is undefined.
 */
export function itemsAs<T>(list: unknown): readonly (UntrustedView<T> | undefined)[] {
  return asArray(list).map((item) => (asRecord(item) ? viewAs<T>(item) : undefined));
}

/** A nested view when the manifest really holds a mapping there, else undefined (see UntrustedView). */
export function mapping<T>(view: UntrustedView<T> | undefined): UntrustedView<T> | undefined {
  return asRecord(view) ? view : undefined;
}
