import { describe, expect, it } from "vitest";
import type { AsyncTransport, HttpRequest } from "../../../shared";
import { GraphError } from "../graph";
import { bearerTransport } from "./bearer-transport";
import { accountOfToken } from "./signed-in-account";

const request: HttpRequest = {
  method: "GET",
  url: "https://tb.example/api/v1/me",
  headers: { accept: "json" },
};
const answer = (status: number, code?: string) => ({
  status,
  headers: {},
  body: code ? JSON.stringify({ error: { code, message: code } }) : "{}",
});

/** A server that accepts only `good` tokens, and an MSAL that hands out `first` until asked to refresh. */
function world(first: string) {
  const seen: string[] = [];
  const asked: boolean[] = [];
  const server: AsyncTransport = async (r) => {
    seen.push(r.headers.authorization ?? "");
    return r.headers.authorization === "Bearer good" ? answer(200) : answer(401, "token_expired");
  };
  const tokens = {
    getGraphToken: async (o: { forceRefresh?: boolean } = {}) => {
      asked.push(Boolean(o.forceRefresh));
      return o.forceRefresh ? "good" : first;
    },
  };
  return { send: bearerTransport(server, tokens), seen, asked };
}

describe("bearerTransport", () => {
  it("sends the user's token as the bearer, asked from MSAL for each request", async () => {
    const { send, seen, asked } = world("good");
    expect((await send(request)).status).toBe(200);
    expect(seen).toEqual(["Bearer good"]);
    expect(asked).toEqual([false]);
  });

  it("a token the server refuses is renewed once (forceRefresh) and the request sent again", async () => {
    const { send, seen, asked } = world("stale");
    expect((await send(request)).status).toBe(200);
    expect(seen).toEqual(["Bearer stale", "Bearer good"]);
    expect(asked).toEqual([false, true]);
  });

  it("gives up after one renewal, and never retries a 403", async () => {
    let calls = 0;
    const refusing = bearerTransport(async () => (calls++, answer(403, "deactivated")), {
      getGraphToken: async () => "t",
    });
    expect((await refusing(request)).status).toBe(403);
    expect(calls).toBe(1);
    const always401 = bearerTransport(async () => (calls++, answer(401, "bad_signature")), {
      getGraphToken: async () => "t",
    });
    calls = 0;
    expect((await always401(request)).status).toBe(401);
    expect(calls).toBe(2);
  });

  it("when MSAL needs the user, answers a 401 with MSAL's sentence and sends nothing", async () => {
    let calls = 0;
    const send = bearerTransport(async () => (calls++, answer(200)), {
      getGraphToken: async () => {
        throw new GraphError("signin_required", "Sign in with your Microsoft work account.", 401);
      },
    });
    const response = await send(request);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "signin_required", message: "Sign in with your Microsoft work account." },
    });
    expect(calls).toBe(0);
  });
});

describe("accountOfToken", () => {
  const jwt = (claims: object) =>
    `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

  it("keys local data by tenant and object id, the pair Entra keeps stable", () => {
    expect(
      accountOfToken(
        jwt({ tid: "T-1", oid: "O-1", preferred_username: "dana@contoso.com", name: "Dana Example" }),
      ),
    ).toEqual({ owner: "microsoft:t-1:o-1", username: "dana@contoso.com", name: "Dana Example" });
  });

  it("is null for anything that is not a Microsoft token", () => {
    expect(accountOfToken("tb_not_a_jwt")).toBeNull();
    expect(accountOfToken(jwt({ sub: "x" }))).toBeNull();
  });
});
