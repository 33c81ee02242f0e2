// Flat config: ESLint's recommended rules plus typescript-eslint's type-aware set for the sources,
// and the pipeline's dependency direction (DEPENDENCY_ZONES below).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The layers of the pipeline, as folders (src/<layer>/, rules/) or files (src/lint.ts). An
 * import names a layer when its relative path climbs out of the importing folder (`../`) and
 * enters the layer's folder; imports within a layer are free.
 */
const LAYERS = ["cli", "action", "lint", "config", "render", "load", "model", "knowledge", "engine", "findings", "locate", "filter", "report", "rules", "util"];

/**
 * Who may not import whom. Dependencies point one way: cli → lint → render/load/model/engine/
 * locate/filter/report; rules → engine types, model, knowledge; model imports no engine, locate
 * or report; knowledge imports nothing of the pipeline. A back-edge fails `npm run lint` with
 * the message below (test/unit/dependency-direction.test.ts proves it on a fixture). Tests may
 * import anything.
 */
const DEPENDENCY_ZONES = [
  { layer: "lint", files: ["src/lint.ts"], forbidden: ["cli", "action", "rules"] },
  { layer: "cli", files: ["src/cli/**"], forbidden: ["action"] },
  { layer: "config", files: ["src/config/**"], forbidden: ["cli", "action", "lint", "load", "engine", "findings", "locate", "filter", "report", "rules"] },
  { layer: "render", files: ["src/render/**"], forbidden: ["cli", "action", "lint", "config", "model", "knowledge", "engine", "findings", "locate", "filter", "report", "rules"] },
  { layer: "load", files: ["src/load/**"], forbidden: ["cli", "action", "lint", "config", "render", "engine", "findings", "locate", "filter", "report", "rules"] },
  { layer: "model", files: ["src/model/**"], forbidden: ["cli", "action", "lint", "config", "render", "load", "engine", "findings", "locate", "filter", "report", "rules"] },
  // Knowledge tables may name the shared vocabulary (Severity, K8sObject: `import type` from model/types) and nothing else.
  { layer: "knowledge", files: ["src/knowledge/**"], forbidden: LAYERS.filter((l) => l !== "knowledge" && l !== "util"), typesOnly: ["model/types"] },
  { layer: "engine", files: ["src/engine/**"], forbidden: ["cli", "action", "lint", "render", "load", "findings", "filter", "report", "rules"] },
  { layer: "findings", files: ["src/findings/**"], forbidden: ["cli", "action", "lint", "config", "render", "filter", "report", "rules"] },
  { layer: "locate", files: ["src/locate/**"], forbidden: ["cli", "action", "lint", "config", "render", "findings", "filter", "report", "rules"] },
  { layer: "filter", files: ["src/filter/**"], forbidden: ["cli", "action", "lint", "render", "findings", "locate", "report", "rules"] },
  { layer: "report", files: ["src/report/**"], forbidden: ["cli", "action", "lint", "config", "findings", "filter", "rules"] },
  { layer: "util", files: ["src/util/**"], forbidden: LAYERS.filter((l) => l !== "util") },
  // Rules query the model and knowledge and report through the engine's types; running rules is the engine's business.
  { layer: "rules", files: ["rules/**"], forbidden: ["cli", "action", "lint", "config", "render", "load", "findings", "locate", "filter", "report"], extra: [{ regex: "^(?:\\.\\./)+(?:src/)?engine/(?:run|configure)$", message: "rules must not import the engine's runner (engine/run, engine/configure): rules use engine/rule and engine/finding types only" }] },
];

const DIRECTION = "dependencies point cli → lint → render/load/model/engine/locate/filter/report; rules → engine types, model, knowledge (README, Architecture)";

const dependencyZones = DEPENDENCY_ZONES.map(({ layer, files, forbidden, typesOnly = [], extra = [] }) => ({
  files,
  ignores: ["**/*.test.ts"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          ...forbidden.map((target) => ({
            // `../`s (and `src/` from rules/), then the layer's folder or file; `./` only from src/ itself.
            regex: `^(?:(?:\\.\\./)+(?:src/)?${files[0] === "src/lint.ts" ? "|\\./" : ""})${target}(?:/|$)${typesOnly.filter((t) => t.startsWith(`${target}/`)).map((t) => `(?!${t.slice(target.length + 1)}$)`).join("")}`,
            message: `${layer} must not import ${target}: ${DIRECTION}.`,
          })),
          ...typesOnly.map((module) => ({
            regex: `^(?:\\.\\./)+(?:src/)?${module}$`,
            allowTypeImports: true,
            message: `${layer} may only \`import type\` from ${module}: ${DIRECTION}.`,
          })),
          ...extra,
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tools/**", "coverage/**", "test/fixtures/**", "examples/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      eqeqeq: ["error", "always"],
    },
  },
  ...dependencyZones,
  {
    // A spread argument is one call argument per element: V8 throws "Maximum call stack size
    // exceeded" beyond about 125,000 (issue 10, class 6). Input-sized arrays go through
    // src/util/arrays.ts (pushAll, minOf, maxOf) instead.
    files: ["src/**/*.ts", "rules/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...["push", "unshift", "fromCharCode", "fromCodePoint"].map((name) => ({
          selector: `CallExpression[callee.property.name='${name}'] > SpreadElement`,
          message: `${name}(...array) overflows the call stack on large input: use pushAll() from src/util/arrays.ts or a loop.`,
        })),
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(min|max)$/] > SpreadElement",
          message: "Math.min/max(...array) overflows the call stack on large input: use minOf()/maxOf() from src/util/arrays.ts.",
        },
        // A manifest may hold anything: kubernetes-models types (IService, IPodSpec, ...) describe
        // the shape to read, as a view whose fields are optional and whose values are narrowed first.
        ...["TSAsExpression", "TSTypeAssertion"].map((node) => ({
          selector: `${node} > TSTypeReference.typeAnnotation > Identifier.typeName[name=/^I[A-Z][a-z]/]`,
          message: "Do not cast untrusted input onto a kubernetes-models type: read it through viewAs<T>() / itemsAs<T>() (UntrustedView, src/model/values.ts).",
        })),
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { "@typescript-eslint/no-require-imports": "off" },
    languageOptions: {
      globals: { process: "readonly", console: "readonly", require: "readonly", module: "writable", __dirname: "readonly", Buffer: "readonly", URL: "readonly" },
    },
  },
);
