/**
 * What `helm template --kube-version=X` decides about a chart's `Chart.yaml` `kubeVersion:`
 * constraint, without running Helm.
 *
 * Helm (action.Install, renderResources) checks a non-empty `kubeVersion` with
 * `IsCompatibleRange(kubeVersion, caps.KubeVersion.String())`: Masterminds semver v3's
 * `NewConstraint(constraint).Check(NewVersion(version))`, false when either does not parse, and
 * fails with "chart requires kubeVersion: ... which is incompatible with Kubernetes ...". The
 * version it checks is the `--kube-version` value as Helm normalises it, which differs by release:
 *
 * - Helm 3.17 and 3.18 (semver 3.3.0) parse it with semver's NewVersion and check
 *   `v<major>.<minor>.<patch>[-prerelease][+metadata]`: "1.34" is v1.34.0 and "1.34.0-gke.1"
 *   keeps its prerelease. Semver 3.3.0 refuses a prerelease version for every single constraint
 *   that has no prerelease of its own (except a `!=` of a whole version).
 * - Helm 3.19+ and Helm 4 (semver 3.4.0 and 3.5.0, whose constraint logic differs from 3.4.0's
 *   only in error text) parse it with Kubernetes' ParseGeneric and check only its numbers:
 *   "1.34.0-gke.1" and "1.34.0+k3s1" are v1.34.0, "1.34" is v1.34.0. Its version never has a
 *   prerelease, so semver 3.4's rule for prereleases (an AND group that names one lets them
 *   through for all its constraints) never applies.
 *
 * The answer is given only when every one of those Helm releases decides alike; a kube version
 * with a prerelease can be decided differently by Helm 3.18 and Helm 4 (`>=1.30.0` refuses
 * 1.34.0-gke.1 on Helm 3.18 and accepts it on Helm 4), and then the answer is undefined.
 * trustlint supports Helm 3.17+ and 4 (README), so older semver releases are not modelled.
 *
 * The constraint syntax handled is a strict subset of what Masterminds parses, chosen so that
 * Masterminds' regular expressions (its range rewriting, its validation and its splitting of an
 * AND group) find exactly the pieces this parser finds. Anything outside it (a lone `|`, a `-`
 * after whitespace that is not a whole hyphen-range alternative, a number with a leading zero or
 * of more than 15 digits, `1x`, an operator split by a space, characters other than ASCII
 * letters, digits, `.+-*,|<>=!~^` and Go's `\s`) gives undefined, never a guess.
 */

/** A version as semver compares it: build metadata never counts, so it is not kept. */
interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The prerelease without its `-`; "" for none. */
  readonly pre: string;
}

/** The operators, as Masterminds maps them: `=` and none (equal, or tilde when a part is a wildcard), `=>` is `>=`, `=<` is `<=`, `~>` is `~`. */
type Operator = "=" | "!=" | ">" | "<" | ">=" | "<=" | "~" | "^";

const OPERATORS: ReadonlyMap<string, Operator> = new Map([
  ["!=", "!="],
  [">=", ">="],
  ["=>", ">="],
  ["<=", "<="],
  ["=<", "<="],
  ["~>", "~"],
  [">", ">"],
  ["<", "<"],
  ["=", "="],
  ["~", "~"],
  ["^", "^"],
]);

/** One constraint: its operator and its version, with which parts were wildcards or left out. */
interface Constraint {
  readonly op: Operator;
  /** The version with its missing or wildcard parts as 0 (and its prerelease kept). */
  readonly version: Version;
  /** Some part was a wildcard or left out (`1.25`, `1.x`, `*`). */
  readonly dirty: boolean;
  /** The minor part was a wildcard or left out and the major was not (`1`, `1.x`). */
  readonly minorDirty: boolean;
  /** Only the patch part was a wildcard or left out (`1.25`, `1.25.x`). */
  readonly patchDirty: boolean;
}

/**
 * How a prerelease version is refused when the constraint does not ask for prereleases: per
 * single constraint (semver 3.3.0: the constraint's own version has none) or per AND group
 * (semver 3.4.0+: no constraint of the group has one).
 */
type PrereleaseRule = "constraint" | "group";

