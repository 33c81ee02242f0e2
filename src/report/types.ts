import type { LintResult } from "../lint";

export interface ReportContext {
  readonly cwd: string;
  readonly version: string;
  /** ANSI colour allowed (a TTY without NO_COLOR, and never for --output files). */
  readonly color: boolean;
}

/** A reporter turns a lint result into the text of one output; it decides nothing. */
export type Reporter = (result: LintResult, context: ReportContext) => string;

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];
