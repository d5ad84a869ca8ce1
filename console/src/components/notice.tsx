// What a change just did ("saved", "locked"), announced to screen readers as a status.
import { Alert } from '@mantine/core';

/** Dark text on the light green ground, so the message keeps its contrast. */
export function Notice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Alert color="green" role="status" styles={{ message: { color: '#212529' } }}>
      {message}
    </Alert>
  );
}