/** Go's `\s` (RE2's Perl class), which is all Masterminds' expressions take for whitespace. */
const GO_SPACE = "\\t\\n\\f\\r ";
const IS_SPACE = new RegExp(`^[${GO_SPACE}]$`);
/** A `-` after whitespace: only Masterminds' hyphen-range rewriting gives that a meaning. */
const SPACE_HYPHEN = new RegExp(`[${GO_SPACE}]-`);
/** Every character the constraint may hold; anything else gives undefined. */
const CONSTRAINT_CHARS = new RegExp(`^[0-9A-Za-z.+*,|<>=!~^\\-${GO_SPACE}]*$`);

/** A version number: no leading zero (NewVersion refuses those in some releases) and exact as a JS number. */
const NUMBER = "0|[1-9][0-9]{0,14}";
const IDENTIFIERS = "[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*";
/** A constraint's version, from where it starts: `v`, three parts (numbers or `x`, `X`, `*`) of which the last two may be left out, a prerelease, build metadata. */
const CONSTRAINT_VERSION = new RegExp(`v?(${NUMBER}|[xX*])(?:\\.(${NUMBER}|[xX*]))?(?:\\.(${NUMBER}|[xX*]))?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?`, "y");
/** A `--kube-version`: `v`, major.minor[.patch] (Helm 4 refuses a lone major), a prerelease, build metadata. */
const KUBE_VERSION = new RegExp(`^v?(${NUMBER})\\.(${NUMBER})(?:\\.(${NUMBER}))?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`);

/**
 * Whether `helm template --kube-version=<kubeVersion>` accepts a chart whose Chart.yaml says
 * `kubeVersion: <constraint>`: true when Helm renders it, false when it fails with "chart requires
 * kubeVersion", on every Helm release trustlint supports (3.17+, 4). Undefined whenever that is
 * not certain: syntax this does not implement, input Helm or semver would refuse, a kube version
 * with a prerelease or build metadata that Helm releases decide differently. An empty constraint
 * is true (Helm checks only a non-empty one).
 */
export function kubeVersionAllows(constraint: string, kubeVersion: string): boolean | undefined {
  if (constraint === "") return true;
  const versions = kubeVersions(kubeVersion);
  const groups = parseConstraint(constraint);
  if (!versions || !groups) return undefined;
  const upTo318 = check(groups, versions.upTo318, "constraint");
  const from319 = check(groups, versions.from319, "group");
  return upTo318 === from319 ? upTo318 : undefined;
}

/** The version Helm 3.17–3.18 checks (semver's NewVersion: the prerelease kept) and the one Helm 3.19+ and 4 check (ParseGeneric: numbers only). */
function kubeVersions(text: string): { upTo318: Version; from319: Version } | undefined {
  const m = KUBE_VERSION.exec(text);
  if (!m) return undefined;
  const pre = m[4] ?? "";
  if (!validPrerelease(pre)) return undefined;
  const numbers = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
  return { upTo318: { ...numbers, pre }, from319: { ...numbers, pre: "" } };
}

/** A prerelease semver takes and compares as this module does: each numeric identifier without a leading zero and exact as a JS number. */
function validPrerelease(pre: string): boolean {
  if (pre === "") return true;
  return pre.split(".").every((id) => !/^[0-9]+$/.test(id) || (/^(?:0|[1-9][0-9]*)$/.test(id) && id.length <= 15));
}

/**
 * The constraint as OR-ed AND groups, or undefined when it is outside the subset handled. Helm
 * rewrites hyphen ranges (`A - B` to `>= A, <= B`) over the whole text, then splits it at `||`;
 * a hyphen range is taken only as a whole alternative, with whitespace around its `-` and between
 * it and any `||`, where Masterminds' range expression can only match it and its two versions.
 */
function parseConstraint(text: string): Constraint[][] | undefined {
  if (!CONSTRAINT_CHARS.test(text)) return undefined;
  const groups: Constraint[][] = [];
  const alternatives = text.split("||");
  for (const [i, alternative] of alternatives.entries()) {
    if (alternative.includes("|")) return undefined;
    const group = SPACE_HYPHEN.test(alternative) ? hyphenRange(alternative, i === 0, i === alternatives.length - 1) : andGroup(alternative);
    if (!group) return undefined;
    groups.push(group);
  }
  return groups;
}

