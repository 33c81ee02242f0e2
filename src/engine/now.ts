import { UserError } from "../util/errors";

/**
 * The instant rules judge certificate validity against. Deterministic when asked: `--now`, then
 * `now:` in the config, then SOURCE_DATE_EPOCH (reproducible builds' convention, in seconds),
 * then the clock.
 */
export function resolveNow(flag: string | undefined, config: string | undefined, env: NodeJS.ProcessEnv, where: { flag: string; config: string }): number {
  if (flag !== undefined) return parseInstant(flag, where.flag);
  if (config !== undefined) return parseInstant(config, where.config);
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== "") {
    if (!/^\d{1,12}$/.test(epoch)) throw new UserError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (got "${epoch.slice(0, 40)}")`);
    return Number(epoch) * 1000;
  }
  return Date.now();
}

// A date, or a date and time with seconds and a zone (RFC 3339).
const INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** "2026-12-04" (midnight UTC) or "2026-12-04T10:00:00Z" → epoch ms; anything else is a UserError. */
export function parseInstant(text: string, what: string): number {
  const ms = INSTANT.test(text) ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) : NaN;
  if (!Number.isFinite(ms)) throw new UserError(`${what} must be a date (2026-12-04) or an RFC 3339 time (2026-12-04T10:00:00Z) (got "${text.slice(0, 40)}")`);
  return ms;
}

/** YYYY-MM-DD of an instant, in UTC. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
