#!/usr/bin/env node
/**
 * Generates src/extension/core/wire/kafka/generated/messages.ts, the request/response schemas the
 * simulator's Kafka listener encodes and decodes with, from Apache Kafka's own message specs
 * (common/message/*.json inside the kafka-clients jar from Maven Central, Apache License 2.0). The
 * listener's field layouts are therefore never hand-written: a version, a nullable or tagged field,
 * a flexible encoding all come from the spec the real broker is generated from.
 *
 *   node scripts/kafka/genMessages.mjs [--jar path/to/kafka-clients.jar] [--check]
 *
 * --check regenerates in memory and exits 1 when the committed file differs (a unit test runs it
 * whenever the jar is cached, which `npm run brokers:up` does).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'src/extension/core/wire/kafka/generated/messages.ts');
export const KAFKA_VERSION = '4.4.0';

/** The APIs the listener serves. */
export const APIS = [
  'Produce', 'Fetch', 'ListOffsets', 'Metadata', 'OffsetCommit', 'OffsetFetch', 'FindCoordinator', 'JoinGroup', 'Heartbeat',
  'LeaveGroup', 'SyncGroup', 'DescribeGroups', 'ListGroups', 'SaslHandshake', 'ApiVersions', 'CreateTopics', 'DeleteTopics',
  'InitProducerId', 'DescribeConfigs', 'SaslAuthenticate',
];

/**
 * The APIs the Kafka adapter sends itself (beside its Fetch and Produce codecs) because kafkajs has
 * no request for them: ListGroups v5 carries each group's type (classic, consumer, share), and
 * ConsumerGroupDescribe (KIP-848) describes groups of the consumer protocol, which the classic
 * DescribeGroups reports as Dead with no members.
 */
export const CLIENT_APIS = ['ListGroups', 'ConsumerGroupDescribe'];
const CLIENT_OUT = join(ROOT, 'src/extension/core/adapters/kafka/generated/groupMessages.ts');

/** Versioned data schemas inside group messages (the consumer protocol's subscription and assignment). */
export const DATA = ['ConsumerProtocolSubscription', 'ConsumerProtocolAssignment'];

/** The default jar: the one `npm run brokers:up` caches for the test broker. */
export function defaultJar() {
  const candidates = [join(ROOT, '.brokers/cache', `kafka-${KAFKA_VERSION}`, 'lib', `kafka-clients-${KAFKA_VERSION}.jar`)];
  return candidates.find((p) => existsSync(p));
}

/** Reads every common/message/*.json of the jar (unzip, or the JDK's jar tool). */
function readSpecs(jar) {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-specs-'));
  try {
    try {
      execFileSync('unzip', ['-q', '-o', jar, 'common/message/*.json', '-d', dir], { stdio: 'ignore' });
    } catch {
      execFileSync('jar', ['xf', jar, 'common/message'], { cwd: dir, stdio: 'ignore' });
    }
    const folder = join(dir, 'common/message');
    const specs = new Map();
    for (const f of readdirSync(folder)) if (f.endsWith('.json')) specs.set(f.slice(0, -5), JSON.parse(stripComments(readFileSync(join(folder, f), 'utf8'))));
    return specs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The specs are JSON with // comments (Jackson's ALLOW_COMMENTS). */
function stripComments(text) {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else out += c;
  }
  return out;
}

/** "3+" / "1-4" / "none" -> [min, max] (max 32767 for open ranges), or null for none. */
function range(text) {
  if (text === undefined || text === 'none') return null;
  if (text.endsWith('+')) return [Number(text.slice(0, -1)), 32767];
  const [a, b] = text.split('-');
  return [Number(a), Number(b ?? a)];
}

const PRIMITIVES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'uuid', 'records']);

function camel(name) {
  return name[0].toLowerCase() + name.slice(1);
}

