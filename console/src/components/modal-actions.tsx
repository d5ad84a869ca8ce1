// The foot of every form modal: the refusal (if any), then Cancel and the confirming button on the
// right, so officers find them in the same place in every dialog.
import { Button, Group, type MantineColor } from '@mantine/core';
import type { ApiError } from '../lib/api';
import { vi } from '../text/vi';
import { ErrorAlert } from './error-alert';

/** Without `onConfirm` the button submits its surrounding <form>, so Enter in a field confirms too. */
export function ModalActions({
  error,
  errorTitle,
  sending,
  confirmLabel,
  confirmColor,
  onConfirm,
  onCancel,
}: {
  error: ApiError | undefined;
  errorTitle?: string;
  sending: boolean;
  confirmLabel: string;
  confirmColor?: MantineColor;
  onConfirm?(): void;
  onCancel(): void;
}) {
  return (
    <>
      <ErrorAlert error={error} title={errorTitle} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {vi.common.cancel}
        </Button>
        <Button
          type={onConfirm ? 'button' : 'submit'}
          color={confirmColor}
          onClick={onConfirm}
          loading={sending}
        >
          {confirmLabel}
        </Button>
      </Group>
    </>
  );
}
