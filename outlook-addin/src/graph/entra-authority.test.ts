import { describe, expect, it } from "vitest";
import { entraAuthority, touchbaseApiScope } from "./entra-client-id";

describe("the Entra authority", () => {
  it("defaults to common and takes a tenant id, a tenant's domain, organizations or a URL", () => {
    expect(entraAuthority("")).toBe("https://login.microsoftonline.com/common");
    expect(entraAuthority(" D9C4B2A1-5E6F-4A7B-8C9D-0E1F2A3B4C5D ")).toBe(
      "https://login.microsoftonline.com/d9c4b2a1-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    );
    expect(entraAuthority("contoso.onmicrosoft.com")).toBe(
      "https://login.microsoftonline.com/contoso.onmicrosoft.com",
    );
    expect(entraAuthority("organizations")).toBe("https://login.microsoftonline.com/organizations");
    expect(entraAuthority("https://login.microsoftonline.us/organizations/")).toBe(
      "https://login.microsoftonline.us/organizations",
    );
  });

  it("refuses anything else with a sentence naming the setting", () => {
    for (const bad of ["not a tenant", "http://login.example/common", "../evil", "common/oauth2"]) {
      expect(() => entraAuthority(bad)).toThrow(/TOUCHBASE_ENTRA_AUTHORITY must be/);
    }
  });
});

describe("Touchbase's API scope", () => {
  it("defaults to access_as_user under api://<add-in host>/<client id>, and is empty without an app", () => {
    expect(touchbaseApiScope("", "app-1", "https://touchbase.example.com")).toBe(
      "api://touchbase.example.com/app-1/access_as_user",
    );
    expect(touchbaseApiScope("", "", "https://touchbase.example.com")).toBe("");
    expect(touchbaseApiScope(" api://tb.example/app-1/access_as_user ", "app-1", "https://x")).toBe(
      "api://tb.example/app-1/access_as_user",
    );
  });

  it("refuses a scope that is not a URI with a scope name", () => {
    expect(() => touchbaseApiScope("access_as_user", "app-1", "https://x")).toThrow(
      /TOUCHBASE_ENTRA_API_SCOPE must look like/,
    );
  });
});
