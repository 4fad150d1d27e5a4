/**
 * Host messages for the Publish panel's webview tests (publish/init for a Kafka topic and a RabbitMQ
 * exchange), and how the tests fill its vscode-elements fields as a user would.
 */
import type { PanelPage } from '../support/webviewHarness.js';

export const kafkaDraft = {
  broker: 'kafka', destination: 'orders', routingKey: '', partition: '', key: '', headers: [], payloadMode: 'json', payload: '', timestamp: '',
  compression: 'none', mandatory: true, properties: {},
};
export const rabbitDraft = { ...kafkaDraft, broker: 'rabbitmq', destination: 'shop', routingKey: 'order.paid', properties: { deliveryMode: '2' } };

/** publish/init for the Kafka connection "Local Kafka" (topics orders and payments); `extra` overrides params. */
export const kafkaInit = (extra: Record<string, unknown> = {}) => ({
  kind: 'notification',
  method: 'publish/init',
  params: {
    connectionId: 'local-kafka', connectionName: 'Local Kafka', broker: 'kafka', simulated: false,
    destinations: [{ name: 'orders', kind: 'topic', builtin: false, detail: '3 partitions' }, { name: 'payments', kind: 'topic', builtin: false, detail: '1 partitions' }],
    draft: kafkaDraft, history: [], notes: [], ...extra,
  },
});

/** publish/init for the RabbitMQ connection "Local RabbitMQ" (built-in and own exchanges, a queue); `extra` overrides params. */
export const rabbitInit = (extra: Record<string, unknown> = {}) => ({
  kind: 'notification',
  method: 'publish/init',
  params: {
    connectionId: 'local-rabbit', connectionName: 'Local RabbitMQ', broker: 'rabbitmq', simulated: false,
    destinations: [
      { name: '', kind: 'exchange', builtin: true, detail: 'default exchange: routing key = queue name' },
      { name: 'amq.topic', kind: 'exchange', builtin: true, detail: 'topic' },
      { name: 'shop', kind: 'exchange', builtin: false, detail: 'topic' },
      { name: 'billing', kind: 'queue', builtin: false, detail: 'classic' },
    ],
    draft: rabbitDraft, history: [], notes: [], ...extra,
  },
});

/** A message's params. */
export const params = (m: Record<string, unknown>): Record<string, unknown> => m['params'] as Record<string, unknown>;

/** The first match's text, whitespace collapsed. */
export const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** Types into a vscode-elements field as a user would (value, then the input event the view listens to). */
export async function type(panel: PanelPage, selector: string, value: string): Promise<void> {
  await panel.page.locator(selector).first().evaluate((el: { value: string; dispatchEvent(e: unknown): boolean }, v) => {
    el.value = v;
    el.dispatchEvent(new (globalThis as unknown as { Event: new (t: string, o: object) => unknown }).Event('input', { bubbles: true, composed: true }));
  }, value);
}

/** Chooses an option of a vscode-elements select (value, then the change event). */
export async function choose(panel: PanelPage, selector: string, value: string): Promise<void> {
  await panel.page.locator(selector).first().evaluate((el: { value: string; dispatchEvent(e: unknown): boolean }, v) => {
    el.value = v;
    el.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event('change'));
  }, value);
}
