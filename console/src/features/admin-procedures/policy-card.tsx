// How the engine watches this procedure's deadlines (its policy): how early a step due soon is
// flagged, how long past due a late step goes up to the supervisor's second level, how long a
// supplement is awaited before the dossier stops. Empty: the engine's default, which the help names.
import { Card, Group, NumberInput, Title } from '@mantine/core';
import type { FieldProblem } from '../../lib/api';
import { vi } from '../../text/vi';
import { problemsAt, type Draft } from './draft';
import { problemText } from './problem-text';

type Policy = NonNullable<Draft['policy']>;
const FIELDS = [
  'warningBeforeWorkingDays',
  'escalationLevel2AfterWorkingDays',
  'maxSupplementWaitWorkingDays',
] as const;

export function PolicyCard({
  policy,
  problems,
  onChange,
}: {
  policy: Draft['policy'];
  problems: readonly FieldProblem[];
  onChange(policy: Policy): void;
}) {
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {vi.editor.policy}
      </Title>
      <Group grow align="flex-start">
        {FIELDS.map((field) => (
          <NumberInput
            key={field}
            label={vi.editor.policyFields[field].label}
            description={vi.editor.policyFields[field].help}
            value={policy?.[field] ?? ''}
            onChange={(v) => onChange({ ...policy, [field]: typeof v === 'number' ? v : null })}
            min={0}
            step={0.5}
            decimalScale={1}
            error={problemText(problemsAt(problems, `policy.${field}`))}
          />
        ))}
      </Group>
    </Card>
  );
}
