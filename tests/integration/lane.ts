// Before each integration test file: the database and Temporal namespace of the jest worker running
// it (its lane, made by global-setup.ts). Files never share a lane with a file running at the same time.
const lane = Number(process.env.JEST_WORKER_ID ?? '1');

function laneValue(listName: string): string {
  const values = (process.env[listName] ?? '').split(' ').filter(Boolean);
  const value = values[lane - 1];
  if (!value)
    throw new Error(
      `${listName} has no lane ${lane}: run integration tests through jest (tests/integration/global-setup.ts)`,
    );
  return value;
}

process.env.DATABASE_URL = laneValue('TEST_LANE_DATABASE_URLS');
process.env.TEMPORAL_NAMESPACE = laneValue('TEST_LANE_NAMESPACES');
