import type { JsonPath, K8sObject, Severity } from "../model/types";
import type { Model } from "../model/model";
import type { TemplateSite } from "../model/generated-certs";
import type { NoOptionsSchema, OptionsOf, OptionsSchema } from "./options";

export type { OptionsSchema } from "./options";

/** The incident class a rule comes from (../shared/incidents.md), or "k" for the extra class. */
export type IncidentClass = 1 | 2 | 3 | 4 | 5 | "k";

/**
 * A rule's message templates by message id, as ESLint's `meta.messages`: `{{name}}` is
 * replaced by `data.name` of the report (src/engine/message.ts). An id is stable (JSON and
 * SARIF carry it, so a consumer can tell findings apart without parsing prose); the text may change.
 */
export type RuleMessages<MessageIds extends string = string> = Readonly<Record<MessageIds, string>>;

/** The values a report fills its message template's placeholders with. */
export type MessageData = Readonly<Record<string, string | number>>;

/**
 * Everything known about a rule apart from its check. This one record feeds `--list-rules`,
 * the SARIF rules table, the rule README's header and the docs index.
 */
export interface RuleMeta<MessageIds extends string = string> {
  /** kebab-case id; the SARIF ruleId and folder name, never renamed. */
  readonly id: string;
  /** One sentence: what is wrong. */
  readonly shortDescription: string;
  /** What is checked and why it breaks TLS. */
  readonly fullDescription: string;
  /** How to fix it, in general terms (each finding carries its own concrete fix too). */
  readonly remediation: string;
  readonly severity: Severity;
  readonly incident: IncidentClass;
  readonly tags: readonly string[];
  /** How often a finding is a true problem: SARIF precision. */
  readonly precision: "very-high" | "high" | "medium" | "low";
  /** GitHub security-severity, 0.1 to 10.0. */
  readonly securitySeverity: number;
  /** Every message the rule can report; each id is exercised by a reject case of its tests. */
  readonly messages: RuleMessages<MessageIds>;
  readonly optionsSchema?: OptionsSchema;
  /**
   * Rules this one is more specific than. When findings of both share an object and a root
   * cause (`ReportInput.rootCause`), only this rule's finding is kept: one root cause, one
   * finding, the most specific rule winning.
   */
  readonly supersedes?: readonly string[];
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
}

/** Another place a finding involves: an object (and optionally a path in it) with a note. */
export interface RelatedInput {
  readonly object: K8sObject;
  readonly path?: JsonPath;
  readonly message: string;
}

/**
 * What a rule reports: `messageId`, a key of the rule's `meta.messages`, whose placeholders the
 * engine fills from `data`; an unknown id or a placeholder `data` lacks crashes the rule (RuleCrash).
 */
export interface ReportInput<MessageIds extends string = string> {
  readonly object: K8sObject;
  /** Path from the object root to the offending key. */
  readonly path: JsonPath;
  readonly messageId: MessageIds;
  readonly data?: MessageData;
  /** A concrete fix a user can paste or follow. */
  readonly fix?: string;
  readonly related?: readonly RelatedInput[];
  /** Overrides the configured severity for this finding (e.g. info for a full bundle). */
  readonly severity?: Severity;
  /**
   * Names the underlying problem (e.g. "ca-file:<container path>:/ssl/ca.crt") so that rules
   * reporting the same problem on the same object can be reduced to the most specific one.
   */
  readonly rootCause?: string;
  /**
   * A 0-based line inside the string value at `path`, for a finding about one line of a
   * multi-line value (a command in a script held in a `|` block scalar). The location then
   * points at that line when the source has it under the key (src/locate/value-line.ts);
   * otherwise at the key. Say which command it is in the message as well: for values decoded
   * from base64 no file line exists.
   */
  readonly valueLine?: number;
  /**
   * For a finding about text that is wrong only where it is written literally (a fixed cluster
   * domain): the text, and what to report instead when a chart's template computes it from a
   * value (undefined: nothing). Judged after rendering by the template walk (src/findings/provenance.ts);
   * outside charts the finding stands as reported.
   */
  readonly literal?: LiteralCheck;
  /**
   * For a finding about a line of a chart's template rather than a rendered key (a `genCA`
   * call, model.generatedCertificates()): the finding is located there; `object` and `path`
   * still name what it is about (fingerprint, suppression, dedupe).
   */
  readonly templateSite?: TemplateSite;
}

export interface LiteralCheck {
  /** Text that must be written as such for the finding to stand ("svc.cluster.local"). */
  readonly text: string;
  /**
   * What to report when a template computes the text from a value (`value`: the .Values path,
   * when one is named): a message of the same rule, by id and data.
   */
  readonly whenComputed: (value: string | undefined) => { readonly messageId: string; readonly data?: MessageData; readonly fix: string; readonly severity: Severity } | undefined;
}

export interface RuleSettings {
  /** The cluster DNS domain, when the user stated it. */
  readonly clusterDomain: string | undefined;
  /** The instant certificates are judged at, epoch ms (--now, now: in config, SOURCE_DATE_EPOCH, else the clock). */
  readonly now: number;
}

export interface RuleContext<Options, MessageIds extends string = string> {
  readonly model: Model;
  readonly options: Options;
  readonly settings: RuleSettings;
  readonly report: (finding: ReportInput<MessageIds>) => void;
}

export interface Rule<Options = Record<string, unknown>, MessageIds extends string = string> {
  readonly meta: RuleMeta<MessageIds>;
  check(context: RuleContext<Options, MessageIds>): void;
}

/**
 * A rule as written: its options type is derived from `meta.optionsSchema` (written inline or
 * `as const`), and `meta.defaultOptions` must give every option the schema names.
 */
export interface RuleDefinition<S extends OptionsSchema, MessageIds extends string = string> {
  readonly meta: RuleMeta<MessageIds> & { readonly optionsSchema?: S } & (keyof S["properties"] extends never ? { readonly defaultOptions?: OptionsOf<S> } : { readonly defaultOptions: OptionsOf<S> });
  check(context: RuleContext<OptionsOf<S>, MessageIds>): void;
}

/**
 * Declares a rule whose `check` receives options typed from its own schema (src/engine/options.ts):
 * one source, no hand-written options interface, no cast. The engine validates the options
 * against `optionsSchema` (defaults merged first) before `check` runs, which is what lets a
 * rule with typed options sit in the untyped rule list.
 */
export function defineRule<const S extends OptionsSchema = NoOptionsSchema, MessageIds extends string = string>(rule: RuleDefinition<S, MessageIds>): Rule {
  // Sound: configureRules hands `check` exactly the options the schema accepted, and `report`
  // takes the message ids `meta.messages` declares (both inferred from the rule itself).
  return rule as unknown as Rule;
}
