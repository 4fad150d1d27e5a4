/**
 * The simulator's one entry point for the host (panels, commands): presets, scenario parsing, the
 * comparison run, the studio session and its persistence. Host code imports from here, never from
 * the engine's folders, so the engine can be rearranged without touching panels/.
 */
export { PRESETS, presetById } from './presets/index.js';
export { ComparisonRun } from './runtime/comparison.js';
export type { MetricsBucket } from './runtime/metrics.js';
export type { RunSummary } from './runtime/summary.js';
export type { ModelKind, Scenario } from './scenario/types.js';
export { isScenarioError, parseScenario } from './scenario/validate.js';
export type { BreakpointSpec } from './studio/breakpoints.js';
export { consumerDefinitions, toInjection, type StudioAction } from './studio/injections.js';
export { DEFAULT_RESTORE_LIMITS, restoreStudio, saveStudio, type StudioRestoreLimits, type StudioSource } from './studio/persist.js';
export { StudioSession, type StudioEnvironment, type StudioFrame, type StudioSpeed } from './studio/session.js';
export { runComparison, sceneAt, type Comparison, type CompareScene } from './compare/compareRun.js';
export { scenarioFileName, scenarioFileText, scenarioWithInjections } from './scenario/saveScenario.js';
// Kafka's default partitioner, for the Publish panel's route preview (the same function the simulator routes with).
export { partitionForKey } from './kafka/murmur2.js';
