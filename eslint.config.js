// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";

/**
 * Importing any of these folders from `from` breaks the one-core-four-shells shape (see ../STYLE). `ui/` holds
 * browser components shared by the Outlook pane and the web workspace: browser shells may import it, nothing else.
 * `dev/` holds Node-only helpers for tests, benchmarks, simulators and the demo: the core and `ui/` never import it.
 */
const boundaries = {
  shared: ["outlook-addin", "gmail-addon", "backend", "web", "ui", "dev"],
  ui: ["outlook-addin", "gmail-addon", "backend", "web", "dev"],
  "outlook-addin": ["gmail-addon", "backend", "web"],
  "gmail-addon": ["outlook-addin", "backend", "web", "ui"],
  backend: ["outlook-addin", "gmail-addon", "web", "ui"],
  web: ["outlook-addin", "gmail-addon", "backend"],
};

const boundaryRules = Object.entries(boundaries).map(([from, forbidden]) => ({
  files: [`${from}/**/*.{ts,tsx,js,mjs}`],
  // Node-only test helpers and benchmarks of the core may use Node built-ins (they are not the core). The web
  // workspace's E2E suite and benchmark start the real backend in-process (they are not the workspace).
  ignores:
    from === "shared"
      ? ["shared/**/*.test.ts", "shared/test/**"]
      : from === "web"
        ? ["web/e2e/**", "web/bench/**"]
        : [],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: `(^|/)(${forbidden.join("|")})(/|$)`,
            message: `${from}/ must not import ${forbidden.join(", ")}: the shells only share code through shared/.`,
          },
          ...(from === "shared"
            ? [
                {
                  regex: "^node:|^(fs|path|os|crypto|http|https|zlib|child_process|worker_threads)$",
                  message:
                    "shared/ is platform-neutral: no Node built-ins (Apps Script and the browser have none).",
                },
              ]
            : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      ".touchbase/**",
      "**/drizzle/meta/**",
      "test-results/**",
      "**/*.gen.*",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        { selector: "TSEnumDeclaration", message: "Use an `as const` object instead of an enum." },
      ],
    },
  },
  {
    files: ["outlook-addin/**/*.tsx", "outlook-addin/**/*.ts", "web/**/*.tsx", "web/**/*.ts", "ui/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  ...boundaryRules,
  prettier,
);
