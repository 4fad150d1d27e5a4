// A node:test reporter that counts tests (not suites) and writes one JSON line, which scripts/test.mjs
// sums into the closing "N passed, N failed, N skipped" line.
export default async function* counter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type === 'suite') {
      // A skipped suite (e.g. its broker is down) reports no tests inside it: count it once.
      if (data.skip !== undefined) counts.skipped++;
      // A suite that fails outside its tests (a hook, or a throw while collecting) still counts once.
      if (event.type === 'test:fail' && data.details?.error?.failureType !== 'subtestsFailed') {
        counts.failed++;
        counts.failures.push({ name: data.name, file: data.file, error: String(data.details.error?.cause ?? data.details.error) });
      }
      continue;
    }
    if (data.skip !== undefined || data.todo !== undefined) counts.skipped++;
    else if (event.type === 'test:pass') counts.passed++;
    else {
      counts.failed++;
      counts.failures.push({ name: data.name, file: data.file, error: String(data.details?.error?.cause ?? data.details?.error) });
    }
  }
  yield `${JSON.stringify(counts)}\n`;
}
