// One document component (thành phần hồ sơ) of the procedure being edited.
import { ActionIcon, Checkbox, Group, NumberInput, TextInput } from '@mantine/core';
import type { FieldProblem } from '../../lib/api';
import { vi } from '../../text/vi';
import { problemsAt, type DraftComponent } from './draft';
import { problemText } from './problem-text';

export function ComponentRow({
  component,
  index,
  problems,
  onChange,
  onRemove,
}: {
  component: DraftComponent;
  index: number;
  problems: readonly FieldProblem[];
  onChange(component: DraftComponent): void;
  onRemove(): void;
}) {
  const at = (field: string) => problemText(problemsAt(problems, `components[${index}].${field}`));
  const set = (change: Partial<DraftComponent>) => onChange({ ...component, ...change });
  const count = (field: 'originals' | 'certifiedCopies' | 'photocopies') => (
    <NumberInput
      label={vi.editor[field]}
      value={component[field]}
      onChange={(v) => set({ [field]: typeof v === 'number' ? v : 0 })}
      min={0}
      allowDecimal={false}
      w={130}
      error={at(field)}
    />
  );
  return (
    <Group align="flex-end" wrap="nowrap" aria-label={vi.editor.component(index + 1)} role="group">
      <TextInput
        label={vi.editor.componentCode}
        value={component.code}
        onChange={(e) => set({ code: e.currentTarget.value })}
        error={at('code')}
        w={160}
      />
      <TextInput
        label={vi.editor.componentName}
        value={component.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
        error={at('name')}
        style={{ flex: 1 }}
      />
      {count('originals')}
      {count('certifiedCopies')}
      {count('photocopies')}
      <Checkbox
        label={vi.editor.required}
        checked={component.required}
        onChange={(e) => set({ required: e.currentTarget.checked })}
        mb={8}
      />
      <ActionIcon
        variant="default"
        aria-label={vi.editor.removeComponent(index + 1)}
        onClick={onRemove}
        mb={4}
      >
        ✕
      </ActionIcon>
    </Group>
  );
}
