import { zlib } from "../../util/on-demand";

/**
 * Bounded gzip for user data and cloud-init files (issue 10, class 6). Gzip inflates about a
 * thousandfold, so a field of a few kilobytes could otherwise fill the heap, and a render of many
 * such fields could keep the CPU busy for hours. zlib's `maxOutputLength` stops inflating as soon
 * as the output passes it, without producing the rest.
 */

/**
 * One decoded field. EC2 takes 16 KB of user data, Azure 64 KB and GCE 256 KB; a cloud-init file
 * of a few megabytes is already unusual. Anything past this is not a node script to read.
 */
export const MAX_INFLATED_FIELD_BYTES = 16 * 1024 * 1024;

/** What all fields of one model may inflate to together: the CLI passes the input limit. */
export const DEFAULT_INFLATE_BUDGET_BYTES = 256 * 1024 * 1024;

/** Why a field was not inflated: it alone passes the field limit, or the model's budget is used up. */
export type InflateSkip = "field" | "budget";

/**
 * Inflates gzip data within a per-field limit and a total budget shared by every field of a
 * model. A field that would pass either is not inflated (`gunzip` returns undefined) and is
 * recorded in `skips`, for a warning that says its scripts were not read.
 */
export class Inflater {
  private remaining: number;
  private readonly skipList: InflateSkip[] = [];

  constructor(
    readonly budget: number = DEFAULT_INFLATE_BUDGET_BYTES,
    readonly fieldLimit: number = MAX_INFLATED_FIELD_BYTES,
  ) {
    this.remaining = budget;
  }

  /** Skips so far, in order; compare `skips.length` before and after a decode to see its own. */
  get skips(): readonly InflateSkip[] {
    return this.skipList;
  }

  /** The inflated bytes, or undefined when `bytes` is not valid gzip or would pass a limit. */
  gunzip(bytes: Buffer): Buffer | undefined {
    const limit = Math.min(this.fieldLimit, this.remaining);
    const by: InflateSkip = this.fieldLimit <= this.remaining ? "field" : "budget";
    if (limit <= 0) {
      this.skipList.push(by);
      return undefined;
    }
    try {
      const out = zlib().gunzipSync(bytes, { maxOutputLength: limit });
      this.remaining -= out.length;
      return out;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        // What was inflated before zlib stopped counts against the budget too.
        this.remaining -= limit;
        this.skipList.push(by);
      }
      return undefined;
    }
  }
}
