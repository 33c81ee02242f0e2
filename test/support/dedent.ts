/**
 * Removes the common indentation of a template literal and its first (empty) line, so that
 * line 1 of the result is the first line written after the backtick: the line numbers test
 * cases assert are the ones a reader counts.
 */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, "").replace(/\n[ \t]*$/, "\n").split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length))).join("\n");
}
