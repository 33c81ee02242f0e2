import type { Ajv, SchemaValidateFunction } from "ajv";
import { PatternError, compileLinear } from "../util/linear-regex";

/**
 * The `linearPattern: true` schema keyword: a string that is a regular expression trustlint can
 * run in linear time (src/util/linear-regex.ts). Config patterns are checked when the config
 * loads, so a bad one is exit 2 naming the file, line and key, never a failure or a stalled lint
 * halfway through (issue 10, class 6).
 */
export function addPatternKeyword(ajv: Ajv): Ajv {
  const validate: SchemaValidateFunction = (schema: unknown, data: unknown) => {
    if (schema !== true || typeof data !== "string") return true;
    try {
      compileLinear(data, "i");
      return true;
    } catch (err) {
      if (!(err instanceof PatternError)) throw err;
      validate.errors = [{ keyword: "linearPattern", message: `"${data}" ${err.message}`, params: {} }];
      return false;
    }
  };
  ajv.addKeyword({ keyword: "linearPattern", type: "string", schemaType: "boolean", errors: true, validate });
  return ajv;
}
