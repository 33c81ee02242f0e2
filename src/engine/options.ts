/**
 * A rule's options have one source: the JSON Schema in `meta.optionsSchema`. Ajv validates the
 * options a config gives against it (src/engine/configure.ts, when the lint starts, before any
 * render), and `OptionsOf` turns the same schema, written `as const`, into the type `check`
 * receives, so no rule declares its options twice or casts them.
 *
 * `FromSchema` covers the JSON Schema the rules and knowledge tables use: `type` (string,
 * number, integer, boolean, array with `items`, object with `properties`, `required` and
 * `additionalProperties`), `enum`, `const` and `anyOf`. Keywords that only narrow a value
 * (`minLength`, `pattern`, `minimum`, `default`, ...) do not change its type. A schema outside
 * that subset gives `unknown`, never a wrong type.
 */

/** The top-level schema of a rule's options: an object of named options. */
export interface OptionsSchema {
  readonly type: "object";
  readonly additionalProperties?: false;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly required?: readonly string[];
}

/** The options of a rule without any. */
export const NO_OPTIONS = { type: "object", additionalProperties: false, properties: {} } as const satisfies OptionsSchema;
export type NoOptionsSchema = typeof NO_OPTIONS;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type FromType<S> = S extends { readonly type: "string" }
  ? string
  : S extends { readonly type: "number" | "integer" }
    ? number
    : S extends { readonly type: "boolean" }
      ? boolean
      : S extends { readonly type: "null" }
        ? null
        : S extends { readonly type: "array" }
          ? S extends { readonly items: infer I }
            ? readonly FromSchema<I>[]
            : readonly unknown[]
          : S extends { readonly type: "object" }
            ? FromObject<S>
            : unknown;

type FromObject<S> = S extends { readonly properties: infer P }
  ? Simplify<
      { readonly [K in keyof P as K extends RequiredOf<S> ? K : never]: FromSchema<P[K]> } & {
        readonly [K in keyof P as K extends RequiredOf<S> ? never : K]?: FromSchema<P[K]>;
      }
    >
  : S extends { readonly additionalProperties: infer A }
    ? A extends false
      ? Record<string, never>
      : A extends true
        ? Readonly<Record<string, unknown>>
        : Readonly<Record<string, FromSchema<A>>>
    : Readonly<Record<string, unknown>>;

type RequiredOf<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;

/** The TypeScript type of the values a JSON Schema (written `as const`) accepts. */
export type FromSchema<S> = S extends { readonly const: infer C }
  ? C
  : S extends { readonly enum: readonly (infer E)[] }
    ? E
    : S extends { readonly anyOf: readonly (infer A)[] }
      ? A extends unknown
        ? FromSchema<A>
        : never
      : FromType<S>;

/**
 * The options `check` receives: every option the schema names, each present, because the
 * engine merges `meta.defaultOptions` (which must give every option: `defineRule` requires it)
 * under what the config sets before validating.
 */
export type OptionsOf<S extends OptionsSchema> = Simplify<{ readonly [K in keyof S["properties"]]: FromSchema<S["properties"][K]> }>;
