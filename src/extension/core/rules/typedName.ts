/**
 * Destructive calls (delete a topic, delete a consumer group) take the name the user typed to
 * confirm; the real adapter and the simulator refuse a mismatch with the same sentence.
 */
import { BrokerError } from '../model/errors.js';

/** Throws `invalidInput` unless `typed` is exactly `name`. `action` reads like "Deleting topic". */
export function assertTypedName(action: string, name: string, typed: string, what: string): void {
  if (typed !== name) {
    throw new BrokerError('invalidInput', `${action} "${name}" failed: the typed name "${typed}" does not match. Type the ${what} exactly to confirm.`);
  }
}
