// One dossier for anyone allowed to see it: its facts, the timeline of what happened, and the
// procedure's graph with each step coloured by its state and deadline. Follows the dossier live.
import { Badge, Card, Grid, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useCatalog } from '../../components/catalog';
import { subscribe } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { DossierPapers } from './dossier-papers';
import { ProcedureGraph } from './procedure-graph';

const DossierQuery = graphql(`
  query ConsoleDossier($code: String!) {
    dossier(code: $code) {
      code
      procedureCode
      procedureVersion
      receivingAgencyCode
      channel
      status
      statusReason
      submittedAt
      receivedAt
      dueAt
      originalDueAt
      completedAt
      outcome
      resultReturnedAt
      supplement
      workingMinutesPastDue
      steps {
        key
        name
        agencyCode
        status
        startedAt
        completedAt
        dueAt
        late
        failure
      }
      escalations {
        id
        level
        reason
        raisedAt
        resolvedAt
        agencyCode
      }
      apologies {
        id
        agencyCode
        issuedAt
        newDueAt
        reason
      }
      forms {
        kind
        url
        available
      }
    }
  }
`);

const DossierUpdated = graphql(`
  subscription ConsoleDossierUpdated($code: String!) {
    dossierUpdated(code: $code) {
      code
    }
  }
`);

export type DossierView = NonNullable<ResultOf<typeof DossierQuery>['dossier']>;

interface Happening {
  at: string;
  text: string;
  color: string;
}

function timelineOf(d: DossierView, agencyName: (code: string) => string): Happening[] {
  // Filed out of office hours, a dossier counts as received at the next opening, while the engine
  // has already handed it to the first agency: both moments are shown, each at its own time.
  const out: Happening[] =
    d.submittedAt < d.receivedAt
      ? [
          { at: d.submittedAt, text: vi.dossier.events.filed, color: 'blue' },
          { at: d.receivedAt, text: vi.dossier.events.receivedLater, color: 'blue' },
        ]
      : [{ at: d.receivedAt, text: vi.dossier.events.received, color: 'blue' }];
  for (const s of d.steps) {
    if (s.startedAt)
      out.push({
        at: s.startedAt,
        text: vi.dossier.events.stepStarted(s.name, agencyName(s.agencyCode)),
        color: 'blue',
      });
    if (s.completedAt && s.status === 'DONE')
      out.push({
        at: s.completedAt,
        text: vi.dossier.events.stepDone(s.name, agencyName(s.agencyCode)),
        color: s.late ? 'red' : 'green',
      });
  }
  const supplement = d.supplement as { requestedAt?: string; providedAt?: string; items?: string[] } | null;
  if (supplement?.requestedAt)
    out.push({
      at: supplement.requestedAt,
      text: `${vi.dossier.events.supplementRequested}${supplement.items?.length ? `: ${supplement.items.join(', ')}` : ''}`,
      color: 'orange',
    });
  if (supplement?.providedAt)
    out.push({ at: supplement.providedAt, text: vi.dossier.events.supplementProvided, color: 'blue' });
  for (const a of d.apologies)
    out.push({
      at: a.issuedAt,
      text: `${vi.dossier.events.apology(agencyName(a.agencyCode), formatDateTime(a.newDueAt))} (${a.reason})`,
      color: 'orange',
    });
  for (const e of d.escalations) {
    out.push({
      at: e.raisedAt,
      text: `${vi.dossier.events.escalation(e.level, vi.escalations.reasons[e.reason])}, ${agencyName(e.agencyCode)}`,
      color: 'red',
    });
    if (e.resolvedAt)
      out.push({ at: e.resolvedAt, text: vi.dossier.events.escalationResolved, color: 'green' });
  }
  if (d.completedAt)
    out.push({
      at: d.completedAt,
      text:
        d.status === 'COMPLETED'
          ? vi.dossier.events.completed
          : `${vi.dossier.events.closed}: ${vi.statuses[d.status]}`,
      color: d.outcome === 'LATE' ? 'red' : 'green',
    });
  if (d.resultReturnedAt)
    out.push({ at: d.resultReturnedAt, text: vi.dossier.events.resultReturned, color: 'green' });
  // In time order; at the same instant, in the order above (a stable sort): receipt first.
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="gray.8">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {value || '–'}
      </Text>
    </div>
  );
}

export function DossierPage({ code }: { code: string }) {
  const catalog = useCatalog();
  const { data, error, loading, reload } = useQuery(DossierQuery, { code });
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    let first = true;
    return subscribe(DossierUpdated, { code }, () => {
      // The first event is the dossier as it stands, which the query has just read.
      if (first) first = false;
      else void reloadRef.current();
    });
  }, [code]);

  if (error) return <ErrorAlert error={error} />;
  if (!data) return <Text>{loading ? vi.common.loading : vi.dossier.notFound}</Text>;
  const d = data.dossier;
  if (!d)
    return (
      <Stack>
        <Title order={1} size="h2">
          {vi.dossier.title(code)}
        </Title>
        <Text>{vi.dossier.notFound}</Text>
      </Stack>
    );

  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {vi.dossier.title(d.code)}{' '}
        <Badge size="lg" variant="dot" tt="none" color={d.status === 'IN_PROGRESS' ? 'blue' : 'gray'}>
          {vi.statuses[d.status]}
        </Badge>
      </Title>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {vi.dossier.facts}
        </Title>
        <SimpleGrid cols={4} spacing="sm">
          <Fact label={vi.dossier.procedure} value={catalog.procedureName(d.procedureCode)} />
          <Fact label={vi.dossier.receivingAgency} value={catalog.agencyName(d.receivingAgencyCode)} />
          <Fact label={vi.dossier.channel} value={vi.channels[d.channel]} />
          <Fact label={vi.dossier.receivedAt} value={formatDateTime(d.receivedAt)} />
          <Fact label={vi.dossier.dueAt} value={formatDateTime(d.dueAt)} />
          <Fact label={vi.dossier.originalDueAt} value={formatDateTime(d.originalDueAt)} />
          <Fact label={vi.dossier.completedAt} value={formatDateTime(d.completedAt)} />
          <Fact
            label={vi.dossier.outcome}
            value={d.outcome ? vi.outcomes[d.outcome] : d.statusReason ? d.statusReason : ''}
          />
        </SimpleGrid>
        <DossierPapers forms={d.forms} />
      </Card>
      <Grid>
        <Grid.Col span={8}>
          <Card withBorder h="100%">
            <Title order={2} size="h4" mb="xs">
              {vi.dossier.graph}
            </Title>
            <ProcedureGraph dossier={d} agencyName={catalog.agencyName} />
          </Card>
        </Grid.Col>
        <Grid.Col span={4}>
          <Card withBorder h="100%">
            <Title order={2} size="h4" mb="xs">
              {vi.dossier.timeline}
            </Title>
            <Timeline bulletSize={14} lineWidth={2}>
              {timelineOf(d, catalog.agencyName).map((h, i) => (
                <Timeline.Item key={i} color={h.color} title={<Text size="sm">{h.text}</Text>}>
                  <Text size="xs" c="gray.8">
                    {formatDateTime(h.at)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
