// What tests/integration/global-setup.ts hands every integration test through the environment.

/** The named variable, or a message saying integration tests run through jest's global setup. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run integration tests through jest (tests/integration/global-setup.ts)`,
    );
  return value;
}

/** The namespace of the test file's lane on the run's Temporal server (tests/integration/lane.ts). */
export const laneNamespace = () => requiredEnv('TEMPORAL_NAMESPACE');
