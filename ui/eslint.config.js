import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";

// The window's features, named as the Rust layers name them (src-tauri/core/src/<feature>).
const FEATURES = ["contracts", "data_file", "organisation", "programme", "reports", "review", "user"];
// Screens call Rust only through src/shared/backend.ts.
const tauri = { name: "@tauri-apps/api/core", message: "Call Rust through src/shared/backend.ts" };
// ...and use the generated commands and types as backend.ts gives them.
const bindings = {
  regex: "^(\\.\\./)+(shared/)?bindings$",
  message: "Use the commands and types through src/shared/backend.ts",
};
const shell = {
  regex: "^(\\.\\./)+(App\\.svelte|screens|closing|main)$",
  message: "The window's shell puts the features together; nothing imports it",
};

export default ts.config(
  { ignores: ["dist/", "node_modules/", "src/shared/bindings.ts"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs["flat/recommended"],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    rules: { "no-restricted-imports": ["error", { paths: [tauri] }] },
  },
  // What is shared knows no feature.
  {
    files: ["src/shared/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [tauri],
          patterns: [
            { regex: "^(\\.\\./)+features/", message: "Shared code knows no feature: pass what it needs in" },
            shell,
          ],
        },
      ],
    },
  },
  // A feature uses another only through that feature's index.ts, never its internals.
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [tauri],
          patterns: [
            {
              regex: `^(\\.\\./)+(features/)?(${FEATURES.filter((f) => f !== feature).join("|")})/(?!index(\\.ts)?$).+`,
              message: "Use what the other feature offers in its index.ts, not its internals",
            },
            shell,
            bindings,
          ],
        },
      ],
    },
  })),
  {
    files: ["src/shared/backend.ts", "src/**/*.test.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
