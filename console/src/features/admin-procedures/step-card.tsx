// One step of the procedure being edited: what it is, who does it, how long it may take and which
// steps it waits for; each field shows the engine's problems at its own path (`steps[2].after`).
import { ActionIcon, Card, Group, MultiSelect, NumberInput, Select, Text, TextInput } from '@mantine/core';
import type { FieldProblem } from '../../lib/api';
import { vi } from '../../text/vi';
import { problemsAt, type DraftStep } from './draft';
import { problemText } from './problem-text';

export function StepCard({
  step,
  index,
  count,
  otherKeys,
  agencies,
  problems,
  onChange,
  onMove,
  onRemove,
}: {
  step: DraftStep;
  index: number;
  count: number;
  otherKeys: string[];
  agencies: { value: string; label: string }[];
  problems: readonly FieldProblem[];
  onChange(step: DraftStep): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}) {
  const path = `steps[${index}]`;
  const at = (field: string) => problemText(problemsAt(problems, `${path}.${field}`));
  const own = problemText(problemsAt(problems, path, true));
  const n = index + 1;
  const set = (change: Partial<DraftStep>) => onChange({ ...step, ...change });

  return (
    <Card
      withBorder
      padding="sm"
      role="group"
      aria-label={vi.editor.step(n)}
      style={own ? { borderColor: 'var(--mantine-color-red-8)' } : undefined}
    >
      <Group justify="space-between" mb={4}>
        <Text fw={700}>{vi.editor.step(n)}</Text>
        <Group gap={4}>
          <ActionIcon
            variant="default"
            aria-label={vi.editor.moveUp(n)}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="default"
            aria-label={vi.editor.moveDown(n)}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            ↓
          </ActionIcon>
          <ActionIcon variant="default" color="red" aria-label={vi.editor.removeStep(n)} onClick={onRemove}>
            ✕
          </ActionIcon>
        </Group>
      </Group>
      {own && (
        <Text size="sm" c="red.9" role="alert" mb={4}>
          {own}
        </Text>
      )}
      <Group grow align="flex-start">
        <TextInput
          label={vi.editor.stepKey}
          description={vi.editor.stepKeyHelp}
          value={step.key}
          onChange={(e) => set({ key: e.currentTarget.value })}
          error={at('key')}
        />
        <TextInput
          label={vi.editor.stepName}
          value={step.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={at('name')}
        />
      </Group>
      <Group grow align="flex-start" mt="xs">
        <Select
          label={vi.editor.stepAgency}
          data={agencies}
          value={step.agencyCode || null}
          onChange={(v) => set({ agencyCode: v ?? '' })}
          searchable
          error={at('agencyCode')}
        />
        <NumberInput
          label={vi.editor.workingDays}
          description={vi.editor.workingDaysHelp}
          value={step.workingDays ?? ''}
          onChange={(v) => set({ workingDays: typeof v === 'number' ? v : null })}
          min={0}
          step={0.5}
          decimalScale={1}
          error={at('workingDays')}
        />
        <Select
          label={vi.editor.mode}
          data={Object.entries(vi.editor.modes).map(([value, label]) => ({ value, label }))}
          value={step.mode}
          onChange={(v) => v && set({ mode: v as DraftStep['mode'] })}
          allowDeselect={false}
          error={at('mode')}
        />
        <Select
          label={vi.editor.kind}
          data={Object.entries(vi.editor.kinds).map(([value, label]) => ({ value, label }))}
          value={step.kind}
          onChange={(v) => v && set({ kind: v as DraftStep['kind'] })}
          allowDeselect={false}
          error={at('kind')}
        />
      </Group>
      <MultiSelect
        mt="xs"
        label={vi.editor.after}
        description={vi.editor.afterHelp}
        // A key the step already names stays selectable until removed, even if no step has it now.
        data={[...new Set([...otherKeys, ...step.after])]}
        value={step.after}
        onChange={(after) => set({ after })}
        error={at('after')}
      />
    </Card>
  );
}
