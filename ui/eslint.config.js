import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";

export default ts.config(
  { ignores: ["dist/", "node_modules/", "src/lib/bindings.ts"] },
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
    rules: {
      // Screens call Rust only through src/lib/backend.ts.
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@tauri-apps/api/core", message: "Call Rust through src/lib/backend.ts" }] },
      ],
    },
  },
  {
    files: ["src/lib/backend.ts", "src/**/*.test.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
