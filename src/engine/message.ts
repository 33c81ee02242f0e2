import type { MessageData, RuleMeta } from "./rule";

// `{{name}}` or `{{ name }}`, as ESLint writes placeholders.
const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*)\s*\}\}/g;

/**
 * A rule's message `messageId` with its placeholders filled from `data`. Throws on an id the
 * rule does not declare or a placeholder `data` lacks: a rule bug, which the engine reports as
 * RuleCrash rather than printing a half-filled template (ESLint leaves `{{name}}` in place).
 * One pass: text a value brings in (an object name, a value from the manifest) is never read
 * as a placeholder itself.
 */
export function formatMessage(meta: Pick<RuleMeta, "id" | "messages">, messageId: string, data: MessageData = {}): string {
  const template = Object.hasOwn(meta.messages, messageId) ? meta.messages[messageId] : undefined;
  if (template === undefined) throw new Error(`unknown messageId "${messageId}" (meta.messages of ${meta.id} has ${Object.keys(meta.messages).join(", ") || "none"})`);
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    if (!Object.hasOwn(data, name)) throw new Error(`message "${messageId}" of ${meta.id} needs data.${name}`);
    return String(data[name]);
  });
}

/** The placeholder names of a message template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * A message template in SARIF's form (SARIF 2.1.0 §3.11.5): `{{name}}` becomes a positional
 * `{n}`, in order of first use, and a literal brace is doubled. `names[n]` is the data key of
 * argument n, so a result's `message.arguments` are `names.map((n) => data[n])`.
 */
export function sarifMessageString(template: string): { readonly text: string; readonly names: readonly string[] } {
  const names = placeholdersOf(template);
  let text = "";
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    text += escapeBraces(template.slice(last, m.index)) + `{${names.indexOf(m[1]!)}}`;
    last = m.index + m[0].length;
  }
  return { text: text + escapeBraces(template.slice(last)), names };
}

function escapeBraces(text: string): string {
  return text.replace(/[{}]/g, (b) => b + b);
}
