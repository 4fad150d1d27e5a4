/**
 * Input no client library sends, with what RabbitMQ 3.10.8 answers (checked against it by
 * test/contract/amqpWireRaw.contract.test.ts): sent on channel 1 of a freshly opened connection.
 */
import { FrameType, Method, bodyFrame, encodeHeaderFrame, encodeMethod } from '../../src/extension/core/wire/amqp/codec.js';
import { rawFrame } from './rawAmqp.js';

/** One malformed input and the reply: the close method's scope and code, or 'dropped' when the socket is closed without one. */
export interface MalformedCase {
  readonly name: string;
  readonly bytes: () => Buffer;
  readonly expect: { readonly scope: 'connection' | 'channel'; readonly code: number } | 'dropped';
}

const content = (): Buffer => Buffer.concat([encodeHeaderFrame(1, 1, {}), bodyFrame(1, Buffer.from('x'), 0, 1)]);
const publish = (immediate: boolean): Buffer => encodeMethod(Method.BasicPublish, 1, { exchange: '', routingKey: 'q', mandatory: false, immediate });

export const malformedCases: readonly MalformedCase[] = [
  { name: 'a frame without its frame-end octet is 501 FRAME_ERROR', bytes: () => rawFrame(FrameType.METHOD, 1, encodeMethod(Method.BasicQos, 1, { prefetchCount: 1 }).subarray(7, -1), { end: 0x00 }), expect: { scope: 'connection', code: 501 } },
  { name: 'a frame larger than frame_max is 501 FRAME_ERROR', bytes: () => rawFrame(FrameType.BODY, 1, Buffer.alloc(8), { size: 10_000_000 }), expect: { scope: 'connection', code: 501 } },
  { name: 'an unknown frame type is 501 FRAME_ERROR', bytes: () => rawFrame(9, 1, Buffer.alloc(3)), expect: { scope: 'connection', code: 501 } },
  { name: 'a truncated method is 501 FRAME_ERROR (cannot decode)', bytes: () => rawFrame(FrameType.METHOD, 1, encodeMethod(Method.QueueDeclare, 1, { queue: 'abc' }).subarray(7, 14)), expect: { scope: 'connection', code: 501 } },
  { name: 'a method on a channel that was never opened is 504 CHANNEL_ERROR', bytes: () => encodeMethod(Method.BasicQos, 7, { prefetchCount: 1 }), expect: { scope: 'connection', code: 504 } },
  { name: 'opening channel 1 twice is 504 CHANNEL_ERROR', bytes: () => encodeMethod(Method.ChannelOpen, 1, { outOfBand: '' }), expect: { scope: 'connection', code: 504 } },
  { name: 'a content header without basic.publish is 505 UNEXPECTED_FRAME', bytes: () => rawFrame(FrameType.HEADER, 1, Buffer.from([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0])), expect: { scope: 'connection', code: 505 } },
  { name: 'a method where the content header should be is 505 UNEXPECTED_FRAME', bytes: () => Buffer.concat([publish(false), encodeMethod(Method.BasicQos, 1, { prefetchCount: 1 })]), expect: { scope: 'connection', code: 505 } },
  { name: 'an unknown method id drops the connection', bytes: () => rawFrame(FrameType.METHOD, 1, Buffer.from([0, 99, 0, 7])), expect: 'dropped' },
  { name: 'a server-only method from the client is 503 COMMAND_INVALID', bytes: () => encodeMethod(Method.QueueDeclareOk, 1, { queue: 'x', messageCount: 0, consumerCount: 0 }), expect: { scope: 'connection', code: 503 } },
  { name: 'a server-only content method is refused once its content arrived, 503', bytes: () => Buffer.concat([encodeMethod(Method.BasicDeliver, 1, { consumerTag: 'x', deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'q' }), content()]), expect: { scope: 'connection', code: 503 } },
  { name: 'basic.publish with immediate=true is 540 NOT_IMPLEMENTED once its content arrived', bytes: () => Buffer.concat([publish(true), content()]), expect: { scope: 'connection', code: 540 } },
  { name: 'basic.qos with a prefetch size is 540 NOT_IMPLEMENTED', bytes: () => encodeMethod(Method.BasicQos, 1, { prefetchSize: 10, prefetchCount: 1 }), expect: { scope: 'connection', code: 540 } },
  { name: 'basic.recover requeue=false is 540 NOT_IMPLEMENTED', bytes: () => encodeMethod(Method.BasicRecover, 1, { requeue: false }), expect: { scope: 'connection', code: 540 } },
  { name: 'channel.flow active=false is 540 NOT_IMPLEMENTED', bytes: () => encodeMethod(Method.ChannelFlow, 1, { active: false }), expect: { scope: 'connection', code: 540 } },
  { name: 'tx.commit on a channel that is not transactional is 406 on the channel', bytes: () => encodeMethod(Method.TxCommit, 1, {}), expect: { scope: 'channel', code: 406 } },
];
