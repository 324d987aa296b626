// Domains a customer or the workspace cannot own: a public suffix (`co.uk`) would claim a whole country's mail,
// a personal provider (`gmail.com`) never matches a customer by domain. Refused with a sentence everywhere a
// domain comes in: the customer API, CSV import, the workspace's internal domains, the CLI.
import { join } from "node:path";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerImportResultSchema } from "../../shared/index";
import { runCli } from "../src/cli/run-cli";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds, tempDir } from "./test-databases";

describe.each(databaseKinds)("domains a customer or workspace cannot own, on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace();
  });
  afterAll(() => t?.close());

  it("POST and PATCH /customers refuse public suffixes and personal providers with a sentence", async () => {
    for (const domain of ["co.uk", "@com.au", "*.org.uk"]) {
      const res = await t.call(ws.adminToken, "POST", "/customers", { name: "Suffix", domains: [domain] });
      expect(res.status, domain).toBe(400);
      expect(res.body.error.code).toBe("public_suffix");
      expect(res.body.error.message).toMatch(/is a public suffix shared by many unrelated organisations/);
    }
    const gmail = await t.call(ws.adminToken, "POST", "/customers", { name: "Mail", domains: ["GMail.com"] });
    expect(gmail.status).toBe(400);
    expect(gmail.body.error).toMatchObject({
      code: "personal_domain",
      message:
        "gmail.com is a personal email provider: its addresses never match a customer by domain. " +
        "Add the person as a contact of the customer instead.",
    });
    const fine = await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.co.uk"] });
    expect(fine.status).toBe(201);
    expect(fine.body.domains).toEqual(["acme.co.uk"]);
    const patched = await t.call(ws.adminToken, "PATCH", `/customers/${fine.body.id}`, {
      domains: ["acme.co.uk", "hotmail.co.uk"],
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.code).toBe("personal_domain");
    // Nothing changed.
    expect((await t.call(ws.adminToken, "GET", `/customers/${fine.body.id}`)).body.domains).toEqual([
      "acme.co.uk",
    ]);
  });

  it("CSV import reports such a domain as that line's error and imports the rest", async () => {
    const csv = ["name,domains", "Suffix Co,co.uk", "Yahoo Co,yahoo.com", "Real Co,real-co.example"].join(
      "\n",
    );
    const res = await t.call(ws.adminToken, "POST", "/customers/import", csv, { "content-type": "text/csv" });
    const result = CustomerImportResultSchema.parse(res.body);
    expect(result.created).toBe(1);
    expect(result.errors).toEqual([
      { line: 2, message: expect.stringMatching(/^co\.uk is a public suffix/) },
      { line: 3, message: expect.stringMatching(/^yahoo\.com is a personal email provider/) },
    ]);
  });

  it("PATCH /workspace refuses a public suffix as an internal domain", async () => {
    const res = await t.call(ws.adminToken, "PATCH", "/workspace", {
      internalDomains: ["northwind.test", "co.uk"],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("public_suffix");
    expect(res.body.error.message).toContain("not one company's internal domain");
    expect((await t.call(ws.adminToken, "GET", "/workspace")).body.internalDomains).not.toContain("co.uk");
  });
});

describe("domains a customer or workspace cannot own, in the CLI", () => {
  const dir = tempDir("touchbase-cli-domains-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("workspace create refuses a public suffix in one sentence", async () => {
    const err: string[] = [];
    const code = await runCli(
      ["workspace", "create", "Suffix Co", "--internal-domain", "co.uk", "--admin-email", "boss@suffix.test"],
      { TOUCHBASE_DATA: join(dir, "data") },
      { out: () => undefined, err: (l) => err.push(l) },
    );
    expect(code).toBe(1);
    expect(err).toEqual([
      expect.stringMatching(/^co\.uk is a public suffix shared by many unrelated organisations/),
    ]);
  });
});
