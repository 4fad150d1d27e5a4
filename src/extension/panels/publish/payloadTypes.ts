import type { ResultOf } from '../../protocol/ipc.js';
import type { PublishLoadPayloadRequest } from '../../protocol/publishPanel.js';

export { PUBLISH_MAX_PAYLOAD_CHARS } from '../../protocol/publishPanel.js';
/** Result of loading a payload. */
export type ResultOfLoad = ResultOf<typeof PublishLoadPayloadRequest>;
