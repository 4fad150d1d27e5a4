/**
 * Regular expressions typed by the user (Browse filter, live tail, the expression language's
 * `matches`) run on RE2 (re2js, a pure-JS port), whose matching time is linear in the input: a pattern
 * such as ^(a+)+$ that makes a backtracking engine (JavaScript's RegExp) run for seconds or minutes
 * on a short record, freezing the extension host, costs microseconds here. RE2 has no look-around and
 * no backreferences; a pattern using them is refused with a sentence saying so.
 */
import * as l10n from '@vscode/l10n';
import { RE2JS } from 're2js';

/** Longest pattern accepted; RE2's program grows with it and no real filter needs more. */
export const USER_REGEX_MAX_LENGTH = 1000;
/** Largest compiled program accepted (RE2's cost measure), so a{1000}{1000}-style patterns are refused. */
export const USER_REGEX_MAX_PROGRAM = 20_000;

/** A compiled user pattern: `test` is true when it matches anywhere in the text. */
export interface UserRegex {
  readonly test: (text: string) => boolean;
}

/** Why a pattern cannot be used (thrown by {@link compileUserRegex}). */
export class UserRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserRegexError';
  }
}

/** Compiles a user pattern on RE2; throws UserRegexError with one sentence when it cannot be used. */
export function compileUserRegex(pattern: string, options: { readonly caseInsensitive?: boolean } = {}): UserRegex {
  if (pattern.length > USER_REGEX_MAX_LENGTH) {
    throw new UserRegexError(l10n.t('the pattern is {0} characters long; at most {1} are allowed', pattern.length, USER_REGEX_MAX_LENGTH));
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, options.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    // RE2 refuses what it cannot do in linear time; say which JavaScript features those are.
    const hint = /\(\?[=!<]|\\[1-9]/.test(pattern) ? l10n.t('; look-around and backreferences are not supported') : '';
    throw new UserRegexError(`${why}${hint}`);
  }
  if (re.programSize() > USER_REGEX_MAX_PROGRAM) {
    throw new UserRegexError(l10n.t('the pattern expands to too large a program ({0}); simplify its repetitions', re.programSize()));
  }
  return { test: (text) => re.test(text) };
}
