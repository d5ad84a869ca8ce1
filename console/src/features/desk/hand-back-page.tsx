// Handing results back: the desk's dossiers that are closed with something for the applicant (a
// result, a refusal, a notice of stopping) and not yet collected. Recording who collected it is a
// fact of the dossier (recordResultReturned), not a note on screen: the row leaves the list only
// once the engine has recorded it.
import { Button, Fieldset, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useId, useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { useAgencyDossiersLive } from '../../components/agency-dossiers-live';
import { DateField } from '../../components/date-field';
import { ErrorAlert } from '../../components/error-alert';
import { ModalActions } from '../../components/modal-actions';
import { PageTitle } from '../../components/page-title';
import { readClockTime, TimeField } from '../../components/time-field';
import { EmptyRow } from '../../components/empty-row';
import { request } from '../../lib/api';
import { formatDateTime, localDateOf, localInstant } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { useSubmit } from '../../lib/use-submit';
import { vi } from '../../text/vi';
import { READABLE_DESCRIPTION } from '../../components/readable';

const ReadyQuery = graphql(`
  query DeskReadyToHandBack {
    dossiers(filter: { status: [COMPLETED, REFUSED, STOPPED], resultReturned: false }, first: 100) {
      totalCount
      edges {
        node {
          code
          procedureCode
          status
          outcome
          completedAt
          applicantName
          registerNumber
        }
      }
    }
  }
`);
const HandBackMutation = graphql(`
  mutation DeskHandBack($input: RecordResultReturnedInput!) {
    recordResultReturned(input: $input) {
      code
      resultReturnedAt
      resultReturnedTo
    }
  }
`);

type Ready = ResultOf<typeof ReadyQuery>['dossiers']['edges'][number]['node'];

export function HandBackPage() {
  const catalog = useCatalog();
  const { data, error, reload } = useQuery(ReadyQuery, {});
  // A dossier of the desk that closes, or is handed back at another counter, shows without reloading.
  const live = useAgencyDossiersLive(reload);
  const [handing, setHanding] = useState<Ready>();
  const [notice, setNotice] = useState<string>();
  const rows = data?.dossiers.edges.map((e) => e.node) ?? [];

  return (
    <Stack gap="sm">
      <PageTitle title={vi.desk.handBackTitle} intro={vi.desk.handBackIntro} live={live} />
      {notice && (
        <Text c="#1e6b30" role="status">
          {notice}
        </Text>
      )}
      <ErrorAlert error={error} />
      <Table striped withTableBorder aria-label={vi.desk.handBackTitle}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.common.dossier}</Table.Th>
            <Table.Th>{vi.desk.applicant}</Table.Th>
            <Table.Th>{vi.common.procedure}</Table.Th>
            <Table.Th>{vi.desk.status}</Table.Th>
            <Table.Th>{vi.desk.closedAt}</Table.Th>
            <Table.Th>{vi.inbox.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow rows={rows.length} loaded={!!data} columns={6} empty={vi.desk.noneReady} />
          {rows.map((d) => (
            <Table.Tr key={d.code}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Link href={`/dossiers/${encodeURIComponent(d.code)}`}>{d.code}</Link>
              </Table.Td>
              <Table.Td>{d.applicantName}</Table.Td>
              <Table.Td>{catalog.procedureName(d.procedureCode)}</Table.Td>
              <Table.Td>
                {vi.statuses[d.status]}
                {d.outcome ? ` (${vi.outcomes[d.outcome]})` : ''}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.completedAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" onClick={() => setHanding(d)} aria-label={`${vi.desk.handBack} ${d.code}`}>
                  {vi.desk.handBack}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {handing && (
        <HandBackModal
          dossier={handing}
          onClose={() => setHanding(undefined)}
          onDone={(to) => {
            setNotice(vi.desk.handedBack(handing.code, to));
            setHanding(undefined);
            void reload();
          }}
        />
      )}
    </Stack>
  );
}

function HandBackModal({
  dossier,
  onClose,
  onDone,
}: {
  dossier: Ready;
  onClose(): void;
  onDone(to: string): void;
}) {
  const helpId = useId();
  const [returnedTo, setReturnedTo] = useState(dossier.applicantName);
  // Both empty: now. A desk writing up an earlier hand-back gives its time, in Vietnam's time: the time
  // alone is today's; a day needs its time, since no hour of it is more likely than another.
  const [day, setDay] = useState('');
  const [time, setTime] = useState('');
  const [timeProblem, setTimeProblem] = useState<string>();
  const { submit, sending, error } = useSubmit(async () => {
    const problem = returnedTimeProblem(day, time);
    setTimeProblem(problem);
    if (problem) return;
    const clock = readClockTime(time);
    const input = {
      dossierCode: dossier.code,
      returnedTo,
      ...(clock ? { returnedAt: localInstant(day || localDateOf(new Date()), clock) } : {}),
    };
    const answer = await request(HandBackMutation, { input });
    onDone(answer.recordResultReturned?.resultReturnedTo ?? returnedTo);
  });
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': vi.common.close }}
      onClose={onClose}
      title={vi.desk.handBackFor(dossier.code)}
      size="lg"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={vi.desk.returnedTo}
            description={vi.desk.returnedToHelp}
            styles={READABLE_DESCRIPTION}
            required
            data-autofocus
            value={returnedTo}
            onChange={(e) => setReturnedTo(e.currentTarget.value)}
          />
          <Fieldset
            legend={vi.desk.returnedAt}
            variant="unstyled"
            aria-describedby={helpId}
            styles={GROUP_AS_FIELD}
          >
            <Text id={helpId} size="xs" c="gray.8" mb={6}>
              {vi.desk.returnedAtHelp}
            </Text>
            <Group align="flex-start">
              <DateField label={vi.desk.returnedDay} value={day} onChange={setDay} w={180} />
              <TimeField
                label={vi.desk.returnedTime}
                value={time}
                error={timeProblem}
                onChange={(value) => {
                  setTime(value);
                  setTimeProblem(undefined);
                }}
              />
            </Group>
          </Fieldset>
          <ModalActions
            error={error}
            errorTitle={vi.desk.handBackProblems[String(error?.details.reason)]}
            sending={sending}
            confirmLabel={vi.common.confirm}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** The date-and-time group's legend and help look like the label and description of the field above. */
const GROUP_AS_FIELD = {
  root: { padding: 0, margin: 0, border: 0 },
  legend: { fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500, padding: 0, marginBottom: 2 },
};

/** What keeps the typed hand-back time from being sent, said at the time field; undefined when fine. */
function returnedTimeProblem(day: string, time: string): string | undefined {
  if (!time.trim()) return day ? vi.desk.returnedTimeMissing : undefined;
  return readClockTime(time) ? undefined : vi.desk.returnedTimeInvalid;
}
