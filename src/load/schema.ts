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
 */
// Load-only: `identify` never claims a value, so dumping is unaffected.
const anyScalar = defineScalarTag("", { matchByTagPrefix: true, resolve: (source: string) => source, identify: () => false });
const anySequence = { ...seqTag, tagName: "", matchByTagPrefix: true, identify: () => false };
const anyMapping = { ...mapTag, tagName: "", matchByTagPrefix: true, identify: () => false };

export const MANIFEST_SCHEMA = CORE_SCHEMA.withTags(mergeTag, anyScalar, anySequence, anyMapping);
