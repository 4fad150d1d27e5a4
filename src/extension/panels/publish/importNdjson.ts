/**
 * Reads an NDJSON export (Browse → Export…) into messages to publish, line by line from a stream.
 * A bad line stops the import before anything is sent, with its line number: sending half a file
 * and then failing would leave the user to work out which half went.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import * as l10n from '@vscode/l10n';
import type { OutgoingMessage } from '../../core/model/message.js';
import { importRecord } from '../../core/publish/exportFormat.js';
import { PUBLISH_MAX_COUNT } from '../../protocol/publishPanel.js';

/** The messages of a file, or the sentence saying which line is wrong. */
export type NdjsonRead = { readonly ok: true; readonly messages: OutgoingMessage[] } | { readonly ok: false; readonly message: string };

/** Parses every non-empty line of `file`. */
export async function readNdjsonMessages(file: string, broker: 'kafka' | 'rabbitmq'): Promise<NdjsonRead> {
  const messages: OutgoingMessage[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      if (messages.length >= PUBLISH_MAX_COUNT) {
        return { ok: false, message: l10n.t('The file has more than {0} records, the most one import sends; split it and import the parts.', PUBLISH_MAX_COUNT) };
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return { ok: false, message: l10n.t('Line {0} of the file is not JSON; nothing was sent. Each line must be one exported record.', n) };
      }
      try {
        messages.push(importRecord(parsed, broker));
      } catch (error) {
        return { ok: false, message: l10n.t('Line {0} of the file is not an exported record: {1}; nothing was sent.', n, error instanceof Error ? error.message : String(error)) };
      }
    }
  } catch (error) {
    return { ok: false, message: l10n.t('The file could not be read: {0}.', error instanceof Error ? error.message : String(error)) };
  } finally {
    lines.close();
  }
  if (messages.length === 0) return { ok: false, message: l10n.t('The file has no records; nothing was sent.') };
  return { ok: true, messages };
}
