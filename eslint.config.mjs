import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.next/**", "examples/**/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Adapters merge a class with an interface to add supertokens-node's method names, installed
    // on the prototype by framework/official-methods.ts (the TypeScript mixin pattern).
    files: ["packages/node/src/framework/**"],
    rules: { "@typescript-eslint/no-unsafe-declaration-merging": "off" },
  },
);
