/**
 * Recordings on disk: a sink that streams lines to a file (waiting for the stream to drain, so a long
 * recording never piles up in memory), and a reader that streams a file through the parser, one chunk
 * at a time. Plain Node (no `vscode`), so the commands and the integration tests use the same code.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { RecordingSink } from './recorder.js';
import { RecordingParser, type RecordedMessage, type RecordingHeader } from './recordingFormat.js';

/** Where recordings live, relative to a workspace folder. */
export const RECORDINGS_DIR = '.brokerlens/recordings';

/** A recording name: letters, digits, dot, dash and underscore (it becomes a file name). */
export const RECORDING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A default name from the destination and the time: `orders-20261205-083512`. */
export function defaultRecordingName(destination: string, partition: number | undefined, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = destination.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 60) || 'recording';
  return `${base}${partition === undefined ? '' : `-p${partition}`}-${stamp}`;
}

/** A file sink; `close` flushes and closes (call it in a finally). */
export interface FileSink extends RecordingSink {
  close(): Promise<void>;
}

/** Opens `file` for writing (truncates) and returns a sink that respects back-pressure. */
export function fileSink(file: string): FileSink {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let failure: Error | undefined;
  out.on('error', (e) => {
    failure = e;
  });
  return {
    async write(line: string): Promise<void> {
      if (failure) throw failure;
      if (!out.write(`${line}\n`)) await Promise.race([once(out, 'drain'), once(out, 'error').then(([e]) => Promise.reject(e as Error))]);
    },
    async close(): Promise<void> {
      if (out.closed) return;
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      if (failure) throw failure;
    },
  };
}

/** Streams the messages of a recording file; the parser refuses bad input with the line number. */
export async function* readRecording(file: string, onHeader?: (header: RecordingHeader) => void, signal?: AbortSignal): AsyncGenerator<RecordedMessage> {
  const parser = new RecordingParser();
  let told = false;
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of input) {
      if (signal?.aborted) return;
      const messages = parser.feed(chunk as string);
      if (!told && parser.recordingHeader) {
        told = true;
        onHeader?.(parser.recordingHeader);
      }
      yield* messages;
    }
    const last = parser.end();
    if (!told && parser.recordingHeader) onHeader?.(parser.recordingHeader);
    yield* last;
  } finally {
    input.destroy();
  }
}

/** Reads the whole file once (streaming) to check it and count its messages, before anything is sent. */
export async function checkRecording(file: string, signal?: AbortSignal): Promise<{ header: RecordingHeader; messages: number }> {
  let header: RecordingHeader | undefined;
  let messages = 0;
  for await (const _ of readRecording(file, (h) => (header = h), signal)) messages++;
  // readRecording's parser.end() throws when there is no header, so it is set here.
  return { header: header!, messages };
}
