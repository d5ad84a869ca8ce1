// A refusal or failure as a civil servant reads it: the Vietnamese message for the server's code,
// and the code itself for the help desk.
import { Alert, Text } from '@mantine/core';
import type { ApiError } from '../lib/api';
import { vi } from '../text/vi';

export const messageFor = (error: ApiError) => vi.errors[error.code] ?? vi.errors.UNKNOWN;

/** `title`: a page's own wording for this refusal (e.g. naming the missing component), else the code's. */
export function ErrorAlert({ error, title }: { error: ApiError | undefined; title?: string }) {
  if (!error) return null;
  return (
    // The title in red.9: the default red on the light red ground is below WCAG AA contrast.
    <Alert
      color="red"
      role="alert"
      title={title ?? messageFor(error)}
      styles={{ title: { color: 'var(--mantine-color-red-9)' } }}
    >
      <Text size="sm">{vi.errorCode(error.code)}</Text>
    </Alert>
  );
}
