// A new key for a system: its role, its agency (for agency systems and desks) and a label saying who
// holds it. The plain key is shown here once, to copy; the server keeps only its hash.
import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { ModalActions } from '../../components/modal-actions';
import { request } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
import { vi } from '../../text/vi';
import { CreateApiKey, type ApiKeyInput } from './api-key-queries';

const ROLES = ['PORTAL', 'AGENCY', 'DESK', 'SUPERVISOR', 'ADMIN'] as const;
const WITH_AGENCY: readonly string[] = ['AGENCY', 'DESK'];

export function CreateApiKeyModal({ onClose }: { onClose(created: boolean): void }) {
  const { agencies } = useCatalog();
  const [form, setForm] = useState<ApiKeyInput>({ role: 'PORTAL', agencyCode: null, label: '' });
  const [key, setKey] = useState<string>();
  const set = (change: Partial<ApiKeyInput>) => setForm({ ...form, ...change });
  const needsAgency = WITH_AGENCY.includes(form.role);

  const { submit, sending, error } = useSubmit(async () => {
    const { createApiKey } = await request(CreateApiKey, {
      input: { ...form, agencyCode: needsAgency ? form.agencyCode : null },
    });
    // The mutation's field is nullable only because a refusal nulls it; a refusal throws above.
    if (createApiKey) setKey(createApiKey.key);
  });

  if (key) {
    return (
      <Modal
        closeButtonProps={{ 'aria-label': vi.common.close }}
        opened
        onClose={() => onClose(true)}
        title={vi.apiKeys.createdTitle}
        size="lg"
      >
        <Stack>
          <Alert color="yellow" styles={{ message: { color: '#212529' } }}>
            {vi.apiKeys.createdHelp}
          </Alert>
          <Text size="sm" fw={600}>
            {vi.apiKeys.plainKey}
          </Text>
          <Code block data-testid="plain-key">
            {key}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={key}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? vi.apiKeys.copied : vi.apiKeys.copy}
                </Button>
              )}
            </CopyButton>
            <Button onClick={() => onClose(true)}>{vi.apiKeys.keptIt}</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }
  return (
    <Modal
      closeButtonProps={{ 'aria-label': vi.common.close }}
      opened
      onClose={() => onClose(false)}
      title={vi.apiKeys.create}
      size="lg"
    >
      <Stack>
        <TextInput
          label={vi.apiKeys.label}
          value={form.label ?? ''}
          onChange={(e) => set({ label: e.currentTarget.value })}
        />
        <Select
          label={vi.apiKeys.role}
          data={ROLES.map((value) => ({ value, label: vi.apiKeys.roles[value] }))}
          value={form.role}
          onChange={(v) => v && set({ role: v as ApiKeyInput['role'] })}
          allowDeselect={false}
        />
        {needsAgency && (
          <Select
            label={vi.apiKeys.agency}
            data={agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
            value={form.agencyCode ?? null}
            onChange={(v) => set({ agencyCode: v })}
            searchable
          />
        )}
        <ModalActions
          error={error}
          sending={sending}
          confirmLabel={vi.apiKeys.create}
          onConfirm={() => void submit()}
          onCancel={() => onClose(false)}
        />
      </Stack>
    </Modal>
  );
}
