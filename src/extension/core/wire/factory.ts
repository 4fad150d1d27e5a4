/**
 * The wire listeners the host can start, one entry per protocol. Each finds its engine among the
 * simulator session's adapters and builds its listener over it, so the listener serves the very
 * engine the explorer, Browse and the simulator panel show. Adding a protocol is one entry here.
 */
import type { BrokerAdapter } from '../model/adapter.js';
import type { SimulatorKafkaAdapter } from '../adapters/simulator/simulatorKafkaAdapter.js';
import type { SimulatorRabbitAdapter } from '../adapters/simulator/simulatorRabbitAdapter.js';
import { createAmqpListener, DEFAULT_AMQP_PORT } from './amqp/amqpListener.js';
import type { WireLogSink } from './address.js';
import { createKafkaListener, DEFAULT_KAFKA_PORT } from './kafka/kafkaListener.js';
import type { WireListener, WireProtocol } from './listener.js';

/** Where and how one listener listens (from the user's settings). */
export interface WireListenerSettings {
  readonly host: string;
  readonly port: number;
  readonly allowNonLoopback: boolean;
  readonly log: WireLogSink;
}

/** Builds one protocol's listener over a simulator session. */
export interface WireListenerFactory {
  readonly protocol: WireProtocol;
  /** The port used when the settings name none. */
  readonly defaultPort: number;
  /** The listener over the engine behind `adapters`, or undefined when none of them has that engine. */
  create(adapters: readonly BrokerAdapter[], settings: WireListenerSettings): WireListener | undefined;
}

/**
 * The simulator's Kafka adapter among a session's adapters. By shape, not instanceof: a test runner
 * may load the adapter module twice (ESM and CommonJS), and then instanceof fails across the copies.
 */
export function isSimulatorKafkaAdapter(adapter: BrokerAdapter): adapter is SimulatorKafkaAdapter {
  return adapter.simulated && adapter.kind === 'kafka' && typeof (adapter as { cluster?: unknown }).cluster === 'object';
}

/** The simulator's RabbitMQ adapter among a session's adapters (by shape, as above). */
export function isSimulatorRabbitAdapter(adapter: BrokerAdapter): adapter is SimulatorRabbitAdapter {
  return adapter.simulated && adapter.kind === 'rabbitmq' && typeof (adapter as { broker?: unknown }).broker === 'object';
}

/** Every listener BrokerLens can start, in the order they are shown. */
export const WIRE_LISTENER_FACTORIES: readonly WireListenerFactory[] = [
  {
    protocol: 'kafka',
    defaultPort: DEFAULT_KAFKA_PORT,
    create: (adapters, settings) => {
      // The engine is reached through the simulator adapter that owns it (the factory's job, not the UI's).
      const adapter = adapters.find(isSimulatorKafkaAdapter);
      return adapter ? createKafkaListener(adapter.cluster, settings) : undefined;
    },
  },
  {
    protocol: 'amqp',
    defaultPort: DEFAULT_AMQP_PORT,
    create: (adapters, settings) => {
      const adapter = adapters.find(isSimulatorRabbitAdapter);
      const { log, ...where } = settings;
      return adapter ? createAmqpListener(adapter.broker, { ...where, log: (level, message) => log[level](message) }) : undefined;
    },
  },
];
