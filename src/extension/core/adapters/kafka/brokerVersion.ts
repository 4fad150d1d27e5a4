/**
 * What a Kafka broker's version can honestly be said to be. Kafka has no "version" request: a client
 * only learns, from ApiVersions, the range of versions the broker accepts for each request. Those
 * ranges pin down a release line in one place that matters to a user: Kafka 4.0 removed the oldest
 * request versions (KIP-896), so a broker whose lowest Fetch version is 4 and lowest ListOffsets
 * version is 1 speaks the 4.x protocol, and one that still accepts Fetch v0 speaks an older one.
 * (Produce is no marker: Kafka 4.4 still advertises Produce v0-v2, as the shared test broker shows.)
 * Finer guesses (which 4.x) would need a table of every release's maxima and still be wrong for
 * brokers that are not Apache Kafka (Redpanda, WarpStream, ...), so the text says only what is known
 * and that it was inferred.
 */

/** ApiVersions as kafkajs keeps it per broker: API key -> accepted version range. */
export type ApiVersionRanges = Readonly<Record<number, { readonly minVersion: number; readonly maxVersion: number }>>;

const FETCH = 1;
const LIST_OFFSETS = 2;

/** A short version text from the ApiVersions ranges, or null when nothing can be said. */
export function kafkaVersionFromApiVersions(versions: ApiVersionRanges | null | undefined): string | null {
  const fetch = versions?.[FETCH];
  const listOffsets = versions?.[LIST_OFFSETS];
  if (!fetch || !listOffsets) return null;
  const ranges = `Fetch v${fetch.minVersion}-${fetch.maxVersion}, ListOffsets v${listOffsets.minVersion}-${listOffsets.maxVersion}`;
  if (fetch.minVersion >= 4 && listOffsets.minVersion >= 1) return `4.x protocol (inferred from ApiVersions: ${ranges})`;
  if (fetch.minVersion === 0) return `pre-4.0 protocol (inferred from ApiVersions: ${ranges})`;
  return `unknown (ApiVersions: ${ranges})`;
}
