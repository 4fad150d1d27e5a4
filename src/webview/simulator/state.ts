/**
 * The simulator panel's state and its pure reducer: every change the view shows goes through here.
 * The studio's figures arrive in frames; structure (a model's graph) only when it changed, metrics
 * buckets only when new, so the state accumulates them (bounded).
 */
import type {
  PresetComparison,
  SimulatorState,
  StudioBreakpoint,
  StudioBucket,
  StudioEvent,
  StudioFrameMessage,
  StudioGraphMessage,
  StudioInspection,
  StudioPauseReason,
  StudioSourceMessage,
} from '../../extension/protocol/simulatorPanel.js';

/** Model kinds. */
export type Model = 'rabbitmq' | 'kafka';

/** One model as the studio shows it. */
export interface StudioModelView {
  readonly graph?: StudioGraphMessage;
  readonly graphVersion: string;
  readonly figures: Readonly<Record<string, Readonly<Record<string, number | string>>>>;
  readonly timeMs: number;
  readonly finished: boolean;
  readonly steps: number;
  readonly published: number;
  readonly delivered: number;
  readonly processed: number;
  /** Closed simulated seconds, oldest first (at most MAX_BUCKETS). */
  readonly buckets: readonly StudioBucket[];
}

/** The studio part of the panel. */
export interface StudioView {
  readonly source?: StudioSourceMessage;
  readonly state: StudioFrameMessage['state'];
  readonly speed: StudioFrameMessage['speed'];
  readonly reason?: StudioPauseReason;
  readonly timeMs: number;
  readonly models: Partial<Record<Model, StudioModelView>>;
  /** Most recent events, oldest first (at most MAX_EVENTS). */
  readonly events: readonly StudioEvent[];
  readonly eventsTotal: number;
  /** The model the diagram shows. */
  readonly shown: Model;
  /** The diagram element whose details are open. */
  readonly selected?: { readonly model: Model; readonly nodeId: string };
  readonly inspection?: StudioInspection;
  readonly breakpoints: readonly StudioBreakpoint[];
  /** The last injection's outcome (applied, or the host's refusal). */
  readonly injectNote?: { readonly ok: boolean; readonly text: string };
}

/** What the panel renders. */
export interface SimulatorViewState {
  readonly loading: boolean;
  readonly models: SimulatorState['models'];
  readonly presets: SimulatorState['presets'];
  readonly selectedPreset?: string;
  /** The preset being run, while it runs. */
  readonly running?: string;
  /** Outcomes by id (kept by the host too, so a reloaded page gets them back). */
  readonly results: Readonly<Record<string, PresetComparison>>;
  readonly error?: string;
  readonly updatedAt?: number;
  readonly studio: StudioView;
}

/** The part of the state the page keeps across being hidden (setState); the host sends the rest again. */
export interface PersistedView {
  readonly selectedPreset?: string;
  readonly shown?: Model;
  readonly selected?: { readonly model: Model; readonly nodeId: string };
}

/** Events the view reacts to. */
export type SimulatorAction =
  | { readonly type: 'refreshRequested' }
  | { readonly type: 'stateReceived'; readonly state: SimulatorState }
  | { readonly type: 'presetSelected'; readonly id: string }
  | { readonly type: 'runStarted'; readonly id: string }
  | { readonly type: 'runFinished'; readonly comparison: PresetComparison }
  | { readonly type: 'runFailed'; readonly message: string }
  | { readonly type: 'resultShown'; readonly comparison: PresetComparison }
  | { readonly type: 'restored'; readonly view: PersistedView }
  | { readonly type: 'frame'; readonly frame: StudioFrameMessage }
  | { readonly type: 'source'; readonly source: StudioSourceMessage }
  | { readonly type: 'modelShown'; readonly model: Model }
  | { readonly type: 'nodeSelected'; readonly model: Model; readonly nodeId: string }
  | { readonly type: 'inspected'; readonly model: Model; readonly nodeId: string; readonly inspection: StudioInspection }
  | { readonly type: 'selectionCleared' }
  | { readonly type: 'breakpointsChanged'; readonly breakpoints: readonly StudioBreakpoint[] }
  | { readonly type: 'injectNoted'; readonly ok: boolean; readonly text: string };

/** Buckets kept per model: an hour of simulated seconds. */
export const MAX_BUCKETS = 3600;
/** Events kept for the event list. */
export const MAX_EVENTS = 200;

export const initialStudio: StudioView = { state: 'ready', speed: 1, timeMs: 0, models: {}, events: [], eventsTotal: 0, shown: 'rabbitmq', breakpoints: [] };
export const initialState: SimulatorViewState = { loading: true, models: [], presets: [], results: {}, studio: initialStudio };

