/**
 * Errors the user can act on: bad input, a failing render, a bad config, an unknown flag.
 * The CLI prints `message` as one line and exits 2; only `--debug` adds the stack.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  /** Optional "file:line" or target the error is about, printed before the message. */
  readonly where: string | undefined;
  /** The tool's whole message (every line Helm printed), shown indented under the one line. */
  readonly detail: string | undefined;
  constructor(message: string, where?: string, detail?: string) {
    super(message);
    this.where = where;
    this.detail = detail;
  }
  /** The one line the CLI prints. */
  line(): string {
    return this.where ? `${this.where}: ${this.message}` : this.message;
  }
}

/** Collapses a multi-line tool message to its meaningful lines, joined into one line. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(" | ");
}
