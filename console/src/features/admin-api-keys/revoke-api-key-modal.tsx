// Revoking a key: the system holding it is refused from its next request on.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ApiError, request } from '../../lib/api';
import { vi } from '../../text/vi';
import { RevokeApiKey, type ApiKey } from './api-key-queries';

export const keyName = (key: ApiKey) => key.label || key.prefix;

export function RevokeApiKeyModal({
  apiKey,
  onClose,
  onDone,
}: {
  apiKey: ApiKey;
  onClose(): void;
  onDone(message: string): void;
}) {
  const [error, setError] = useState<ApiError>();
  const [sending, setSending] = useState(false);
  async function revoke() {
    setSending(true);
    setError(undefined);
    try {
      await request(RevokeApiKey, { id: apiKey.id });
      onDone(vi.apiKeys.revokedNotice(keyName(apiKey)));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    } finally {
      setSending(false);
    }
  }
  return (
    <Modal
      closeButtonProps={{ 'aria-label': vi.common.close }}
      opened
      onClose={onClose}
      title={vi.apiKeys.revokeTitle}
    >
      <Stack>
        <Text>{vi.apiKeys.revokeConfirm(keyName(apiKey))}</Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {vi.common.cancel}
          </Button>
          <Button color="red" onClick={() => void revoke()} loading={sending}>
            {vi.apiKeys.revoke}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
