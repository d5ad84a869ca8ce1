// Locking an account, or setting a new password for it; both end the person's sessions at once.
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ApiError, request } from '../../lib/api';
import { vi } from '../../text/vi';
import { DeactivateAccount, ResetAccountPassword, type Account } from './account-queries';

export function AccountActionModal({
  kind,
  account,
  onClose,
  onDone,
}: {
  kind: 'deactivate' | 'reset';
  account: Account;
  onClose(): void;
  onDone(message: string): void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [sending, setSending] = useState(false);

  async function confirm() {
    setSending(true);
    setError(undefined);
    try {
      if (kind === 'deactivate') {
        await request(DeactivateAccount, { id: account.id });
        onDone(vi.accounts.deactivated(account.username));
      } else {
        await request(ResetAccountPassword, { id: account.id, password });
        onDone(vi.accounts.reset(account.username));
      }
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
      title={kind === 'deactivate' ? vi.accounts.deactivate : vi.accounts.resetTitle(account.name)}
    >
      <Stack>
        {kind === 'deactivate' ? (
          <Text>{vi.accounts.deactivateConfirm(account.name)}</Text>
        ) : (
          <PasswordInput
            label={vi.accounts.password}
            description={vi.accounts.passwordHelp}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="new-password"
          />
        )}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {vi.common.cancel}
          </Button>
          <Button
            color={kind === 'deactivate' ? 'red' : 'blue'}
            onClick={() => void confirm()}
            loading={sending}
          >
            {vi.common.confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
