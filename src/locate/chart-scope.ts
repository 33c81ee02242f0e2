import { statSync } from "node:fs";
import { TreeFilter } from "../util/tree-walk";
import type { SourceFiles } from "./read-file";

/**
 * A rendered chart's files as the locator may see them: through the filter the renderer copied
 * the chart with (util/tree-walk.ts). A symlink that leaves the chart (or loops) was not followed
 * for rendering, so it is not followed here: a template, values file or Chart.yaml it leads to is
 * not read, listed or pointed at. With `--follow-symlinks` Helm read through every link, and so
 * may the locator (each read still a capped regular file, read-file.ts).
 */
export class ChartScope {
  private readonly filter: TreeFilter;
  private readonly kinds = new Map<string, "file" | "dir" | undefined>();

  constructor(
    readonly chartDir: string,
    followsLinks: boolean,
    private readonly files: SourceFiles,
  ) {
    this.filter = new TreeFilter(chartDir, followsLinks);
  }

  /** The text of a file of the chart, or undefined when the filter or the reader refuses it. */
  read(file: string): string | undefined {
    return this.files.text(file, this.filter.followsOutside ? undefined : [this.filter.realRoot]);
  }

  isFile(path: string): boolean {
    return this.kind(path) === "file";
  }

  isDir(path: string): boolean {
    return this.kind(path) === "dir";
  }

  /** Every regular file under `dir` (sorted, each real directory once), as the filter walks it. */
  list(dir: string, seen?: Set<string>): { file: string; size: number }[] {
    const out: { file: string; size: number }[] = [];
    this.filter.walk(dir, { file: (file, _real, size) => out.push({ file, size }) }, seen);
    return out;
  }

  /** Asked for every located object (its template, its subcharts): answered once per path for the run. */
  private kind(path: string): "file" | "dir" | undefined {
    if (!this.kinds.has(path)) this.kinds.set(path, this.kindOf(path));
    return this.kinds.get(path);
  }

  private kindOf(path: string): "file" | "dir" | undefined {
    const real = this.filter.allowed(path);
    if (real === undefined) return undefined;
    try {
      const st = statSync(real);
      return st.isFile() ? "file" : st.isDirectory() ? "dir" : undefined;
    } catch {
      return undefined;
    }
  }
}
