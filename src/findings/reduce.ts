import type { RawFinding } from "../engine/run";
import { pathText } from "../engine/finding";

/**
 * What the rules reported, reduced to one finding per root cause: first the most specific rule
 * wins (keepMostSpecific), then repeats of one rule on one object and path go (dedupe). The CLI
 * and the rule tester both call this, so a rule's tests see what its users see.
 */
export function reduceFindings(raw: readonly RawFinding[]): RawFinding[] {
  return dedupe(keepMostSpecific(raw));
}

/**
 * Among findings on one object with the same root cause, drops those whose rule another
 * finding's rule supersedes (`meta.supersedes`).
 */
export function keepMostSpecific(findings: readonly RawFinding[]): RawFinding[] {
  const groups = new Map<string, RawFinding[]>();
  for (const f of findings) {
    if (!f.input.rootCause) continue;
    const key = `${f.input.object.seq}\u0000${f.input.rootCause}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(f);
  }
  const dropped = new Set<RawFinding>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const superseded = new Set(group.flatMap((f) => f.meta.supersedes ?? []));
    for (const f of group) if (superseded.has(f.meta.id)) dropped.add(f);
  }
  return dropped.size ? findings.filter((f) => !dropped.has(f)) : [...findings];
}

/** One finding per rule, object and path: a root cause reported once. */
export function dedupe(raw: readonly RawFinding[]): RawFinding[] {
  const seen = new Set<string>();
  return raw.filter((r) => {
    const key = `${r.meta.id}|${r.input.object.seq}|${pathText(r.input.path)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
