/**
 * Bootstrap addresses with IPv6 literals. kafkajs splits a seed broker "host:port" at the first ':',
 * so "[::1]:9092" became host "[" and a failed DNS lookup ("could not be resolved", while the truth
 * was that nothing listened there). BrokerLens hands kafkajs a stand-in host name for each literal
 * and a socket factory (kafkajs's public `socketFactory` option) that turns it back into the address.
 * Brokers learnt from metadata arrive as separate host and port and need none of this.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

const STAND_IN = /^ipv6-([0-9a-f-]+)\.brokerlens\.invalid$/;
const KEEP_ALIVE_DELAY_MS = 60_000;

/** "[::1]:9092" → "ipv6-0-0-0-0-0-0-0-1.brokerlens.invalid:9092"; any other address unchanged. */
export function toKafkajsBroker(address: string): string {
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(address.trim());
  if (!m || net.isIPv6(m[1]!) === false) return address;
  return `ipv6-${expand(m[1]!).join('-')}.brokerlens.invalid:${m[2]}`;
}

/** The address a host name given to the socket factory stands for. */
export function fromKafkajsHost(host: string): string {
  const m = STAND_IN.exec(host);
  return m ? m[1]!.split('-').join(':') : host;
}

/** kafkajs's own socket factory, with stand-in hosts turned back into IPv6 addresses. */
export const ipv6AwareSocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const real = fromKafkajsHost(host);
  const socket = ssl
    ? tls.connect({ host: real, port, ...(!net.isIP(real) ? { servername: real } : {}), ...ssl }, onConnect)
    : net.connect({ host: real, port }, onConnect);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  return socket;
};

/** The eight groups of an IPv6 address, in hex without leading zeros (an IPv4 tail becomes two groups). */
function expand(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - h.length - t.length }, () => '0');
  return [...h, ...zeros, ...t].map((g) => parseInt(g || '0', 16).toString(16));
}
