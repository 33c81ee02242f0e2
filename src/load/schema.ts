import { CORE_SCHEMA, defineScalarTag, mapTag, mergeTag, seqTag } from "js-yaml";

/**
 * The YAML schema manifests are read with: the core schema (timestamps stay strings, as
 * Kubernetes reads them), merge keys (go-yaml honours `<<`), and catch-all tags.
 *
 * Charts and overlays carry tags no Kubernetes schema defines: CloudFormation's `!Ref` and
 * `!GetAtt` in files that sit beside manifests, `!!binary` (not in the core schema), or any
 * local `!tag`. go-yaml reads a tagged node as its plain value, so a tag must never be a load
 * error here: an unknown tag on a scalar gives the scalar's text, on a sequence a list, on a
 * mapping an object. Exact tags (`!!str`, `!!int`, `!!map`, ...) are looked up first, so the
 * catch-alls only see tags nothing else knows.
 *
 * `!!binary` is the one standard tag that changes a value: kubectl and the API server decode it
 * (go-yaml gives the bytes, which become the JSON string), so `value: !!binary MA==` is the string
 * "0" to Kubernetes. Rules must judge what the cluster gets, not the base64 a reviewer sees, or an
 * env value or a CA path could hide behind it. Text that is not base64 stays as written.
 */
// Load-only: `identify` never claims a value, so dumping is unaffected.
const anyScalar = defineScalarTag("", { matchByTagPrefix: true, resolve: (source: string) => source, identify: () => false });
const anySequence = { ...seqTag, tagName: "", matchByTagPrefix: true, identify: () => false };
const anyMapping = { ...mapTag, tagName: "", matchByTagPrefix: true, identify: () => false };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const binary = defineScalarTag("tag:yaml.org,2002:binary", {
  resolve: (source: string) => {
    const compact = source.replace(/\s+/g, "");
    return BASE64.test(compact) ? Buffer.from(compact, "base64").toString("utf8") : source;
  },
  identify: () => false,
});

export const MANIFEST_SCHEMA = CORE_SCHEMA.withTags(mergeTag, binary, anyScalar, anySequence, anyMapping);
