import { deepStrictEqual, ok } from "node:assert/strict";
import { Ajv } from "ajv";
import type { FromSchema, OptionsOf } from "../../src/engine/options";
import { defineRule } from "../../src/engine/rule";
import type { RuleMeta } from "../../src/engine/rule";
import { configureRules } from "../../src/engine/configure";
import { runRules } from "../../src/engine/run";
import { EMPTY_CONFIG } from "../../src/config/config";
import type { IMAGES_OPTION_SCHEMA, Runtime } from "../../src/knowledge/images";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";

/**
 * Options types come from the options' JSON Schema (src/engine/options.ts). Most of this file is
 * checked by the compiler: `tsc` (part of `npm test`) fails when a derived type is not the one
 * written here, or when a `@ts-expect-error` line stops being an error.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

const HORIZON = { type: "object", additionalProperties: false, properties: { expiryHorizonDays: { type: "integer", minimum: 0 } } } as const;
expectType<Equal<OptionsOf<typeof HORIZON>, { readonly expiryHorizonDays: number }>>();

const MIXED = {
  type: "object",
  properties: {
    names: { type: "array", items: { type: "string", minLength: 1 } },
    mode: { enum: ["replace", "merge"] },
    either: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
    on: { type: "boolean" },
    env: { type: "object", additionalProperties: { type: "string" } },
    nested: { type: "object", required: ["flag"], properties: { flag: { type: "string" }, noun: { type: "string", default: "mode" } } },
  },
} as const;
expectType<
  Equal<
    OptionsOf<typeof MIXED>,
    {
      readonly names: readonly string[];
      readonly mode: "replace" | "merge";
      readonly either: string | readonly string[];
      readonly on: boolean;
      readonly env: Readonly<Record<string, string>>;
      readonly nested: { readonly flag: string; readonly noun?: string };
    }
  >
>();

// A knowledge table's schema gives the entry type a deprecated option carries.
type ImageEntry = FromSchema<(typeof IMAGES_OPTION_SCHEMA)["items"]>;
expectType<Equal<ImageEntry["image"], string | readonly string[]>>();
expectType<Equal<ImageEntry["runtime"], Runtime | undefined>>();
// Outside the subset: unknown, never a wrong type.
expectType<Equal<FromSchema<{ readonly oneOf: readonly [] }>, unknown>>();

const meta = { id: "typed", shortDescription: "s", fullDescription: "f", remediation: "r", severity: "error", incident: "k", tags: [], precision: "high", securitySeverity: 5, messages: { limit: "limit {{limit}}, names {{names}}" } } as const satisfies RuleMeta;

const typed = defineRule({
  meta: { ...meta, optionsSchema: { type: "object", additionalProperties: false, properties: { limit: { type: "integer", minimum: 1 }, names: { type: "array", items: { type: "string" } } } }, defaultOptions: { limit: 3, names: [] } },
  check: ({ options, model, report }) => {
    expectType<Equal<typeof options, { readonly limit: number; readonly names: readonly string[] }>>();
    // @ts-expect-error an option the schema does not declare
    void options.nope;
    for (const o of model.objects) report({ object: o, path: [], messageId: "limit", data: { limit: options.limit + 1, names: options.names.join(",") } });
  },
});

defineRule({
  // @ts-expect-error defaults must give every option the schema names
  meta: { ...meta, optionsSchema: { type: "object", properties: { limit: { type: "integer" } } }, defaultOptions: {} },
  check: () => undefined,
});
defineRule({
  // @ts-expect-error a default of the wrong type
  meta: { ...meta, optionsSchema: { type: "object", properties: { limit: { type: "integer" } } }, defaultOptions: { limit: "3" } },
  check: () => undefined,
});
defineRule({
  meta,
  check: ({ options: _none }) => {
    // A rule without a schema has no options.
    expectType<Equal<typeof _none, Record<never, never>>>();
  },
});

describe("rule options typed from their schema", () => {
  it("values of the types above pass the schemas they come from (the types describe what ajv accepts)", () => {
    const ajv = new Ajv({ strict: false });
    const horizon: OptionsOf<typeof HORIZON> = { expiryHorizonDays: 30 };
    const mixed: OptionsOf<typeof MIXED> = { names: ["a"], mode: "merge", either: ["x"], on: true, env: { A: "b" }, nested: { flag: "--mode" } };
    ok(ajv.validate(HORIZON, horizon), ajv.errorsText());
    ok(ajv.validate(MIXED, mixed), ajv.errorsText());
  });

  it("check receives the validated options the types describe (config values merged over the defaults)", () => {
    const model = new Model(loadStreams([{ text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", origin: { via: "file", file: "/v.yaml" } }], "default").objects);
    const config = { ...EMPTY_CONFIG, rules: new Map([["typed", { options: { names: ["a", "b"] } }]]) };
    const found = runRules(model, configureRules([typed], config), { clusterDomain: undefined, now: 0 });
    deepStrictEqual(
      found.map((f) => f.message),
      ["limit 4, names a,b"],
    );
  });
});

// Message ids are inferred from meta.messages like options from the schema: report takes only those.
defineRule({
  meta: { ...meta, messages: { known: "known {{name}}" } },
  check: ({ model, report }) => {
    for (const o of model.objects) report({ object: o, path: [], messageId: "known", data: { name: o.name } });
    // @ts-expect-error a message id meta.messages does not declare
    for (const o of model.objects) report({ object: o, path: [], messageId: "unknown" });
  },
});
