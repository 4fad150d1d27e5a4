/**
 * How a wire listener starts listening: only on loopback unless the user allowed other interfaces,
 * and a port in use, a privileged port or a foreign address said in one sentence. The AMQP and the
 * Kafka listener share it.
 */
import * as l10n from '@vscode/l10n';
import * as net from 'node:net';
import { BrokerError } from '../model/errors.js';
import { isLoopbackHost } from './address.js';

/** Where to listen, and whether a non-loopback address was allowed. */
export interface ListenAt {
  readonly host: string;
  readonly port: number;
  readonly allowNonLoopback?: boolean;
}

/** Throws the refusal sentence for an address other machines can reach, unless it was allowed. */
export function assertListenable(protocol: 'AMQP' | 'Kafka', at: ListenAt): void {
  if (!isLoopbackHost(at.host) && !at.allowNonLoopback) {
    throw new BrokerError('invalidInput', l10n.t(
      'Starting the {0} listener on {1} was refused because that address can be reached from other machines; use 127.0.0.1, or allow other interfaces explicitly in the settings.',
      protocol, at.host,
    ));
  }
}

/** A TCP server listening at `at` (exclusive), each connection handed to `accept`. */
export async function listenTcp(protocol: 'AMQP' | 'Kafka', at: ListenAt, accept: (socket: net.Socket) => void): Promise<net.Server> {
  const server = net.createServer({ noDelay: true }, accept);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: at.host, port: at.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw listenError(protocol, error, at.host, at.port);
  }
  return server;
}

function listenError(protocol: 'AMQP' | 'Kafka', error: unknown, host: string, port: number): BrokerError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new BrokerError('alreadyExists', l10n.t(
      'Starting the {0} listener failed because port {1} on {2} is already in use; choose another port (for example {3}) or stop the program using it.',
      protocol, String(port), host, String(port + 1),
    ), { cause: error });
  }
  if (code === 'EACCES') {
    return new BrokerError('accessRefused', l10n.t('Starting the {0} listener failed because this user may not listen on port {1}; choose a port above 1024.', protocol, String(port)), { cause: error });
  }
  if (code === 'EADDRNOTAVAIL') {
    return new BrokerError('invalidInput', l10n.t('Starting the {0} listener failed because {1} is not an address of this machine; use 127.0.0.1.', protocol, host), { cause: error });
  }
  return new BrokerError('unknown', l10n.t('Starting the {0} listener on {1}:{2} failed: {3}', protocol, host, String(port), (error as Error).message), { cause: error });
}
