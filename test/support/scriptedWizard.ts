/**
 * A scripted {@link WizardUi}: answers the wizard's questions in order, checking each question's
 * title, and fails on a question the script did not expect (so a new or reordered step is noticed).
 */
import type { WizardItem, WizardUi } from '../../src/extension/commands/connectionWizardFlow.js';

/** One answer: the title the question must contain, and a label (pick) or text (input); undefined = Escape. */
export type ScriptedAnswer = readonly [titleContains: string, answer: string | undefined];

/** The UI, and what it was asked and told. */
export interface ScriptedWizard {
  readonly ui: WizardUi;
  readonly asked: string[];
  readonly notices: string[];
  /** Answers not used: the test should assert this is empty. */
  readonly left: () => number;
}

export function scriptedWizard(answers: readonly ScriptedAnswer[]): ScriptedWizard {
  const queue = [...answers];
  const asked: string[] = [];
  const notices: string[] = [];
  const next = (title: string): string | undefined => {
    asked.push(title);
    const answer = queue.shift();
    if (!answer) throw new Error(`no scripted answer for "${title}"`);
    if (!title.includes(answer[0])) throw new Error(`expected a question titled "…${answer[0]}…", was asked "${title}"`);
    return answer[1];
  };
  const ui: WizardUi = {
    async pick<T>(items: readonly WizardItem<T>[], options: { title: string }): Promise<T | undefined> {
      const answer = next(options.title);
      if (answer === undefined) return undefined;
      const found = items.find((i) => i.label === answer) ?? items.find((i) => i.label.includes(answer));
      if (!found) throw new Error(`"${options.title}" has no item "${answer}": ${items.map((i) => i.label).join(' | ')}`);
      return found.value;
    },
    async input(options) {
      const answer = next(options.title);
      if (answer === undefined) return undefined;
      const problem = options.validate?.(answer);
      if (problem) throw new Error(`"${options.title}" refused "${answer}": ${problem}`);
      return answer;
    },
    info(message) {
      notices.push(message);
    },
  };
  return { ui, asked, notices, left: () => queue.length };
}

/**
 * Answers `answers` in order, then, at the next input titled `stepTitle`, runs its validation of
 * `text` as the InputBox would and returns the problem (for refusal tests).
 */
export async function validationOf(answers: readonly ScriptedAnswer[], stepTitle: string, text: string, run: (ui: WizardUi) => Promise<unknown>): Promise<string | undefined> {
  let problem: string | undefined = 'the step was never reached';
  const scripted = scriptedWizard(answers);
  const ui: WizardUi = {
    ...scripted.ui,
    async input(options) {
      if (scripted.left() === 0 && options.title.includes(stepTitle)) {
        problem = options.validate?.(text);
        return undefined;
      }
      return scripted.ui.input(options);
    },
  };
  await run(ui);
  return problem;
}
