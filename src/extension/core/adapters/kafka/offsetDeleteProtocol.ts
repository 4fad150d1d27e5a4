/**
 * OffsetDelete (API key 47, KIP-496, Kafka 2.4+): removes a group's committed offsets on some
 * partitions, as `kafka-consumer-groups --delete-offsets` does. kafkajs 2.2.4 has no request for it,
 * so the request is encoded here (v0, not flexible) and sent over kafkajs's connection to the group
 * coordinator. Reverting a reset uses it to put a partition back to "no committed offset", which a
 * commit of any offset cannot express.
 */
import { createErrorFromCode, Decoder, type InternalBroker } from './internals.js';

const OFFSET_DELETE_API_KEY = 47;

interface OffsetDeleteResponse {
  readonly errorCode: number;
  readonly partitions: { partition: number; errorCode: number }[];
}

function encodeRequest(groupId: string, topic: string, partitions: readonly number[]): Buffer {
  const group = Buffer.from(groupId, 'utf8');
  const name = Buffer.from(topic, 'utf8');
  const out = Buffer.allocUnsafe(2 + group.length + 4 + 2 + name.length + 4 + 4 * partitions.length);
  let pos = out.writeInt16BE(group.length, 0);
  pos += group.copy(out, pos);
  pos = out.writeInt32BE(1, pos); // one topic
  pos = out.writeInt16BE(name.length, pos);
  pos += name.copy(out, pos);
  pos = out.writeInt32BE(partitions.length, pos);
  for (const p of partitions) pos = out.writeInt32BE(p, pos);
  return out;
}

function decodeResponse(payload: Buffer): OffsetDeleteResponse {
  const d = new Decoder(payload);
  const errorCode = d.readInt16();
  d.readInt32(); // throttle time
  const partitions: { partition: number; errorCode: number }[] = [];
  d.readArray((t) => {
    t.readString();
    t.readArray((p) => partitions.push({ partition: p.readInt32(), errorCode: p.readInt16() }));
  });
  return { errorCode, partitions };
}

/** True when the coordinator accepts OffsetDelete v0. */
export function supportsOffsetDelete(broker: InternalBroker): boolean {
  const v = broker.versions?.[OFFSET_DELETE_API_KEY];
  return v !== undefined && v.minVersion <= 0 && v.maxVersion >= 0;
}

/** Deletes `groupId`'s committed offsets on `partitions` of `topic`; throws kafkajs's protocol error. */
export async function deleteOffsets(coordinator: InternalBroker, groupId: string, topic: string, partitions: readonly number[]): Promise<void> {
  if (partitions.length === 0) return;
  const encoded = encodeRequest(groupId, topic, partitions);
  const body = { buf: encoded, buffer: encoded }; // what kafkajs's Encoder#writeEncoder reads
  const result = (await coordinator.connectionPool.send({
    request: { apiKey: OFFSET_DELETE_API_KEY, apiVersion: 0, apiName: 'OffsetDelete', encode: async () => body },
    response: { decode: async (data) => decodeResponse(data), parse: async (data) => data },
  })) as OffsetDeleteResponse;
  const failed = result.errorCode !== 0 ? result.errorCode : result.partitions.find((p) => p.errorCode !== 0)?.errorCode;
  if (failed !== undefined) throw Object.assign(createErrorFromCode(failed), { topic, groupId });
}
