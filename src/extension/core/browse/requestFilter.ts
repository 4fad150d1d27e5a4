/**
 * The filter of a browse request as a predicate, seen through the request's `filterView` when it has
 * one (schema-decoded records), so every adapter applies decoded-field filters the same way.
 */
import type { BrowseRequest } from '../model/browse.js';
import { compileFilter, type RecordPredicate } from './filter.js';

/** Compiles `request.filter`, applied to `request.filterView(record)` when set. */
export function compileRequestFilter(request: Pick<BrowseRequest, 'filter' | 'filterView'>): RecordPredicate {
  const matches = compileFilter(request.filter);
  const view = request.filterView;
  return view && request.filter ? (record) => matches(view(record)) : matches;
}