function keep<T>(list: readonly T[], max: number): readonly T[] {
  return list.length > max ? list.slice(list.length - max) : list;
}

/** Applies a frame: figures replace, graphs replace when sent, buckets and events accumulate. */
export function applyFrame(studio: StudioView, frame: StudioFrameMessage): StudioView {
  const models: Partial<Record<Model, StudioModelView>> = {};
  for (const m of frame.models) {
    const before = frame.full ? undefined : studio.models[m.model];
    const graph = m.graph ?? before?.graph;
    models[m.model] = {
      ...(graph ? { graph } : {}),
      graphVersion: m.graphVersion,
      figures: m.figures,
      timeMs: m.timeMs,
      finished: m.finished,
      steps: m.steps,
      published: m.published,
      delivered: m.delivered,
      processed: m.processed,
      buckets: keep([...(before?.buckets ?? []), ...m.buckets], MAX_BUCKETS),
    };
  }
  const events = frame.full ? frame.events : keep([...studio.events, ...frame.events], MAX_EVENTS);
  return {
    ...studio,
    state: frame.state,
    speed: frame.speed,
    reason: frame.reason,
    timeMs: frame.timeMs,
    models,
    events,
    eventsTotal: (frame.full ? 0 : studio.eventsTotal) + frame.eventsSinceLast,
  };
}

export function reduce(state: SimulatorViewState, action: SimulatorAction): SimulatorViewState {
  switch (action.type) {
    case 'refreshRequested':
      return { ...state, loading: true };
    case 'stateReceived': {
      const selected = state.selectedPreset ?? action.state.presets[0]?.id;
      const results = { ...state.results };
      for (const r of action.state.results ?? []) results[r.id] = r;
      return { ...state, loading: false, models: action.state.models, presets: action.state.presets, updatedAt: action.state.updatedAt, results, ...(selected ? { selectedPreset: selected } : {}) };
    }
    case 'presetSelected':
      return { ...state, selectedPreset: action.id, error: undefined };
    case 'runStarted':
      return { ...state, running: action.id, error: undefined };
    case 'runFinished':
      return { ...state, running: undefined, results: { ...state.results, [action.comparison.id]: action.comparison } };
    case 'runFailed':
      return { ...state, running: undefined, error: action.message };
    case 'resultShown':
      // A scenario file was run: select it and show its outcome beside the earlier ones.
      return { ...state, selectedPreset: action.comparison.id, results: { ...state.results, [action.comparison.id]: action.comparison }, running: undefined, error: undefined };
    case 'restored':
      return {
        ...state,
        ...(action.view.selectedPreset ? { selectedPreset: action.view.selectedPreset } : {}),
        studio: { ...state.studio, ...(action.view.shown ? { shown: action.view.shown } : {}), ...(action.view.selected ? { selected: action.view.selected } : {}) },
      };
    case 'frame':
      return { ...state, studio: applyFrame(state.studio, action.frame) };
    case 'source': {
      const sameSource = state.studio.source?.id === action.source.id;
      return {
        ...state,
        studio: {
          ...state.studio,
          source: action.source,
          breakpoints: action.source.breakpoints,
          ...(sameSource ? {} : { selected: undefined, inspection: undefined, injectNote: undefined }),
        },
      };
    }
    case 'modelShown':
      return { ...state, studio: { ...state.studio, shown: action.model, selected: undefined, inspection: undefined } };
    case 'nodeSelected':
      return { ...state, studio: { ...state.studio, selected: { model: action.model, nodeId: action.nodeId }, inspection: undefined } };
    case 'inspected': {
      const sel = state.studio.selected;
      if (!sel || sel.model !== action.model || sel.nodeId !== action.nodeId) return state;
      return { ...state, studio: { ...state.studio, inspection: action.inspection } };
    }
    case 'selectionCleared':
      return { ...state, studio: { ...state.studio, selected: undefined, inspection: undefined } };
    case 'breakpointsChanged':
      return { ...state, studio: { ...state.studio, breakpoints: action.breakpoints } };
    case 'injectNoted':
      return { ...state, studio: { ...state.studio, injectNote: { ok: action.ok, text: action.text } } };
  }
}

/** What the page keeps across hide/show and reloads. */
export function persisted(state: SimulatorViewState): PersistedView {
  return {
    ...(state.selectedPreset ? { selectedPreset: state.selectedPreset } : {}),
    shown: state.studio.shown,
    ...(state.studio.selected ? { selected: state.studio.selected } : {}),
  };
}
