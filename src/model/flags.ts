import type { Arg, Container } from "./workload";

/** A flag found in a container's command line, with the word that holds its value. */
export interface FlagUse {
  readonly flag: string;
  readonly value: string | undefined;
  /** The argv word that names the flag (for `--f v`) or holds both (`--f=v`). */
  readonly arg: Arg;
  /** The argv word holding the value, when separate. */
  readonly valueArg: Arg | undefined;
}

/**
 * Finds `--flag=value` and `--flag value` uses of any of `flags` in `command` + `args`.
 * A following word that itself starts with `-` is not taken as the value.
 */
export function findFlags(container: Container, flags: Iterable<string>): FlagUse[] {
  const wanted = new Set(flags);
  const uses: FlagUse[] = [];
  const argv = container.argv;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!.value;
    if (!word.startsWith("-")) continue;
    const eq = word.indexOf("=");
    const name = eq > 0 ? word.slice(0, eq) : word;
    if (!wanted.has(name)) continue;
    if (eq > 0) {
      uses.push({ flag: name, value: word.slice(eq + 1), arg: argv[i]!, valueArg: undefined });
      continue;
    }
    const next = argv[i + 1];
    const takesNext = next !== undefined && !next.value.startsWith("-");
    uses.push({ flag: name, value: takesNext ? next.value : undefined, arg: argv[i]!, valueArg: takesNext ? next : undefined });
  }
  return uses;
}
