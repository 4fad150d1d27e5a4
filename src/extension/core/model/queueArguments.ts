/** Moved to core/rules/queueArguments.ts (the one home of the rule); kept so existing imports resolve. */
export { queueArgumentsFromX, queueArgumentsToX } from '../rules/queueArguments.js';
