/**
 * Checks of the URLs a connection holds, shared by the Add/Edit Connection wizard (as the user types),
 * settings validation (hand-edited settings.json) and the RabbitMQ adapter (so a URL that can never
 * work is refused with one sentence, never a library's raw "URI malformed"). No sentence repeats the
 * URL itself: it may hold a password.
 */
import * as l10n from '@vscode/l10n';

/** Why an AMQP URL cannot work, or undefined when it can. */
export function amqpUrlProblem(text: string): string | undefined {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return l10n.t('This is not a URL; use amqp://host:5672/vhost.');
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') return l10n.t('The URL must start with amqp:// or amqps://.');
  // amqplib reads "amqp://" alone as guest@localhost:5672, which is never what a person typing an
  // address meant: ask for the host instead of connecting somewhere silently.
  if (url.hostname === '') return l10n.t('Give the host too, e.g. amqp://127.0.0.1:5672/ ("amqp://" alone would silently mean guest@localhost:5672).');
  if (url.port !== '' && (Number(url.port) < 1 || Number(url.port) > 65535)) return l10n.t('The port must be between 1 and 65535.');
  for (const [what, part] of [
    ['vhost', url.pathname],
    ['user name', url.username],
    ['password', url.password],
  ] as const) {
    try {
      decodeURIComponent(part);
    } catch {
      return l10n.t('The {0} in the URL has a broken %-escape (such as %ZZ); write % as %25.', what);
    }
  }
  return undefined;
}

/** Why a management API URL cannot work, or undefined when it can. '' (AMQP-only mode) is fine. */
export function managementUrlProblem(text: string, options: { allowCredentials?: boolean } = {}): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return l10n.t('Use http://host:port or https://host:port, or leave it empty.');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return l10n.t('Use http://host:port or https://host:port, or leave it empty.');
  // Node's fetch refuses URLs with user info, so such a URL can never work; the wizard moves them out.
  if (!options.allowCredentials && (url.username || url.password)) return l10n.t('Leave the user name and password out of the management URL: the user name is asked separately and the password kept in SecretStorage.');
  return undefined;
}
