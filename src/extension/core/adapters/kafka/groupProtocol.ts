/**
 * The two group requests kafkajs cannot send: ListGroups v5, which carries each group's type
 * (classic, consumer or share) and state, and ConsumerGroupDescribe (API key 69, KIP-848), the only
 * describe that sees the members of a consumer-protocol group (the classic DescribeGroups answers
 * "Dead" with no members for it). Both are encoded and decoded from Apache Kafka's own message specs
 * (generated/groupMessages.ts, made by scripts/kafka/genMessages.mjs) with the wire listener's schema
 * interpreter, so no field layout is written by hand.
 */
import { WireReader, WireWriter } from '../../wire/kafka/bytes.js';
import { decodeMessage, encodeMessage, type MessageSpec, type Struct } from '../../wire/kafka/schema.js';
import { CLIENT_MESSAGES } from './generated/groupMessages.js';
import { createErrorFromCode, sendEncoded, type InternalBroker } from './internals.js';

/** A group as ListGroups lists it. */
export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  /** Empty where the broker's ListGroups is older than v4. */
  readonly state: string;
  /** classic, consumer or share; empty where the broker's ListGroups is older than v5. */
  readonly type: string;
}

/** One topic's partitions in a consumer-protocol assignment. */
export interface AssignedPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** A member of a consumer-protocol group. */
export interface ConsumerProtocolMember {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly memberEpoch: number;
  readonly clientId: string;
  readonly clientHost: string;
  readonly subscribedTopicNames: readonly string[];
  readonly subscribedTopicRegex: string | null;
  readonly assignment: readonly AssignedPartitions[];
  readonly targetAssignment: readonly AssignedPartitions[];
  /** 0 classic member (a classic client in a consumer group), 1 consumer member, -1 unknown. */
  readonly memberType: number;
}

/** A consumer-protocol group as ConsumerGroupDescribe describes it. */
export interface ConsumerProtocolGroup {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly groupId: string;
  readonly state: string;
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  readonly assignorName: string;
  readonly members: readonly ConsumerProtocolMember[];
}

const LIST_GROUPS = CLIENT_MESSAGES.ListGroups as { request: MessageSpec; response: MessageSpec };
const CONSUMER_GROUP_DESCRIBE = CLIENT_MESSAGES.ConsumerGroupDescribe as { request: MessageSpec; response: MessageSpec };

/** The highest version both this client (the spec) and the broker speak, or undefined when none. */
export function negotiatedVersion(broker: InternalBroker, spec: MessageSpec): number | undefined {
  const range = broker.versions?.[spec.apiKey];
  if (!range) return undefined;
  const max = Math.min(range.maxVersion, spec.valid[1]);
  const min = Math.max(range.minVersion, spec.valid[0]);
  return max >= min ? max : undefined;
}

/** Encodes a request body of `version` from the spec. */
export function encodeRequest(spec: MessageSpec, version: number, value: Struct): Buffer {
  const writer = new WireWriter(64);
  encodeMessage(spec, version, value, writer);
  return writer.finish();
}

/** Decodes a response body of `version` from the spec. */
export function decodeResponse(spec: MessageSpec, version: number, body: Buffer): Struct {
  return decodeMessage(spec, version, new WireReader(body));
}

async function send(broker: InternalBroker, api: { request: MessageSpec; response: MessageSpec }, version: number, value: Struct): Promise<Struct> {
  return sendEncoded(broker, {
    apiKey: api.request.apiKey,
    apiVersion: version,
    apiName: api.request.name.replace(/Request$/, ''),
    body: encodeRequest(api.request, version, value),
    flexible: version >= api.request.flexible,
    decode: (body) => decodeResponse(api.response, version, body),
  });
}

function protocolError(code: number, message?: string | null): Error {
  const error = createErrorFromCode(code);
  if (message) error.message = `${error.message} (${message})`;
  return error;
}

