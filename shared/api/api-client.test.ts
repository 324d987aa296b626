import { describe, expect, it } from "vitest";
import { ApiError, userMessage } from "./api-error";
import { buildRequest, createAsyncApi, createSyncApi, parseResponse } from "./api-client";
import type { HttpRequest, HttpResponse } from "./http-types";

const config = { baseUrl: "https://tb.example.com/", token: "tok" };
const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("building requests", () => {
  it("builds the lookup with repeated query keys and the bearer token", () => {
    const req = buildRequest(config, "lookup", { emails: ["a@x.com", "b+c@y.com"], messageId: "<m@x>" });
    expect(req).toEqual({
      method: "GET",
      url: "https://tb.example.com/api/v1/lookup?email=a%40x.com&email=b%2Bc%40y.com&messageId=%3Cm%40x%3E",
      headers: { accept: "application/json", authorization: "Bearer tok" },
      body: undefined,
    });
  });

  it("sends JSON bodies, CSV bodies, path ids encoded and conditional headers", () => {
    const batch = buildRequest(config, "syncEmails", [
      { messageId: "<a@b>", from: "a@b.com", sentAt: "2026-01-01T00:00:00Z" },
    ]);
    expect(batch.method).toBe("POST");
    expect(batch.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(batch.body ?? "")).toEqual({
      emails: [{ messageId: "<a@b>", from: "a@b.com", sentAt: "2026-01-01T00:00:00Z" }],
    });
    expect(buildRequest(config, "importCustomers", "name,domains\n").headers["content-type"]).toBe(
      "text/csv",
    );
    expect(buildRequest(config, "removeEmail", "a/b").url).toBe("https://tb.example.com/api/v1/emails/a%2Fb");
    const index = buildRequest(config, "customerIndex", { etag: '"v1"', since: "12" });
    expect(index.headers["if-none-match"]).toBe('"v1"');
    expect(index.url).toBe("https://tb.example.com/api/v1/customer-index?since=12");
  });
});

describe("parsing responses", () => {
  it("validates successful answers with the shared schemas", () => {
    expect(parseResponse("health", json(200, { ok: true, database: "pglite" }))).toEqual({
      ok: true,
      database: "pglite",
    });
    expect(() => parseResponse("health", json(200, { ok: "yes" }))).toThrow(ApiError);
  });

  it("treats 304 on the index as an answer", () => {
    expect(parseResponse("customerIndex", { status: 304, headers: { etag: '"v1"' }, body: "" })).toEqual({
      notModified: true,
      etag: '"v1"',
    });
  });

  it("turns error bodies into ApiErrors with the server's code and sentence", () => {
    const err = (() => {
      try {
        parseResponse(
          "me",
          json(401, { error: { code: "unauthorized", message: "The API token is not valid." } }),
        );
      } catch (e) {
        return e as ApiError;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect(err?.code).toBe("unauthorized");
    expect(err?.status).toBe(401);
    expect(err?.retryable).toBe(false);
    expect(userMessage(err)).toBe("The API token is not valid.");
  });

  it("gives a sentence for errors without a JSON body, and never a stack trace", () => {
    try {
      parseResponse("me", { status: 502, headers: {}, body: "<html>Bad gateway</html>" });
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).message).toBe("The Touchbase server had a problem. Try again in a moment.");
      expect((e as ApiError).retryable).toBe(true);
    }
    expect(userMessage(new TypeError("x is undefined"))).not.toMatch(/undefined|TypeError/);
  });
});

describe("sync and async executors", () => {
  const me = { id: "u1", email: "me@x.com", name: "Me", role: "member", workspaceId: "w1" };

  it("runs the same endpoint over a synchronous transport", () => {
    const seen: HttpRequest[] = [];
    const api = createSyncApi(config, (req) => {
      seen.push(req);
      return json(200, me);
    });
    expect(api.me()).toEqual(me);
    expect(seen[0].url).toBe("https://tb.example.com/api/v1/me");
  });

  it("runs it over an asynchronous transport and maps transport failures to 'unreachable'", async () => {
    const api = createAsyncApi(config, async () => json(200, me));
    await expect(api.me()).resolves.toEqual(me);
    const down = createAsyncApi(config, async () => {
      throw new Error("ECONNREFUSED");
    });
    await expect(down.me()).rejects.toMatchObject({ code: "unreachable", status: 0, retryable: true });
    const syncDown = createSyncApi(config, () => {
      throw new Error("Address unavailable");
    });
    expect(() => syncDown.me()).toThrow(/could not be reached/);
  });
});
