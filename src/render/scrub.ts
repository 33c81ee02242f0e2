/**
 * Helm's and Kustomize's error text, before trustlint prints it: the parts that quote a
 * document's content or a value the user passed are cut out. These tools fail on documents
 * trustlint has not parsed (a template that renders broken YAML, a resource Kustomize cannot
 * read), so whether the document is a Secret cannot be known: every quoting form is cut from
 * every error. What stays says what failed and where (the file, the line, the class of problem).
 *
 * The forms are go-yaml's (which Helm 3 and 4 and Kustomize use through sigs.k8s.io/yaml and
 * kyaml), Helm's `--set-json` parser, and Kustomize's key-value loaders. Each replacement runs to
 * the fixed text that ends the form, across lines (a value may hold a newline), and when that
 * text is missing, to the end of the message.
 */

const NOT_SHOWN = "(not shown: it may hold a Secret value)";

interface Form {
  /** Where the quoted part starts (the match is replaced too). */
  readonly start: RegExp;
  /**
   * What ends the quoted part: fixed text (its last occurrence after the start, so a copy of it
   * inside the value cannot end the cut early), the end of the line, or (none) the end of the text.
   */
  readonly end?: { readonly text: string } | { readonly line: true };
  /** When the fixed end is missing: cut to the end of the text, or leave the text (not this form). */
  readonly missing: "cut" | "keep";
  /** The text put in place of the start, the quoted part and the end (a fixed end is said again). */
  readonly replacement: (endFound: boolean) => string;
}

// go-yaml: `unknown anchor 'NAME' referenced`, `anchor 'NAME' value contains itself`,
// `invalid map key: <Go syntax of the key>` (to the end: the key may span lines),
// `cannot decode !!str `VALUE` as a !!int`, `cannot unmarshal !!str `VALUE` into int`.
const YAML_FORMS: readonly Form[] = [
  { start: /unknown anchor '/, end: { text: "' referenced" }, missing: "cut", replacement: (found) => `unknown anchor (name not shown)${found ? " referenced" : ""}` },
  { start: /anchor '/, end: { text: "' value contains itself" }, missing: "keep", replacement: () => "anchor (name not shown) value contains itself" },
  { start: /invalid map key: /, missing: "cut", replacement: () => `invalid map key ${NOT_SHOWN}` },
  { start: /cannot decode (?:!!\S+) `/, end: { text: "` as a " }, missing: "cut", replacement: (found) => `cannot decode a value ${NOT_SHOWN}${found ? " as a " : ""}` },
  { start: /cannot unmarshal (?:!!\S+) `/, end: { text: "` into " }, missing: "cut", replacement: (found) => `cannot unmarshal a value ${NOT_SHOWN}${found ? " into " : ""}` },
];

// Helm: `failed parsing --set-json data <the whole flag value>`: the value runs to the end.
const HELM_FORMS: readonly Form[] = [{ start: /failed parsing --set-json data /, missing: "cut", replacement: () => `failed parsing --set-json data ${NOT_SHOWN}` }];

// Kustomize's secretGenerator/configMapGenerator loaders: `literal sources [<every literal,
// valid ones too, space-separated>]: invalid literal source <literal>, expected key=value`, and
// `line [<its bytes>] has invalid utf8 bytes : <the env file line>`. A literal Kustomize refuses
// holds no "=", so the last ", expected key=value" is the form's own end, whatever the literals
// hold (brackets, line breaks, the words of the message itself).
const KUSTOMIZE_FORMS: readonly Form[] = [
  { start: /literal sources \[/, end: { text: ", expected key=value" }, missing: "cut", replacement: (found) => `literal sources [...]: invalid literal source ${NOT_SHOWN}${found ? ", expected key=value" : ""}` },
  { start: /invalid literal source (?!\(not shown)/, end: { text: ", expected key=value" }, missing: "cut", replacement: (found) => `invalid literal source ${NOT_SHOWN}${found ? ", expected key=value" : ""}` },
  { start: /line \[[\d ]*\] has invalid utf8 bytes : /, end: { line: true }, missing: "cut", replacement: () => `a line has invalid UTF-8 bytes ${NOT_SHOWN}` },
];

/** Replaces every occurrence of one form in `text`. */
function cut(text: string, form: Form): string {
  let out = "";
  let rest = text;
  for (;;) {
    const m = form.start.exec(rest);
    if (!m) return out + rest;
    const from = m.index + m[0].length;
    let endAt = -1;
    let endLength = 0;
    if (form.end && "line" in form.end) {
      const nl = rest.indexOf("\n", from);
      endAt = nl < 0 ? rest.length : nl;
    } else if (form.end) {
      endAt = rest.lastIndexOf(form.end.text);
      endLength = form.end.text.length;
    }
    if (endAt < from) {
      if (form.missing === "cut") return out + rest.slice(0, m.index) + form.replacement(false);
      out += rest.slice(0, from);
      rest = rest.slice(from);
      continue;
    }
    out += rest.slice(0, m.index) + form.replacement(endLength > 0);
    rest = rest.slice(endAt + endLength);
  }
}

function scrub(text: string, forms: readonly Form[]): string {
  return forms.reduce(cut, text);
}

/** go-yaml's quoting forms cut out (anchor names, map keys, values that failed to decode). */
export function withoutYamlQuotes(text: string): string {
  return scrub(text, YAML_FORMS);
}

/**
 * Helm's error text with nothing of the documents it rendered or the values it was given: go-yaml's
 * quoting forms, `--set-json` parse errors, and each `--set-json` value wherever Helm repeats it.
 */
export function scrubHelmError(stderr: string, setJson: readonly string[]): string {
  let text = stderr;
  // Each flag, its value (after the key's "=") and every string in that JSON (Helm repeats a
  // parsed value, not the flag's text), longest first so that a value inside another is not left
  // half-replaced; values under four characters are too common to replace by text.
  const values = setJson.flatMap((flag) => {
    const json = flag.slice(flag.indexOf("=") + 1);
    return [flag, json, ...jsonStrings(json)];
  });
  for (const v of [...new Set(values)].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) text = text.split(v).join("<--set-json value>");
  return withoutYamlQuotes(scrub(text, HELM_FORMS));
}

/** The string values of a JSON text (not its keys: names, which Helm's messages use), none when it is not JSON. */
function jsonStrings(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") out.push(v);
    else if (v && typeof v === "object") for (const child of Object.values(v)) stack.push(child);
  }
  return out;
}

/**
 * Kustomize's error text without a generator's literals or env-file lines (Secret values) and
 * without go-yaml's quoting forms.
 */
export function scrubKustomizeError(stderr: string): string {
  return withoutYamlQuotes(scrub(stderr, KUSTOMIZE_FORMS));
}
