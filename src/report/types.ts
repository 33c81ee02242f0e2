import type { Finding } from "../engine/finding";
import type { RuleMeta } from "../engine/rule";
import type { LoadWarning } from "../load/loader";
import type { Target, TargetError } from "../render/types";

/** What a lint found: the input of every reporter (declared here, below lint.ts, so reporters need not import the pipeline). */
export interface LintResult {
  readonly findings: readonly Finding[];
  readonly warnings: readonly LoadWarning[];
  /** Rules that ran, for the SARIF rules table. */
  readonly rules: readonly RuleMeta[];
  readonly targets: readonly Target[];
  /** Objects linted, counted once per render. */
  readonly objects: number;
  /** Targets that could not be linted (the others were): the run must exit 2. */
  readonly errors: readonly TargetError[];
  /** The config file the run used, relative to the working directory; absent: none. */
  readonly config?: string;
}

export interface ReportContext {
  readonly cwd: string;
  readonly version: string;
  /** ANSI colour allowed (a TTY without NO_COLOR, --color or FORCE_COLOR; never for --output files). */
  readonly color: boolean;
  /** OSC 8 hyperlinks allowed (a terminal with colour): the rule id links to its documentation. */
  readonly hyperlinks?: boolean;
  /** `--verbose`: each finding's fix text too. */
  readonly verbose?: boolean;
  /** `--quiet`: human formats show errors only (JSON and SARIF keep every finding). */
  readonly quiet?: boolean;
  /**
   * Each rule's README (src/report/rule-help.generated.ts), which the SARIF reporter embeds as
   * its help and which it requires. 200 KB that no other format reads: the CLI loads it only for
   * a SARIF output (it is a file of its own in the bundle, dist/trustlint-rule-help.cjs).
   */
  readonly ruleHelp?: Readonly<Record<string, string>>;
}

/** A reporter turns a lint result into the text of one output; it decides nothing. */
export type Reporter = (result: LintResult, context: ReportContext) => string;

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];