function field(f, structs) {
  const out = { n: camel(f.name) };
  let type = f.type;
  const array = type.startsWith('[]');
  if (array) type = type.slice(2);
  if (PRIMITIVES.has(type)) out.t = array ? `[]${type}` : type;
  else {
    out.t = array ? '[]struct' : 'struct';
    const fields = f.fields ?? structs.get(type);
    if (!fields) throw new Error(`unknown struct ${type} in field ${f.name}`);
    out.f = fields.map((x) => field(x, structs));
  }
  out.v = range(f.versions);
  const nv = range(f.nullableVersions);
  if (nv) out.nv = nv;
  const tv = range(f.taggedVersions);
  if (tv) {
    out.tv = tv;
    out.tag = f.tag;
  }
  if (f.default !== undefined) out.d = String(f.default);
  return out;
}

function message(spec) {
  const structs = new Map((spec.commonStructs ?? []).map((s) => [s.name, s.fields]));
  return {
    apiKey: spec.apiKey,
    name: spec.name,
    valid: range(spec.validVersions),
    flexible: range(spec.flexibleVersions)?.[0] ?? 32768,
    fields: spec.fields.map((f) => field(f, structs)),
  };
}

function header() {
  return [
    '// GENERATED by scripts/kafka/genMessages.mjs from the message specs (common/message/*.json) in',
    `// org.apache.kafka:kafka-clients:${KAFKA_VERSION} (Apache License 2.0, Copyright The Apache Software`,
    '// Foundation; see the NOTICE file of Apache Kafka). Do not edit: re-run the script.',
  ];
}

/** The client-side schemas (CLIENT_APIS) the Kafka adapter encodes requests and decodes responses with. */
export function generateClient(specs) {
  const entries = CLIENT_APIS.map((api) => {
    const req = specs.get(`${api}Request`);
    const res = specs.get(`${api}Response`);
    if (!req || !res) throw new Error(`${api} specs missing`);
    return `  ${api}: { request: ${JSON.stringify(message(req))}, response: ${JSON.stringify(message(res))} },`;
  });
  return [
    ...header(),
    "import type { MessageSpec } from '../../../wire/kafka/schema.js';",
    '',
    '/** Request and response schema of each API the adapter sends itself, keyed by API name. */',
    'export const CLIENT_MESSAGES = {',
    ...entries,
    '} as const satisfies Record<string, { readonly request: MessageSpec; readonly response: MessageSpec }>;',
    '',
  ].join('\n');
}

export function generate(jar, specs = readSpecs(jar)) {
  const entries = APIS.map((api) => {
    const req = specs.get(`${api}Request`);
    const res = specs.get(`${api}Response`);
    if (!req || !res) throw new Error(`${api} specs missing from ${jar}`);
    return `  ${api}: { request: ${JSON.stringify(message(req))}, response: ${JSON.stringify(message(res))} },`;
  });
  const data = DATA.map((name) => {
    const spec = specs.get(name);
    if (!spec) throw new Error(`${name} spec missing from ${jar}`);
    return `  ${name}: ${JSON.stringify({ ...message(spec), apiKey: -1 })},`;
  });
  return [
    ...header(),
    "import type { MessageSpec } from '../schema.js';",
    '',
    '/** Request and response schema of each API the listener serves, keyed by API name. */',
    'export const MESSAGES = {',
    ...entries,
    '} as const satisfies Record<string, { readonly request: MessageSpec; readonly response: MessageSpec }>;',
    '',
    '/** Versioned data carried inside group messages (a version int16, then the struct). */',
    'export const DATA = {',
    ...data,
    '} as const satisfies Record<string, MessageSpec>;',
    '',
  ].join('\n');
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const jarArg = args.indexOf('--jar');
  const jar = jarArg >= 0 ? args[jarArg + 1] : defaultJar();
  if (!jar || !existsSync(jar)) {
    console.error('genMessages: no kafka-clients jar; run `npm run brokers:up` (it caches one) or pass --jar.');
    process.exit(2);
  }
  const specs = readSpecs(jar);
  const outputs = [
    [OUT, generate(jar, specs)],
    [CLIENT_OUT, generateClient(specs)],
  ];
  for (const [out, text] of outputs) {
    if (args.includes('--check')) {
      const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
      if (current !== text) {
        console.error(`genMessages: ${out} differs from the specs in ${jar}; run node scripts/kafka/genMessages.mjs`);
        process.exit(1);
      }
      console.log(`genMessages: ${out} up to date`);
    } else {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
      console.log(`genMessages: wrote ${out}`);
    }
  }
}
