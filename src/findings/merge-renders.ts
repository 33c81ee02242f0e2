import type { Finding, RelatedLocation } from "../engine/finding";
import { pathText } from "../engine/finding";
import type { LoadWarning } from "../load/loader";
import { objectRef } from "../model/types";
import { renderFingerprint } from "./fingerprint";

/**
 * One finding per distinct problem across renders. Findings of several renders that are the
 * same (rule, object, path, location, severity, message and suppressions) become one, naming
 * the renders it occurs in. Present in every render, it keeps the fingerprint a single render
 * gives it (adding a render to the matrix does not reopen alerts); present in some renders only,
 * those render names are part of its fingerprint. Related locations are merged; one that only
 * some of the finding's renders have (a values line of a render's own file) says which.
 */
export function mergeRenders(perRender: readonly { name: string | undefined; findings: readonly Finding[] }[], names: readonly string[]): Finding[] {
  interface Group {
    readonly first: Finding;
    readonly renders: string[];
    readonly related: Map<string, { rel: RelatedLocation; renders: string[] }>;
  }
  const groups = new Map<string, Group>();
  for (const { name, findings } of perRender) {
    for (const f of findings) {
      const key = [f.meta.id, objectRef(f.object), pathText(f.path), f.location.uri, f.location.line, f.location.column, f.severity, f.message, ...f.suppressions.map((s) => `${s.kind}:${s.reason}:${s.source}`)].join("\u0000");
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { first: f, renders: [], related: new Map() }));
      if (name !== undefined && !group.renders.includes(name)) group.renders.push(name);
      for (const rel of f.related) {
        const relKey = `${rel.location.uri}:${rel.location.line}:${rel.location.column}\u0000${rel.message}\u0000${objectRef(rel.object)}`;
        const entry = group.related.get(relKey) ?? { rel, renders: [] };
        if (name !== undefined) entry.renders.push(name);
        group.related.set(relKey, entry);
      }
    }
  }
  return [...groups.values()].map(({ first, renders, related }) => {
    const ordered = names.filter((n) => renders.includes(n));
    const everywhere = ordered.length === names.length;
    return {
      ...first,
      renders: ordered,
      fingerprint: everywhere ? first.fingerprint : renderFingerprint(first.fingerprint, ordered),
      related: [...related.values()].map(({ rel, renders: in_ }) =>
        in_.length === ordered.length ? rel : { ...rel, message: `${rel.message} (render ${names.filter((n) => in_.includes(n)).join(", ")})` },
      ),
    };
  });
}

/** Warnings said once, even when every render says them. */
export function uniqueWarnings(warnings: readonly LoadWarning[]): LoadWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.where}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
