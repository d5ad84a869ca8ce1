// Adding an agency or changing one (its code stays): name, level, supervising agency, system address.
import { Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ModalActions } from '../../components/modal-actions';
import { request } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
import { vi } from '../../text/vi';
import { UpsertAgency, type Agency, type AgencyInput } from './agency-queries';

export function AgencyModal({
  agency,
  agencies,
  onClose,
  onSaved,
}: {
  agency?: Agency;
  agencies: readonly Agency[];
  onClose(): void;
  onSaved(message: string): void;
}) {
  const [form, setForm] = useState<AgencyInput>({
    code: agency?.code ?? '',
    name: agency?.name ?? '',
    level: agency?.level ?? 'COMMUNE',
    parentCode: agency?.parentCode ?? null,
    endpointUrl: agency?.endpointUrl ?? null,
  });
  const set = (change: Partial<AgencyInput>) => setForm({ ...form, ...change });

  const { submit, sending, error } = useSubmit(async () => {
    const { upsertAgency } = await request(UpsertAgency, {
      input: { ...form, endpointUrl: form.endpointUrl?.trim() || null },
    });
    onSaved(vi.agencies.saved(upsertAgency.name));
  });

  return (
    <Modal
      closeButtonProps={{ 'aria-label': vi.common.close }}
      opened
      onClose={onClose}
      title={agency ? vi.agencies.edit(agency.name) : vi.agencies.add}
      size="lg"
    >
      <Stack>
        <TextInput
          label={vi.agencies.code}
          description={vi.agencies.codeHelp}
          value={form.code}
          onChange={(e) => set({ code: e.currentTarget.value.toUpperCase() })}
          readOnly={!!agency}
        />
        <TextInput
          label={vi.agencies.name}
          value={form.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <Select
          label={vi.agencies.level}
          data={Object.entries(vi.levels).map(([value, label]) => ({ value, label }))}
          value={form.level}
          onChange={(v) => v && set({ level: v as AgencyInput['level'] })}
          allowDeselect={false}
        />
        <Select
          label={vi.agencies.parent}
          data={agencies
            .filter((a) => a.code !== form.code)
            .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
          value={form.parentCode ?? null}
          onChange={(v) => set({ parentCode: v })}
          searchable
          clearable
        />
        <TextInput
          label={vi.agencies.endpointUrl}
          value={form.endpointUrl ?? ''}
          onChange={(e) => set({ endpointUrl: e.currentTarget.value })}
        />
        <ModalActions
          error={error}
          sending={sending}
          confirmLabel={vi.common.save}
          onConfirm={() => void submit()}
          onCancel={onClose}
        />
      </Stack>
    </Modal>
  );
}