/**
 * A whole alternative that is a hyphen range, `A - B` (bare versions, whitespace around the `-`),
 * as `>= A` and `<= B`; undefined when it is not one. `first` and `last`: whether the alternative
 * starts and ends the text. Whitespace must separate the range from a `||` on either side, since
 * the range expression's versions may hold `|` and would run into the bars.
 */
function hyphenRange(alternative: string, first: boolean, last: boolean): Constraint[] | undefined {
  if (!first && !IS_SPACE.test(alternative[0] ?? "")) return undefined;
  if (!last && !IS_SPACE.test(alternative[alternative.length - 1] ?? "")) return undefined;
  const from = version(alternative, skipSpace(alternative, 0));
  if (!from || !IS_SPACE.test(alternative[from.end] ?? "")) return undefined;
  const hyphen = skipSpace(alternative, from.end);
  if (alternative[hyphen] !== "-" || !IS_SPACE.test(alternative[hyphen + 1] ?? "")) return undefined;
  const to = version(alternative, skipSpace(alternative, hyphen + 1));
  if (!to || skipSpace(alternative, to.end) !== alternative.length) return undefined;
  return [{ op: ">=", ...from.constraint }, { op: "<=", ...to.constraint }];
}

/** An AND group: constraints separated by whitespace and/or one comma, each an optional operator and a version. */
function andGroup(alternative: string): Constraint[] | undefined {
  const group: Constraint[] = [];
  let at = skipSpace(alternative, 0);
  for (;;) {
    // The longest operator: where Masterminds' alternation tries a shorter one first (`=` of `=>`), no version can follow it.
    const long = OPERATORS.get(alternative.slice(at, at + 2));
    const short = long ? undefined : OPERATORS.get(alternative.slice(at, at + 1));
    at += long ? 2 : short ? 1 : 0;
    const parsed = version(alternative, skipSpace(alternative, at));
    if (!parsed) return undefined;
    group.push({ op: long ?? short ?? "=", ...parsed.constraint });
    if (parsed.end === alternative.length) return group;
    // version() ends a version only at whitespace or a comma; a trailing comma is refused by Masterminds.
    const afterSpace = skipSpace(alternative, parsed.end);
    const comma = alternative[afterSpace] === ",";
    at = comma ? skipSpace(alternative, afterSpace + 1) : afterSpace;
    if (at === alternative.length) return comma ? undefined : group;
  }
}

/** A constraint's version at `at`, as Masterminds' parseConstraint reads it, and where it ends; undefined when none is there or it is not taken. */
function version(text: string, at: number): { constraint: Omit<Constraint, "op">; end: number } | undefined {
  CONSTRAINT_VERSION.lastIndex = at;
  const m = CONSTRAINT_VERSION.exec(text);
  if (!m) return undefined;
  const end = at + m[0].length;
  // The version must end where Masterminds' would: at whitespace, a comma or the end of the text.
  const next = text[end];
  if (next !== undefined && next !== "," && !IS_SPACE.test(next)) return undefined;
  const pre = m[4] ?? "";
  if (!validPrerelease(pre)) return undefined;
  const [major, minor, patch] = [m[1]!, m[2], m[3]];
  const wild = (part: string | undefined) => part === undefined || part === "x" || part === "X" || part === "*";
  let constraint: Omit<Constraint, "op">;
  if (wild(major)) constraint = { version: { major: 0, minor: 0, patch: 0, pre }, dirty: true, minorDirty: false, patchDirty: false };
  else if (wild(minor)) constraint = { version: { major: Number(major), minor: 0, patch: 0, pre }, dirty: true, minorDirty: true, patchDirty: false };
  else if (wild(patch)) constraint = { version: { major: Number(major), minor: Number(minor), patch: 0, pre }, dirty: true, minorDirty: false, patchDirty: true };
  else constraint = { version: { major: Number(major), minor: Number(minor), patch: Number(patch), pre }, dirty: false, minorDirty: false, patchDirty: false };
  return { constraint, end };
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && IS_SPACE.test(text[at]!)) at++;
  return at;
}

