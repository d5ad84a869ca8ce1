// Replays recorded dossier histories (tests/fixtures/histories/*.json, recorded on the dev server by
// `RECORD_HISTORIES=1 npx jest --selectProjects integration --testPathPatterns 'dossier-workflow|dossier-actions'`)
// through the workflow code as it is now: a change that is not replay-safe (reordered commands, a
// new timer or activity without `patched()`) fails here instead of breaking running dossiers.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { SAMPLE_PROCEDURES } from '../../domain/catalog/sample-procedures';
import { HISTORY_FIXTURES_DIR, historyFromFixtureJSON } from '../support/dossier-driver';
import { installTemporalRuntime } from '../../infra/temporal-runtime';

const fixtures = (() => {
  try {
    return readdirSync(HISTORY_FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
})();

beforeAll(() => installTemporalRuntime());

test('every sample procedure has a recorded happy path, plus the supplement and apology paths', () => {
  const names = fixtures.map((f) => path.basename(f, '.json'));
  expect(names).toEqual(expect.arrayContaining(SAMPLE_PROCEDURES.map((p) => p.code)));
  expect(names.some((n) => n.startsWith('supplement-'))).toBe(true);
  expect(names.some((n) => n.startsWith('apology-'))).toBe(true);
  expect(fixtures.length).toBeGreaterThanOrEqual(SAMPLE_PROCEDURES.length + 2);
});

const bundlePath = () => {
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (!codePath) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run through jest (tests/integration/global-setup.ts)');
  return codePath;
};

if (fixtures.length > 0) {
  test.each(fixtures)('%s replays deterministically on the current workflow code', async (file) => {
    const history = historyFromFixtureJSON(readFileSync(path.join(HISTORY_FIXTURES_DIR, file), 'utf8'));
    expect(history.events?.length).toBeGreaterThan(5);
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: bundlePath() }, replayName: 'dossier-replay' },
      history,
      `dossier/replay-${path.basename(file, '.json')}`,
    );
  });
}
