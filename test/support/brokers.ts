/**
 * Where the real test brokers are, and whether they can be reached. A suite that needs a broker asks
 * `brokerGate('kafka')`: when the broker is down it is skipped with one loud line, or, under
 * REQUIRE_BROKERS=1 (CI), it fails instead.
 */
import net from 'node:net';

/** Endpoints, from the environment or the defaults `npm run brokers:up` uses. */
export const brokerEnv = {
  rabbitmqUrl: process.env.BROKERLENS_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  rabbitmqMgmtUrl: process.env.BROKERLENS_RABBITMQ_MGMT_URL ?? 'http://127.0.0.1:15672',
  kafkaBrokers: (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim()),
  /** Apicurio Registry's Confluent-compatible API (`up.sh registry`). */
  schemaRegistryUrl: process.env.BROKERLENS_SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7',
  schemaRegistryTlsUrl: process.env.BROKERLENS_SCHEMA_REGISTRY_TLS_URL ?? 'https://localhost:18082/apis/ccompat/v7',
};

/** Which real broker a suite needs. */
export type BrokerName = 'rabbitmq' | 'kafka' | 'registry';

/** Result of probing a broker: `skip` is the reason to pass to describe({ skip }), or undefined. */
export interface BrokerGate {
  readonly reachable: boolean;
  readonly skip: string | undefined;
  /** Throws under REQUIRE_BROKERS=1 when the broker is unreachable; call it in a before() hook. */
  readonly assertRequired: () => void;
}

const cache = new Map<BrokerName, Promise<BrokerGate>>();
const announced = new Set<BrokerName>();

function hostPort(name: BrokerName): { host: string; port: number } {
  if (name === 'kafka') {
    const [host, port] = brokerEnv.kafkaBrokers[0]!.split(':');
    return { host: host!, port: Number(port ?? 9092) };
  }
  if (name === 'registry') {
    const url = new URL(brokerEnv.schemaRegistryUrl);
    return { host: url.hostname, port: Number(url.port || 80) };
  }
  const url = new URL(brokerEnv.rabbitmqUrl);
  return { host: url.hostname, port: Number(url.port || 5672) };
}

function probe(host: string, port: number, timeoutMs = 1500): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reason?: string): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

/** Probes a broker once per process. */
export function brokerGate(name: BrokerName): Promise<BrokerGate> {
  let gate = cache.get(name);
  if (!gate) {
    gate = (async () => {
      const { host, port } = hostPort(name);
      const failure = await probe(host, port);
      const label = name === 'kafka' ? 'Kafka' : name === 'registry' ? 'Schema registry' : 'RabbitMQ';
      const reason = failure === undefined ? undefined : `${label} unreachable at ${host}:${port} (${failure})`;
      const required = process.env.REQUIRE_BROKERS === '1';
      if (reason && !announced.has(name)) {
        announced.add(name);
        console.error(
          required
            ? `!!! ${reason}: REQUIRE_BROKERS=1, so its tests FAIL. Run \`npm run brokers:up\`.`
            : `!!! ${label.toUpperCase()} TESTS SKIPPED: ${reason}. Run \`npm run brokers:up\` to run them.`,
        );
      }
      return {
        reachable: reason === undefined,
        skip: reason && !required ? reason : undefined,
        assertRequired: () => {
          if (reason && required) throw new Error(`${reason}; REQUIRE_BROKERS=1 forbids skipping.`);
        },
      };
    })();
    cache.set(name, gate);
  }
  return gate;
}
