// The lint rule that keeps one core and three thin shells: shared/ imports no shell and no Node built-in; the
// shells never import each other. Checked by linting small snippets as if they lived in each folder.
import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: fileURLToPath(new URL("../..", import.meta.url)) });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("folder boundaries", () => {
  it("forbids shared/ from importing a shell or Node built-ins", async () => {
    expect(
      await boundaryErrors("shared/x.ts", 'import { a } from "../backend/src/app";\nexport const b = a;\n'),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "shared/x.ts",
        'import { a } from "../outlook-addin/src/x";\nexport const b = a;\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "shared/x.ts",
        'import { readFileSync } from "node:fs";\nexport const b = readFileSync;\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors("shared/x.ts", 'import { z } from "zod";\nexport const b = z;\n'),
    ).toHaveLength(0);
  });

  it("forbids the shells from importing each other, but lets them import shared/", async () => {
    expect(
      await boundaryErrors(
        "backend/src/x.ts",
        'import { a } from "../../gmail-addon/src/entry";\nexport const b = a;\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "gmail-addon/src/x.ts",
        'import { a } from "../../outlook-addin/src/x";\nexport const b = a;\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "outlook-addin/src/x.ts",
        'import { a } from "../../backend/src/app";\nexport const b = a;\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "outlook-addin/src/x.ts",
        'import { a } from "../../shared/index";\nexport const b = a;\n',
      ),
    ).toHaveLength(0);
  });
});

describe("the web workspace and the shared browser components", () => {
  it("lets web/ import shared/ and ui/, and nothing of the other shells", async () => {
    expect(
      await boundaryErrors("web/src/x.tsx", 'import { a } from "../../shared/index";\nexport const b = a;\n'),
    ).toHaveLength(0);
    expect(
      await boundaryErrors(
        "web/src/x.tsx",
        'import { a } from "../../ui/email/sanitize-email";\nexport const b = a;\n',
      ),
    ).toHaveLength(0);
    for (const shell of [
      "../../backend/src/app",
      "../../outlook-addin/src/x",
      "../../gmail-addon/src/entry",
    ]) {
      expect(
        await boundaryErrors("web/src/x.tsx", `import { a } from "${shell}";\nexport const b = a;\n`),
      ).toHaveLength(1);
    }
  });

  it("keeps ui/ to browser components: no shell imports it but the browser ones, it imports no shell", async () => {
    expect(
      await boundaryErrors("ui/x.ts", 'import { a } from "../web/src/app";\nexport const b = a;\n'),
    ).toHaveLength(1);
    expect(
      await boundaryErrors("ui/x.ts", 'import { a } from "../outlook-addin/src/x";\nexport const b = a;\n'),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "backend/src/x.ts",
        'import { a } from "../../ui/email/x";\nexport const b = a;\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors("shared/x.ts", 'import { a } from "../web/src/x";\nexport const b = a;\n'),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "outlook-addin/src/x.ts",
        'import { a } from "../../ui/email/sanitize-email";\nexport const b = a;\n',
      ),
    ).toHaveLength(0);
  });
});
