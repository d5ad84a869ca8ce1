// Replays recorded dossier histories (tests/fixtures/histories/*.json, recorded on the dev server by
// `RECORD_HISTORIES=1 npx jest --selectProjects integration --testPathPatterns 'dossier-workflow|dossier-actions|payload-encryption'`)
// through the workflow code as it is now: a change that is not replay-safe (reordered commands, a
// new timer or activity without `patched()`) fails here instead of breaking running dossiers.
// Replay runs with the system's data converter: histories recorded before payload encryption (plain
// payloads) and `encrypted-*.json`, recorded with it under the test key, must both replay.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { ENCRYPTED_ENCODING } from '../../platform/encryption/encryption-codec';
import { dossierDataConverter } from '../../platform/encryption/data-converter';
import { SAMPLE_PROCEDURES } from '../../domain/catalog/sample-procedures';
import { HISTORY_FIXTURES_DIR, historyFromFixtureJSON } from '../support/dossier-driver';
import { installTemporalRuntime } from '../../platform/temporal-runtime';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';

const fixtures = (() => {
  try {
    return readdirSync(HISTORY_FIXTURES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
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
  if (!codePath)
    throw new Error('WORKFLOW_BUNDLE_PATH is not set: run through jest (tests/integration/global-setup.ts)');
  return codePath;
};

const load = (file: string) =>
  historyFromFixtureJSON(readFileSync(path.join(HISTORY_FIXTURES_DIR, file), 'utf8'));
const replay = (file: string, withKey = true) =>
  Worker.runReplayHistory(
    {
      workflowBundle: { codePath: bundlePath() },
      replayName: 'dossier-replay',
      ...(withKey ? { dataConverter: dossierDataConverter(TEST_PAYLOAD_KEYS) } : {}),
    },
    load(file),
    `dossier/replay-${path.basename(file, '.json')}`,
  );
const inputEncoding = (file: string) => {
  const input = load(file).events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return Buffer.from(input?.metadata?.encoding ?? []).toString();
};

if (fixtures.length > 0) {
  test.each(fixtures)('%s replays deterministically on the current workflow code', async (file) => {
    expect(load(file).events?.length).toBeGreaterThan(5);
    await replay(file);
  });
}

test('histories from before payload encryption are plain; the encrypted one is sealed and needs the key to replay', async () => {
  const encrypted = fixtures.filter((f) => f.startsWith('encrypted-'));
  expect(encrypted.length).toBeGreaterThan(0);
  for (const file of encrypted) expect(inputEncoding(file)).toBe(ENCRYPTED_ENCODING);
  // Re-recording a fixture now encrypts it; keep some from before, as running dossiers are.
  expect(fixtures.filter((f) => inputEncoding(f) === 'json/plain').length).toBeGreaterThan(0);
  // Without the key the workflow cannot read its input; the task failure's message is itself encoded
  // (platform/encryption/failure-converter.ts), its start shown in base64 in the replay error.
  const failed = await replay(encrypted[0], false).then(
    () => 'replayed',
    (err: Error) => err.message,
  );
  const encoded = /encoded_attributes: Some\(\[([A-Za-z0-9+/=]+)\.\./.exec(failed)?.[1];
  expect(Buffer.from(encoded ?? '', 'base64').toString()).toMatch(/^\{"message":"Unknown encoding: bi/);
});
