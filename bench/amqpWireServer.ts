/**
 * The AMQP listener in a process of its own for bench/amqpWire.ts, so the benchmark's client and the
 * listener do not share an event loop (the real RabbitMQ runs in its own process too). Prints
 * {"port": N} once listening; exits when its stdin closes.
 */
import { RabbitBroker } from '../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../src/extension/core/wire/amqp/amqpListener.js';

const listener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0 });
await listener.start();
console.log(JSON.stringify({ port: listener.address!.port }));
process.stdin.resume();
process.stdin.on('end', () => {
  void listener.stop().then(() => process.exit(0));
});
