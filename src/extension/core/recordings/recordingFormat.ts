/**
 * The recording format (`.brokerlens/recordings/NAME.ndjson`, version 1): NDJSON, a header line
 * (source, broker version, start, filters) and one line per message (key, value as text or base64,
 * headers, properties, partition and offset or exchange and routing key, timestamp).
 *
 * The parser is streaming (chunks in, entries out; nothing but the current partial line is kept), and
 * refuses bad input with the line number: a line that is not JSON (not NDJSON, or a file cut in the
 * middle of a line), a header of a newer format version, a missing header, a message line of the
 * wrong shape. recorder.ts writes it from any adapter's browse; commands/registerRecordingCommands.ts reads and writes the files.
 */
import * as l10n from '@vscode/l10n';
import * as v from 'valibot';

/** The version this build writes and reads. */
export const RECORDING_VERSION = 1;

const Payload = v.union([v.strictObject({ text: v.string() }), v.strictObject({ base64: v.pipe(v.string(), v.base64()) })]);

const HeaderSchema = v.strictObject({
  format: v.literal('brokerlens-recording'),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  source: v.strictObject({
    broker: v.picklist(['kafka', 'rabbitmq', 'simulator-kafka', 'simulator-rabbitmq']),
    /** Topic (optionally one partition) or queue. */
    destination: v.string(),
    partition: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  brokerVersion: v.nullable(v.string()),
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  filters: v.optional(v.record(v.string(), v.unknown())),
});

const MessageSchema = v.strictObject({
  key: v.nullable(Payload),
  value: v.nullable(Payload),
  /** Kafka header bytes as text or base64; AMQP typed header values as {json}. */
  headers: v.optional(v.record(v.string(), v.union([Payload, v.strictObject({ json: v.unknown() })]))),
  properties: v.optional(v.record(v.string(), v.unknown())),
  partition: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d+$/))),
  exchange: v.optional(v.string()),
  routingKey: v.optional(v.string()),
  timestamp: v.pipe(v.number(), v.integer()),
});

/** The header line. */
export type RecordingHeader = v.InferOutput<typeof HeaderSchema>;
/** One recorded message. */
export type RecordedMessage = v.InferOutput<typeof MessageSchema>;

/** A recording refused, with the 1-based line where it went wrong. */
export class RecordingFormatError extends Error {
  /** The sentence without the line number. */
  readonly reason: string;
  constructor(readonly line: number, message: string) {
    super(l10n.t('Line {0}: {1}', line, message));
    this.reason = message;
    this.name = 'RecordingFormatError';
  }
}

/** By name, not instanceof: a module loaded twice (tsx's require and import paths) has two classes. */
export function isRecordingFormatError(error: unknown): error is RecordingFormatError {
  return error instanceof Error && error.name === 'RecordingFormatError' && typeof (error as RecordingFormatError).line === 'number';
}

/** One header line or message line, as text (no newline). */
export function formatRecordingLine(entry: RecordingHeader | RecordedMessage): string {
  return JSON.stringify(entry);
}

/** Streaming reader: `feed` chunks as they are read from disk, then `end`. */
export class RecordingParser {
  private partial = '';
  private lineNumber = 0;
  private header: RecordingHeader | undefined;

  /** The header, once its line was read. */
  get recordingHeader(): RecordingHeader | undefined {
    return this.header;
  }

  /** Messages completed by this chunk. */
  feed(chunk: string): RecordedMessage[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop()!;
    return parts.flatMap((line) => this.line(line));
  }

  /** The last line (a file may end without a newline); refuses a recording with no header. */
  end(): RecordedMessage[] {
    const out = this.partial.length > 0 ? this.line(this.partial, true) : [];
    this.partial = '';
    if (!this.header) throw new RecordingFormatError(Math.max(1, this.lineNumber), l10n.t('the recording has no header line; it is not a BrokerLens recording.'));
    return out;
  }

  private line(text: string, last = false): RecordedMessage[] {
    this.lineNumber++;
    const trimmed = text.replace(/\r$/, '');
    if (trimmed.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new RecordingFormatError(this.lineNumber, last
        ? l10n.t('the recording ends in the middle of a line (truncated); record it again or delete the last line.')
        : l10n.t('this line is not JSON; a recording has one JSON object per line (NDJSON).'));
    }
    if (!this.header) {
      const version = (value as { version?: unknown } | null)?.version;
      if (typeof version === 'number' && version > RECORDING_VERSION) {
        throw new RecordingFormatError(this.lineNumber, l10n.t('the recording is format version {0}, newer than this BrokerLens reads ({1}); update BrokerLens.', version, RECORDING_VERSION));
      }
      const header = v.safeParse(HeaderSchema, value);
      if (!header.success) throw new RecordingFormatError(this.lineNumber, l10n.t('the header line is not a BrokerLens recording header ({0}).', issuePath(header.issues)));
      this.header = header.output;
      return [];
    }
    const message = v.safeParse(MessageSchema, value);
    if (!message.success) throw new RecordingFormatError(this.lineNumber, l10n.t('this message line has the wrong shape ({0}).', issuePath(message.issues)));
    return [message.output];
  }
}

function issuePath(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0]!;
  const path = first.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `${path}: ${first.message}` : first.message;
}
