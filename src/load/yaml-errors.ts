import { MAX_ALIASES, MAX_DEPTH } from "./limits";
import { groupThousands } from "../util/numbers";

/**
 * What an error line says about a document that did not parse: the class of the problem, never
 * a word of the document. A document that does not parse cannot be asked whether it is a Secret
 * (its `kind` may be an alias, a tag, an escape, or sit in a List item after the error), so no
 * document gets the benefit of the doubt: js-yaml's reason is shown only when it is one of its
 * fixed texts, a reason that quotes the input (an alias, tag or handle name) is shown as its
 * class, and any other reason (a newer js-yaml, a tag's own error) is not shown at all.
 * test/unit/yaml-errors.test.ts checks this table against every reason the installed js-yaml
 * can throw, so an upgrade that adds one fails there rather than leaking here.
 */

// js-yaml's reasons that are fixed text (none interpolates the input), shown as they are.
const FIXED = new Set([
  "TAG directive accepts exactly two arguments",
  "YAML directive accepts exactly one argument",
  "a line break is expected",
  "a whitespace character is expected after the key-value separator within a block mapping",
  "abnormal merge sequence size",
  "alias node should not have any properties",
  "bad explicit indentation width of a block scalar; it cannot be less than one",
  "bad indentation of a mapping entry",
  "bad indentation of a sequence entry",
  "can not read a block mapping entry; a multiline key may not be an implicit key",
  "can not read a document",
  "cannot merge mappings; the provided source object is unacceptable",
  "deficient indentation",
  "directive name must not be less than one character in length",
  "directives end mark is expected",
  "duplicated mapping key",
  "duplication of %YAML directive",
  "duplication of a tag property",
  "duplication of an anchor property",
  "end of the stream or a document separator is expected",
  "expected ':' after a mapping key",
  "expected hexadecimal character",
  "expected the node content, but found ','",
  "expected valid JSON character",
  "ill-formed argument of the YAML directive",
  "ill-formed tag handle (first argument) of the TAG directive",
  "ill-formed tag prefix (second argument) of the TAG directive",
  "incomplete mapping pair in event stream",
  "missed comma between flow collection entries",
  "name of an alias node must contain at least one character",
  "name of an anchor node must contain at least one character",
  "named tag handle cannot contain such characters",
  "repeat of a chomping mode identifier",
  "repeat of an indentation width identifier",
  "tab characters must not be used in indentation",
  "tag suffix cannot contain exclamation marks",
  "tag suffix cannot contain flow indicator characters",
  "the stream contains non-printable characters",
  "unacceptable YAML version of the document",
  "unexpected end of the document within a double quoted scalar",
  "unexpected end of the document within a single quoted scalar",
  "unexpected end of the stream within a double quoted scalar",
  "unexpected end of the stream within a flow collection",
  "unexpected end of the stream within a single quoted scalar",
  "unexpected end of the stream within a verbatim tag",
  "unknown escape sequence",
  // Returned by the standard tags' constructors (ordered maps, pairs, sets, maps, keys).
  "cannot resolve an ordered map item",
  "duplicate key in ordered map",
  "cannot resolve a pairs item",
  "cannot resolve a set item",
  "nested arrays are not supported inside keys",
  // From load() itself.
  "expected a document, but the input is empty",
  "expected a single document in the stream, but found more",
]);

// Reasons that quote the input or a limit: each is shown as its class, in words of our own.
const CLASSES: readonly (readonly [RegExp, string])[] = [
  [/^nesting exceeded maxDepth/, `YAML nested more than ${MAX_DEPTH} levels deep; trustlint refuses it as hostile input`],
  [/^aliases exceeded maxAliases/, `more than ${groupThousands(MAX_ALIASES)} YAML aliases in one document; trustlint refuses it as hostile input`],
  [/^merge keys exceeded maxTotalMergeKeys/, "too many YAML merge keys (<<) in one document; trustlint refuses it as hostile input"],
  [/^object-based map does not support complex keys$/, "malformed YAML: a mapping key is a list or a mapping; Kubernetes manifests need scalar keys"],
  [/^unidentified alias /, "malformed YAML: an alias names no anchor defined before it (the name is not shown)"],
  [/^recursive alias /, "malformed YAML: an alias refers to the node that contains it (the name is not shown)"],
  [/^unknown (?:scalar|sequence|mapping) tag /, "malformed YAML: an unknown tag (not shown)"],
  [/^cannot resolve a node with /, "malformed YAML: a tag that cannot hold this node (not shown)"],
  [/^tag name cannot contain such characters/, "malformed YAML: a tag with characters a tag cannot have (not shown)"],
  [/^undeclared tag handle /, "malformed YAML: a tag handle that no %TAG directive declares (not shown)"],
  [/^there is a previously declared suffix for /, "malformed YAML: a %TAG handle declared twice (not shown)"],
];

export const WITHHELD = "malformed YAML (the parser's message is not shown: it may quote the document)";

/** The one-line error text for a js-yaml reason: fixed text as is, anything quoting input as its class. */
export function describeYamlReason(reason: string): string {
  if (FIXED.has(reason)) return `malformed YAML: ${reason}`;
  for (const [pattern, text] of CLASSES) if (pattern.test(reason)) return text;
  return WITHHELD;
}

/** For the table's test: the fixed reasons, and the patterns of the others. */
export const KNOWN_REASONS = { fixed: FIXED, classes: CLASSES.map(([p]) => p) } as const;
