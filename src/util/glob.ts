/**
 * A glob as a RegExp: `**` spans directories, `*` and `?` stay within one path segment.
 * The one glob implementation: `ignore[].paths` and `ignore[].name` (src/filter/suppress.ts) and
 * the image table's repository and tag patterns (src/model/images.ts). Callers compile each glob
 * once and keep the RegExp.
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        re += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
