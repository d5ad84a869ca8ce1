// A new person's account: who they are, their role and (for agency and desk officers) their agency.
import { Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { ModalActions } from '../../components/modal-actions';
import { request } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
import { vi } from '../../text/vi';
import { CreateAccount, type AccountInput } from './account-queries';

/** People's roles (PORTAL is for systems, which get API keys). */
const ROLES = ['DESK', 'AGENCY', 'SUPERVISOR', 'ADMIN'] as const;
const WITH_AGENCY: readonly string[] = ['AGENCY', 'DESK'];

export function CreateAccountModal({
  onClose,
  onSaved,
}: {
  onClose(): void;
  onSaved(message: string): void;
}) {
  const { agencies } = useCatalog();
  const [form, setForm] = useState<AccountInput>({
    username: '',
    password: '',
    name: '',
    title: '',
    role: 'DESK',
    agencyCode: null,
  });
  const set = (change: Partial<AccountInput>) => setForm({ ...form, ...change });
  const needsAgency = WITH_AGENCY.includes(form.role);

  const { submit, sending, error } = useSubmit(async () => {
    const { createAccount } = await request(CreateAccount, {
      input: { ...form, agencyCode: needsAgency ? form.agencyCode : null },
    });
    onSaved(vi.accounts.created(createAccount?.username ?? form.username));
  });

  return (
    <Modal
      closeButtonProps={{ 'aria-label': vi.common.close }}
      opened
      onClose={onClose}
      title={vi.accounts.create}
      size="lg"
    >
      <Stack>
        <TextInput
          label={vi.accounts.username}
          value={form.username}
          onChange={(e) => set({ username: e.currentTarget.value })}
          autoComplete="off"
        />
        <TextInput
          label={vi.accounts.name}
          value={form.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <TextInput
          label={vi.accounts.jobTitle}
          value={form.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
        />
        <Select
          label={vi.accounts.role}
          data={ROLES.map((value) => ({ value, label: vi.roles[value] }))}
          value={form.role}
          onChange={(v) => v && set({ role: v as AccountInput['role'] })}
          allowDeselect={false}
        />
        {needsAgency && (
          <Select
            label={vi.accounts.agency}
            data={agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
            value={form.agencyCode ?? null}
            onChange={(v) => set({ agencyCode: v })}
            searchable
          />
        )}
        <PasswordInput
          label={vi.accounts.password}
          description={vi.accounts.passwordHelp}
          value={form.password}
          onChange={(e) => set({ password: e.currentTarget.value })}
          autoComplete="new-password"
        />
        <ModalActions
          error={error}
          sending={sending}
          confirmLabel={vi.accounts.create}
          onConfirm={() => void submit()}
          onCancel={onClose}
        />
      </Stack>
    </Modal>
  );
}