/** Constraints.Check: some AND group all of whose constraints hold. */
function check(groups: readonly Constraint[][], v: Version, rule: PrereleaseRule): boolean {
  return groups.some((group) => {
    const groupHasPre = group.some((c) => c.version.pre !== "");
    return group.every((c) => holds(c, v, rule === "group" ? groupHasPre : c.version.pre !== "", rule));
  });
}

/**
 * One constraint against a version. `takesPre`: whether a prerelease version may match at all
 * (the constraint's or its group's, by the rule). Semver 3.3.0 applies that to a `!=` only when
 * the constraint has a wildcard or left-out part.
 */
function holds(c: Constraint, v: Version, takesPre: boolean, rule: PrereleaseRule): boolean {
  const refusedPre = v.pre !== "" && !takesPre;
  const con = c.version;
  if (c.op === "!=") {
    if (refusedPre && (rule === "group" || c.dirty)) return false;
    if (c.dirty) {
      if (con.major !== v.major) return true;
      if (c.minorDirty) return false;
      if (con.minor !== v.minor) return true;
      if (c.patchDirty) return (v.pre !== "" || con.pre !== "") && comparePrerelease(v.pre, con.pre) !== 0;
      if (con.patch !== v.patch) return true;
    }
    return compare(v, con) !== 0;
  }
  if (refusedPre) return false;
  switch (c.op) {
    case "<":
      return compare(v, con) < 0;
    case ">=":
      return compare(v, con) >= 0;
    case ">":
      if (!c.dirty) return compare(v, con) > 0;
      if (v.major !== con.major) return v.major > con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return compare(v, con) > 0;
    case "<=":
      if (!c.dirty) return compare(v, con) <= 0;
      if (v.major > con.major) return false;
      return !(v.major === con.major && v.minor > con.minor && !c.minorDirty);
    case "=":
      return c.dirty ? tilde(c, v) : compare(v, con) === 0;
    case "~":
      return tilde(c, v);
    case "^":
      return caret(c, v);
  }
}

/** `~1.2.3` is >=1.2.3 <1.3.0, `~1` (and `~1.x`) >=1.0.0 <2.0.0, `~0.0.0` and `~*` anything at or above 0.0.0. */
function tilde(c: Constraint, v: Version): boolean {
  const con = c.version;
  if (compare(v, con) < 0) return false;
  if (con.major === 0 && con.minor === 0 && con.patch === 0 && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  return v.minor === con.minor || c.minorDirty;
}

/** `^1.2.3` is >=1.2.3 <2.0.0; with major 0 the minor must match (`^0.2`), with major and minor 0 the patch too (`^0.0.3`); `^0` and `^0.0` as Masterminds has them. */
function caret(c: Constraint, v: Version): boolean {
  const con = c.version;
  if (compare(v, con) < 0) return false;
  if (con.major > 0 || c.minorDirty) return v.major === con.major;
  if (v.major > 0) return false;
  if (con.minor > 0 || c.patchDirty) return v.minor === con.minor;
  if (v.minor > 0) return false;
  return v.patch === con.patch;
}

/** Version.Compare: numbers, then no prerelease above any prerelease, then the prereleases. */
function compare(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major > b.major ? 1 : -1;
  if (a.minor !== b.minor) return a.minor > b.minor ? 1 : -1;
  if (a.patch !== b.patch) return a.patch > b.patch ? 1 : -1;
  if (a.pre === b.pre) return 0;
  if (a.pre === "") return 1;
  if (b.pre === "") return -1;
  return comparePrerelease(a.pre, b.pre);
}

/**
 * Semver's prerelease order: identifier by identifier, a missing one below any other, numeric
 * identifiers by value and below alphanumeric ones, alphanumeric ones by their bytes (ASCII, so
 * JS's string order is Go's).
 */
function comparePrerelease(a: string, b: string): number {
  const as = a.split(".");
  const bs = b.split(".");
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = as[i] ?? "";
    const y = bs[i] ?? "";
    if (x === y) continue;
    if (x === "") return -1;
    if (y === "") return 1;
    const xNumeric = /^[0-9]+$/.test(x);
    const yNumeric = /^[0-9]+$/.test(y);
    if (xNumeric && yNumeric) return Number(x) > Number(y) ? 1 : -1;
    if (xNumeric) return -1;
    if (yNumeric) return 1;
    return x > y ? 1 : -1;
  }
  return 0;
}
