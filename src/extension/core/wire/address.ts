/**
 * Where a wire listener may listen: loopback unless the user explicitly allowed other interfaces.
 */

/** True for an address that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Log lines of a listener (the host passes its scoped logger). */
export interface WireLogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** A log that drops everything (tests that do not look at it). */
export const SILENT_LOG: WireLogSink = { info: () => undefined, warn: () => undefined, error: () => undefined };
