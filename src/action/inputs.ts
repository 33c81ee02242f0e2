import { UserError } from "../util/errors";

/** The action's inputs, as action.yml declares them. */
export interface ActionInputs {
  readonly targets: string[];
  readonly values: string[];
  readonly failLevel: string;
  readonly sarifFile: string;
  readonly args: string[];
}

/**
 * Reads `INPUT_<NAME>` the way the Actions runner sets it (name upper-cased, spaces to
 * underscores, hyphens kept) and turns the inputs into trustlint arguments.
 */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const input = (name: string) => (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
  const targets = input("target").split(/\s+/).filter(Boolean);
  if (targets.length === 0) throw new UserError("the `target` input is empty: name a chart, a kustomization or manifests");
  return {
    targets,
    values: input("values").split(/[\n,]/).map((v) => v.trim()).filter(Boolean),
    failLevel: input("fail-level") || "error",
    sarifFile: input("sarif-file") || "trustlint.sarif",
    args: splitArgs(input("args")),
  };
}

/** The trustlint command line: SARIF to the file, annotations and the readable report to the log. */
export function cliArgs(inputs: ActionInputs): string[] {
  return [
    ...inputs.values.flatMap((v) => ["--values", v]),
    "--fail-level",
    inputs.failLevel,
    "--format",
    "sarif",
    "--output",
    inputs.sarifFile,
    "--format",
    "github",
    "--format",
    "stylish",
    ...inputs.args,
    "--",
    ...inputs.targets,
  ];
}

/** Splits `--set a=b --set-string "c=d e"` as a shell would (quotes, backslashes), without running one. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(current);
      current = "";
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw new UserError(`the \`args\` input has an unclosed ${quote} quote`);
  if (inWord) out.push(current);
  return out;
}
