/**
 * Validation of connection entries read from settings.json. Settings are hand-edited JSON, so every
 * problem is reported with its position and the entry is skipped rather than crashing the tree.
 */
import * as v from 'valibot';
import type { ConnectionConfig } from '../model/connection.js';
import { amqpUrlProblem } from './urlChecks.js';

const tls = v.object({
  // A TLS block written by hand means TLS on, unless it says enabled: false.
  enabled: v.optional(v.boolean(), true),
  caFile: v.optional(v.string()),
  certFile: v.optional(v.string()),
  keyFile: v.optional(v.string()),
  rejectUnauthorized: v.optional(v.boolean()),
  servername: v.optional(v.string()),
});

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores'));
const name = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(100));
const timeout = v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(600_000)));

const kafka = v.object({
  kind: v.literal('kafka'),
  id,
  name,
  brokers: v.pipe(
    v.array(v.pipe(v.string(), v.regex(/^(?:[^\s:[\]]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/, 'must be host:port or [IPv6]:port'))),
    v.minLength(1, 'needs at least one host:port'),
  ),
  clientId: v.optional(v.string()),
  tls: v.optional(tls),
  sasl: v.optional(v.object({ mechanism: v.picklist(['plain', 'scram-sha-256', 'scram-sha-512']), username: v.string() })),
  connectionTimeoutMs: timeout,
  requestTimeoutMs: timeout,
  schemaRegistry: v.optional(v.object({
    url: v.pipe(v.string(), v.regex(/^https?:\/\//, 'must start with http:// or https://')),
    auth: v.optional(v.picklist(['none', 'basic', 'bearer'])),
    username: v.optional(v.string()),
    caFile: v.optional(v.string()),
    rejectUnauthorized: v.optional(v.boolean()),
  })),
  allowScratchRuns: v.optional(v.boolean()),
});

const rabbitmq = v.object({
  kind: v.literal('rabbitmq'),
  id,
  name,
  amqpUrl: v.pipe(
    v.string(),
    v.regex(/^amqps?:\/\//, 'must start with amqp:// or amqps://'),
    // The same check the wizard and the adapter make; the sentence never repeats the URL (it may hold a password).
    v.rawCheck(({ dataset, addIssue }) => {
      const problem = dataset.typed ? amqpUrlProblem(dataset.value) : undefined;
      if (problem) addIssue({ message: problem });
    }),
  ),
  managementUrl: v.optional(v.pipe(v.string(), v.regex(/^https?:\/\//, 'must start with http:// or https://'))),
  username: v.optional(v.string()),
  tls: v.optional(tls),
  connectionTimeoutMs: timeout,
  allowScratchRuns: v.optional(v.boolean()),
});

const connection = v.variant('kind', [kafka, rabbitmq]);

/** Parsed connections and a sentence per problem. */
export interface ParsedConnections {
  readonly connections: ConnectionConfig[];
  readonly problems: string[];
}

/** Parses the value of `brokerlens.connections`; invalid entries are skipped and described. */
export function parseConnectionList(raw: unknown): ParsedConnections {
  if (raw === undefined || raw === null) return { connections: [], problems: [] };
  if (!Array.isArray(raw)) return { connections: [], problems: ['the setting must be a list of connections.'] };
  const connections: ConnectionConfig[] = [];
  const problems: string[] = [];
  raw.forEach((entry, index) => {
    const result = v.safeParse(connection, entry);
    if (result.success) {
      connections.push(result.output as ConnectionConfig);
      return;
    }
    const label = typeof entry === 'object' && entry !== null && 'name' in entry ? ` ("${String((entry as { name: unknown }).name)}")` : '';
    for (const issue of result.issues) {
      const path = v.getDotPath(issue);
      problems.push(`entry ${index + 1}${label}${path ? ` field ${path}` : ''}: ${issue.message}; the entry is ignored.`);
    }
  });
  return { connections, problems };
}
