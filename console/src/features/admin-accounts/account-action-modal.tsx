// Locking an account, or setting a new password for it; both end the person's sessions at once.
import { Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ModalActions } from '../../components/modal-actions';
import { request } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
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

  const { submit, sending, error } = useSubmit(async () => {
    if (kind === 'deactivate') {
      await request(DeactivateAccount, { id: account.id });
      onDone(vi.accounts.deactivated(account.username));
    } else {
      await request(ResetAccountPassword, { id: account.id, password });
      onDone(vi.accounts.reset(account.username));
    }
  });

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
        <ModalActions
          error={error}
          sending={sending}
          confirmLabel={vi.common.confirm}
          confirmColor={kind === 'deactivate' ? 'red' : 'blue'}
          onConfirm={() => void submit()}
          onCancel={onClose}
        />
      </Stack>
    </Modal>
  );
}
