/**
 * Text from input (object, container and env names, values, file names, messages built from
 * them, tool errors) on its way to a terminal or a CI log. Every human-readable writer (stylish,
 * github, stderr, the pre-commit headers, the Action's log) passes such text through here, so
 * that input can neither drive the terminal (ESC sequences, C1 controls, bidi overrides that
 * reorder what a reviewer reads) nor start a line of its own (\n, \r): a line that starts with
 * `::` would be a GitHub Actions workflow command (`::add-mask::`, `::error::`, `::stop-commands::`).
 * JSON and SARIF are exact and never pass through here: their encoders escape what they must.
 */

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\x1b" };

// C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Shows every control character of `text` escaped (`\x1b`, `\n`, `\u202e`). */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/**
 * One line of human output that begins with text from input: escaped, and never starting with
 * `::` (GitHub's runner reads such a line, even after leading blanks, as a workflow command).
 */
export function escapeLine(text: string): string {
  const escaped = escapeForTerminal(text);
  return /^\s*::/.test(escaped) ? escaped.replace(":", "\\x3a") : escaped;
}

/**
 * Text from input inside an HTML block of a GitHub job summary (or any Markdown that GitHub
 * renders): shown as an HTML code element, so that nothing in it is markup. Only inside an HTML
 * block: in a Markdown paragraph or table cell, the text between two tags is Markdown again. `&`, `<`, `>` and quotes become
 * entities (no tag, attribute or entity of the input's own), control characters are shown
 * escaped (a line break would end the HTML block and hand the rest to the Markdown parser), and
 * code is where GitHub neither autolinks URLs nor turns `@name` or `#1` into links.
 */
export function htmlCode(text: string): string {
  // `|` and `\\` too: a line of a Markdown table that holds the element is split on neither.
  const html = escapeForTerminal(text).replace(/[&<>"'|\\]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<code>${html}</code>`;
}
