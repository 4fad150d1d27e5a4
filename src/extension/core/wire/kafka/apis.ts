/**
 * The APIs the listener serves and the versions it advertises in ApiVersions. The lowest version of
 * each is the spec's own (what Kafka 4 still accepts); the highest is the spec's too, except where a
 * later version changes what the request means in a way the listener does not serve yet (topic ids
 * in OffsetCommit/OffsetFetch v10, the top-level error of Metadata v13), so clients negotiate down,
 * exactly as they do with an older broker.
 */
import { MESSAGES } from './generated/messages.js';
import type { MessageSpec } from './schema.js';

/** An API name from the generated specs. */
export type ApiName = keyof typeof MESSAGES;

/** One served API. */
export interface ServedApi {
  readonly name: ApiName;
  readonly key: number;
  readonly min: number;
  readonly max: number;
  readonly request: MessageSpec;
  readonly response: MessageSpec;
}

const CAPS: Partial<Record<ApiName, number>> = {
  Metadata: 12,
  OffsetCommit: 9,
  OffsetFetch: 9,
};

/** Served APIs by key. */
export const SERVED: ReadonlyMap<number, ServedApi> = new Map(
  (Object.keys(MESSAGES) as ApiName[]).map((name) => {
    const { request, response } = MESSAGES[name] as { request: MessageSpec; response: MessageSpec };
    const max = Math.min(request.valid[1], CAPS[name] ?? Number.POSITIVE_INFINITY);
    return [request.apiKey, { name, key: request.apiKey, min: request.valid[0], max, request, response }];
  }),
);

/** Request header v2 (flexible) starts with the request's first flexible version. */
export function requestHeaderVersion(api: ServedApi, version: number): 1 | 2 {
  return version >= api.request.flexible ? 2 : 1;
}

/** Response header v1 (tagged fields) for flexible versions, except ApiVersions, which always uses v0. */
export function responseHeaderVersion(api: ServedApi, version: number): 0 | 1 {
  if (api.name === 'ApiVersions') return 0;
  return version >= api.response.flexible ? 1 : 0;
}
