import { strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { compileGlob } from "../../src/util/glob";

/**
 * src/util/glob.ts: `*` stays within a path segment, `**` + `/` spans whole segments, a trailing
 * `/**` takes anything after the slash. Most globs (the image tables') are matched segment by
 * segment without the automaton (issue 16); both paths must give the answers of the glob's
 * regular expression, which serves as the oracle on inputs short enough for it.
 */
function oracle(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

describe("util: globs", () => {
  const cases: [glob: string, text: string, matches: boolean][] = [
    ["quay.io/prometheus/*", "quay.io/prometheus/node-exporter", true],
    ["quay.io/prometheus/*", "quay.io/prometheus/a/b", false],
    ["**/external-dns", "external-dns", true],
    ["**/external-dns", "docker.io/bitnami/external-dns", true],
    ["**/external-dns", "docker.io/library/external-dns-operator", false],
    ["mcr.microsoft.com/dotnet/**", "mcr.microsoft.com/dotnet/sdk/8.0", true],
    ["mcr.microsoft.com/dotnet/**", "mcr.microsoft.com/dotnet", false],
    ["**/bitnami/**", "docker.io/bitnami/redis", true],
    ["**/bitnami/**", "docker.io/bitnami", false],
    ["*alpine*", "3.19-alpine", true],
    ["*alpine*", "x/alpine", false],
    ["registry.redhat.io/ubi*/ubi*", "registry.redhat.io/ubi9/ubi-minimal", true],
    ["a*a", "a", false],
    ["a*b*c", "aXcYb", false],
    ["a*b*c", "abbc", true],
    // `*` is `[^/]*`, which takes a line break; `**` is `.*`, which does not.
    ["a*b", "a\nb", true],
    ["**/x", "a\nb/x", false],
    ["x/**", "x/a\r", false],
    ["a?c/**/d", "abc/e/f/d", true],
    // `head/**` + `/tail` (the exclude globs) without the automaton.
    ["/w/**/.git", "/w/.git", true],
    ["/w/**/.git", "/w/a/b/.git", true],
    ["/w/**/.git", "/w//.git", true],
    ["/w/**/.git", "/w/a/.gitx", false],
    ["/w/**/.git", "/x/.git", false],
    ["/w/**/.git", "/w.git", false],
    ["/w/**/.git", "/w/a\n/.git", false],
    ["a*/**/*.yaml", "ab/c/d.yaml", true],
    ["a*/**/*.yaml", "ab/d.yml", false],
  ];
  for (const [glob, text, matches] of cases) {
    it(`${JSON.stringify(glob)} ${matches ? "matches" : "does not match"} ${JSON.stringify(text)}`, () => {
      strictEqual(compileGlob(glob).test(text), matches);
      strictEqual(oracle(glob).test(text), matches);
    });
  }

  it("answers as the glob's regular expression on generated globs and texts", () => {
    const globPart = fc.constantFrom("a", "b", "/", "*", "**", "**/", "/**", "?", ".", "ab", "\n");
    const textPart = fc.constantFrom("a", "b", "/", ".", "ab", "\n", "\r", "\u2028");
    fc.assert(
      fc.property(fc.array(globPart, { maxLength: 6 }), fc.array(textPart, { maxLength: 10 }), (g, t) => {
        const glob = g.join("");
        const text = t.join("");
        strictEqual(compileGlob(glob).test(text), oracle(glob).test(text), `${JSON.stringify(glob)} on ${JSON.stringify(text)}`);
      }),
      { numRuns: 20_000, seed: 16 },
    );
  });
});