/** True when the broker speaks ListGroups v4 or newer (states in the listing; Kafka 2.6+). */
export function listsGroupStates(broker: InternalBroker): boolean {
  const v = negotiatedVersion(broker, LIST_GROUPS.request);
  return v !== undefined && v >= 4;
}

/** The groups one broker coordinates (ListGroups goes to every broker; each lists its own). */
export async function listGroupsOn(broker: InternalBroker): Promise<ListedGroup[]> {
  const version = negotiatedVersion(broker, LIST_GROUPS.request);
  if (version === undefined) throw new Error('The broker does not speak ListGroups.');
  const response = await send(broker, LIST_GROUPS, version, { statesFilter: [], typesFilter: [] });
  const errorCode = response.errorCode as number;
  if (errorCode !== 0) throw protocolError(errorCode);
  return (response.groups as Struct[]).map((g) => ({
    groupId: g.groupId as string,
    protocolType: (g.protocolType as string | undefined) ?? '',
    state: (g.groupState as string | undefined) ?? '',
    type: (g.groupType as string | undefined) ?? '',
  }));
}

/** True when the broker speaks ConsumerGroupDescribe (Kafka 4.0+, or 3.7+ with the new protocol on). */
export function describesConsumerGroups(broker: InternalBroker): boolean {
  return negotiatedVersion(broker, CONSUMER_GROUP_DESCRIBE.request) !== undefined;
}

function assignment(value: unknown): AssignedPartitions[] {
  const topics = ((value as Struct | null)?.topicPartitions as Struct[] | undefined) ?? [];
  return topics
    .map((t) => ({ topic: t.topicName as string, partitions: [...(t.partitions as number[])].sort((a, b) => a - b) }))
    .sort((a, b) => a.topic.localeCompare(b.topic));
}

/** Decodes one described group of a ConsumerGroupDescribe response. */
export function toConsumerProtocolGroup(g: Struct): ConsumerProtocolGroup {
  return {
    errorCode: g.errorCode as number,
    errorMessage: (g.errorMessage as string | null) ?? null,
    groupId: g.groupId as string,
    state: g.groupState as string,
    groupEpoch: g.groupEpoch as number,
    assignmentEpoch: g.assignmentEpoch as number,
    assignorName: g.assignorName as string,
    members: ((g.members as Struct[] | undefined) ?? []).map((m) => ({
      memberId: m.memberId as string,
      instanceId: (m.instanceId as string | null) ?? null,
      rackId: (m.rackId as string | null) ?? null,
      memberEpoch: m.memberEpoch as number,
      clientId: m.clientId as string,
      clientHost: m.clientHost as string,
      subscribedTopicNames: [...(m.subscribedTopicNames as string[])],
      subscribedTopicRegex: (m.subscribedTopicRegex as string | null) ?? null,
      assignment: assignment(m.assignment),
      targetAssignment: assignment(m.targetAssignment),
      memberType: (m.memberType as number | undefined) ?? -1,
    })),
  };
}

/**
 * Describes consumer-protocol groups on their coordinator. A group that is not of the consumer
 * protocol comes back with GROUP_ID_NOT_FOUND (69) in its errorCode, which callers read.
 */
export async function consumerGroupDescribe(coordinator: InternalBroker, groupIds: readonly string[]): Promise<ConsumerProtocolGroup[]> {
  const version = negotiatedVersion(coordinator, CONSUMER_GROUP_DESCRIBE.request);
  if (version === undefined) throw new Error('The broker does not speak ConsumerGroupDescribe (Kafka 4.0 or newer does).');
  const response = await send(coordinator, CONSUMER_GROUP_DESCRIBE, version, { groupIds: [...groupIds], includeAuthorizedOperations: false });
  return (response.groups as Struct[]).map(toConsumerProtocolGroup);
}

/** The kafkajs protocol error for a describe error code, so errors.ts maps it like any other. */
export function groupError(code: number, message: string | null): Error {
  return protocolError(code, message);
}
