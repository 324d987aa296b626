// The add-on's API client: the core's createSyncApi over UrlFetchApp, configured from UserProperties.
import { ApiError, createSyncApi, type SyncApi } from "../../../shared";
import type { UserConfig } from "../config/user-config";
import { LIMIT_SENTENCES } from "./apps-script-limits";
import { urlFetchTransport_, type UrlFetchTransport } from "./url-fetch-transport";
import { identityToken_ } from "./identity-token";

export interface TouchbaseApi {
  api: SyncApi;
  transport: UrlFetchTransport;
}

export function quotaError_(): ApiError {
  return new ApiError("quota_exhausted", LIMIT_SENTENCES.urlfetch, 0);
}

/** The API's base URL and the caller's credential: the user's Google ID token. */
export function apiConfig_(config: Pick<UserConfig, "serverUrl">): { baseUrl: string; token: string } {
  return { baseUrl: config.serverUrl, token: identityToken_() };
}

export function touchbaseApi_(config: Pick<UserConfig, "serverUrl">): TouchbaseApi {
  const transport = urlFetchTransport_();
  const inner = createSyncApi(apiConfig_(config), transport.send);
  // The core reports every transport failure as "unreachable"; Apps Script's daily quota deserves its own sentence.
  const api = {} as Record<string, (input: unknown) => unknown>;
  for (const name of Object.keys(inner) as (keyof SyncApi)[]) {
    const call = inner[name] as (input: unknown) => unknown;
    api[name] = (input: unknown) => {
      try {
        return call(input);
      } catch (error) {
        if (
          error instanceof ApiError &&
          error.code === "unreachable" &&
          transport.lastFailure() === "quota"
        ) {
          throw quotaError_();
        }
        throw error;
      }
    };
  }
  return { api: api as unknown as SyncApi, transport };
}
