// The procedure's steps as a graph (components/step-graph.tsx), each step coloured by its state in
// this dossier (done early / on time / late, active, waiting, not started) with its deadline.
import { Group, Text } from '@mantine/core';
import { StepGraph } from '../../components/step-graph';
import { formatDateTime } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import type { DossierView } from './dossier-page';

const ProcedureQuery = graphql(`
  query ConsoleProcedureGraph($code: String!, $version: Int) {
    procedure(code: $code, version: $version) {
      steps {
        key
        name
        agencyCode
        after
        workingDays
      }
    }
  }
`);

type StepState = keyof typeof vi.graphStates;
const COLORS: Record<StepState, { bg: string; border: string }> = {
  early: { bg: '#d3f9d8', border: '#2b8a3e' },
  onTime: { bg: '#ebfbee', border: '#2f9e44' },
  late: { bg: '#ffe3e3', border: '#c92a2a' },
  active: { bg: '#dbe4ff', border: '#364fc7' },
  activeOverdue: { bg: '#dbe4ff', border: '#c92a2a' },
  waiting: { bg: '#fff3bf', border: '#e67700' },
  notStarted: { bg: '#f1f3f5', border: '#868e96' },
};

function stateOf(step: DossierView['steps'][number] | undefined): StepState {
  if (!step || step.status === 'PENDING' || step.status === 'CANCELLED') return 'notStarted';
  if (step.status === 'WAITING_SUPPLEMENT') return 'waiting';
  if (step.status === 'ACTIVE' || step.status === 'FAILED')
    return step.dueAt && Date.parse(step.dueAt) < Date.now() ? 'activeOverdue' : 'active';
  if (step.late) return 'late';
  // Done at least a working half day before the deadline counts as early; the dossier's own outcome
  // uses the calendar, a step's colour only needs the distinction at a glance.
  if (step.completedAt && step.dueAt && Date.parse(step.dueAt) - Date.parse(step.completedAt) > 4 * 3_600_000)
    return 'early';
  return 'onTime';
}

export function ProcedureGraph({
  dossier,
  agencyName,
}: {
  dossier: DossierView;
  agencyName: (code: string) => string;
}) {
  const { data } = useQuery(ProcedureQuery, {
    code: dossier.procedureCode,
    version: dossier.procedureVersion,
  });
  const steps = data?.procedure?.steps ?? [];
  if (!steps.length) return <Text size="sm">{vi.common.loading}</Text>;

  const byKey = new Map(dossier.steps.map((s) => [s.key, s]));
  return (
    <>
      <StepGraph
        steps={steps}
        look={(s) => {
          const here = byKey.get(s.key);
          const state = stateOf(here);
          return {
            ariaLabel: `${s.name}: ${vi.graphStates[state]}`,
            background: COLORS[state].bg,
            border: COLORS[state].border,
            label: (
              <div style={{ textAlign: 'left', fontSize: 12, lineHeight: 1.3 }}>
                <b>{s.name}</b>
                <div>{agencyName(s.agencyCode)}</div>
                <div>
                  {vi.graphStates[state]} ·{' '}
                  {here?.dueAt
                    ? vi.dossier.stepDue(formatDateTime(here.dueAt))
                    : `${s.workingDays} ${vi.duration.day}`}
                </div>
              </div>
            ),
          };
        }}
      />
      <Group gap="xs" mt="xs" aria-label={vi.dossier.legend}>
        {(Object.keys(COLORS) as StepState[]).map((state) => (
          <Text
            key={state}
            size="xs"
            px={6}
            style={{
              background: COLORS[state].bg,
              border: `1px solid ${COLORS[state].border}`,
              borderRadius: 4,
            }}
          >
            {vi.graphStates[state]}
          </Text>
        ))}
      </Group>
    </>
  );
}
