// Revoking a key: the system holding it is refused from its next request on.
import { Modal, Stack, Text } from '@mantine/core';
import { ModalActions } from '../../components/modal-actions';
import { request } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
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
  const { submit, sending, error } = useSubmit(async () => {
    await request(RevokeApiKey, { id: apiKey.id });
    onDone(vi.apiKeys.revokedNotice(keyName(apiKey)));
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': vi.common.close }}
      opened
      onClose={onClose}
      title={vi.apiKeys.revokeTitle}
    >
      <Stack>
        <Text>{vi.apiKeys.revokeConfirm(keyName(apiKey))}</Text>
        <ModalActions
          error={error}
          sending={sending}
          confirmLabel={vi.apiKeys.revoke}
          confirmColor="red"
          onConfirm={() => void submit()}
          onCancel={onClose}
        />
      </Stack>
    </Modal>
  );
}
