import type { JsonPath } from "../model/types";
import { templateFile, walkTemplate } from "./template-walk";
import type { WalkEnv, WalkMethod } from "./template-walk";

/**
 * Finds the line of a JSON path in one Helm template's text, without rendering it (see
 * template-walk.ts for how). This is the single-file entry point: named templates of other
 * files and values files are not consulted unless `env` provides them; `raw`, the rendered
 * object, lets the walk tell `if`/`else` branches and `range` items apart.
 */
export interface TemplateHit {
  /** 1-based line and column in the template file. */
  readonly line: number;
  readonly column: number;
  /** Steps of the path found; 0 means only the object's start was found. */
  readonly depth: number;
  readonly method: WalkMethod;
}

export function locateInTemplate(text: string, kind: string, name: string, path: JsonPath, raw?: unknown, env?: WalkEnv): TemplateHit | undefined {
  const file = templateFile("<template>", text);
  // Without an environment, named templates defined in the same text are still followed.
  const own: WalkEnv = { define: (n) => (file.tpl.defines.has(n) ? { file, block: file.tpl.defines.get(n)! } : undefined), values: undefined };
  const hit = walkTemplate(env ?? own, file, { kind, name, raw }, path);
  return hit ? { line: hit.line, column: hit.column, depth: hit.depth, method: hit.method } : undefined;
}
