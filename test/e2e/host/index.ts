// Entry point loaded by the real extension host (extensionTestsPath = out/e2e/host/index.js, bundled
// by test/e2e/run.mjs). Runs mocha over the bundled *.test.js files next to it and reports each test
// and the totals as machine-readable console lines, which the workbench forwards to the runner
// through window.codeAutomationLog:
//   E2E-HOST-TEST {"state":"passed"|"failed"|"skipped","name":"…","durationMs":N,"message":"…","error":"…"}
//   E2E-HOST-RESULT {"passed":N,"failed":N,"skipped":N,"failures":[{"name":"…","error":"…"}]}
// The returned promise rejects when a test failed, so the extension host's exit code says it too.
// `mocha` stays external: it is required from the project's node_modules at run time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

// stack traces of the (inline-source-mapped) test bundles point at the .ts sources
process.setSourceMapsEnabled(true);

export const TEST_LINE = 'E2E-HOST-TEST';
export const RESULT_LINE = 'E2E-HOST-RESULT';

interface Failure {
  name: string;
  error: string;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const stack = (err.stack ?? '').split('\n').slice(1, 6).join('\n');
    return (stack ? `${err.message}\n${stack}` : err.message).slice(0, 2000);
  }
  return String(err).slice(0, 2000);
}

function emit(kind: string, payload: unknown): void {
  console.log(`${kind} ${JSON.stringify(payload)}`);
}

/** One line per test, and the totals at the end; nothing else (the runner prints ok / not ok). */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let skipped = 0;
    const failures: Failure[] = [];
    runner.on('pass', (test: Mocha.Test) => {
      passed++;
      emit(TEST_LINE, { state: 'passed', name: test.fullTitle(), durationMs: test.duration ?? 0 });
    });
    runner.on('pending', (test: Mocha.Test) => {
      skipped++;
      emit(TEST_LINE, { state: 'skipped', name: test.fullTitle() });
    });
    runner.on('fail', (test: Mocha.Runnable, err: unknown) => {
      const failure = { name: test.fullTitle(), error: describeError(err) };
      failures.push(failure);
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      emit(TEST_LINE, { state: 'failed', ...failure, message });
    });
    runner.once('end', () => {
      emit(RESULT_LINE, { passed, failed: failures.length, skipped, failures });
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: LineReporter });
  // code-server's environment reaches the extension host: run.mjs passes E2E_GREP through
  const grep = process.env.E2E_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (err) {
      emit(RESULT_LINE, { passed: 0, failed: 1, skipped: 0, failures: [{ name: 'loading the test files', error: describeError(err) }] });
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
