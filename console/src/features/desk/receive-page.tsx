// Receiving a dossier at the counter: pick the procedure among those the desk's agency receives
// (searched by code or name, diacritics or not), the applicant, and the document components handed
// in with their copies by kind. The engine decides: a missing required component comes back as
// COMPONENT_MISSING naming it, and the page marks that row. Once received, the receipt prints at once.
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { ApiError, request } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { READABLE_DESCRIPTION } from '../../components/readable';
import { matchesSearch } from '../../lib/search';

const ProceduresQuery = graphql(`
  query DeskProcedures($agency: String!) {
    procedures(filter: { receivingAgencyCode: $agency }) {
      code
      name
    }
  }
`);
const ProcedureQuery = graphql(`
  query DeskProcedure($code: String!) {
    procedure(code: $code) {
      code
      name
      totalWorkingDays
      components {
        code
        name
        required
        originals
        certifiedCopies
        photocopies
      }
    }
  }
`);
const SubmitMutation = graphql(`
  mutation DeskSubmit($input: SubmitDossierInput!) {
    submitDossier(input: $input) {
      lookupKey
      dossier {
        code
        dueAt
        registerVolume
        registerNumber
      }
    }
  }
`);

type Component = NonNullable<ResultOf<typeof ProcedureQuery>['procedure']>['components'][number];
type Received = NonNullable<ResultOf<typeof SubmitMutation>['submitDossier']>;
type Copies = { originals: number; certifiedCopies: number; photocopies: number };
const KINDS = ['originals', 'certifiedCopies', 'photocopies'] as const;

export function ReceivePage() {
  const { person } = useSession();
  const agency = person?.agencyCode ?? '';
  const procedures = useQuery(ProceduresQuery, { agency });
  const [procedureCode, setProcedureCode] = useState<string | null>(null);
  const [received, setReceived] = useState<Received>();

  const options = useMemo(
    () => (procedures.data?.procedures ?? []).map((p) => ({ value: p.code, label: `${p.code} – ${p.name}` })),
    [procedures.data],
  );

  if (received) return <ReceiptReady received={received} onAnother={() => setReceived(undefined)} />;

  return (
    <Stack gap="sm" maw={1100}>
      <PageTitle title={vi.desk.receiveTitle} intro={vi.desk.receiveIntro} />
      <ErrorAlert error={procedures.error} />
      <Select
        label={vi.desk.procedure}
        placeholder={vi.desk.procedureSearch}
        description={procedures.data ? vi.desk.procedureCount(options.length) : vi.common.loading}
        styles={READABLE_DESCRIPTION}
        data={options}
        value={procedureCode}
        onChange={setProcedureCode}
        searchable
        clearable
        limit={30}
        nothingFoundMessage={vi.desk.procedureNothing}
        filter={({ options: all, search }) =>
          all.filter((o) => 'label' in o && matchesSearch(o.label, search))
        }
      />
      {procedureCode && (
        <ReceiveForm key={procedureCode} procedureCode={procedureCode} onReceived={setReceived} />
      )}
    </Stack>
  );
}

function ReceiveForm({
  procedureCode,
  onReceived,
}: {
  procedureCode: string;
  onReceived(r: Received): void;
}) {
  const { data, error } = useQuery(ProcedureQuery, { code: procedureCode });
  const [applicant, setApplicant] = useState({ name: '', idNumber: '', phone: '', email: '' });
  const [handedIn, setHandedIn] = useState<Record<string, Copies | undefined>>({});
  // One key per form: a retried submission (a lost answer, a double click) registers the dossier once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<ApiError>();
  const procedure = data?.procedure;
  const components = procedure?.components ?? [];
  const nameOf = (code: unknown) => components.find((c) => c.code === code)?.name ?? String(code);
  const missingComponent =
    refusal?.code === 'COMPONENT_MISSING' || refusal?.code === 'UNKNOWN_COMPONENT'
      ? String(refusal.details.component ?? '')
      : undefined;

  const toggle = (c: Component, on: boolean) =>
    setHandedIn((h) => ({
      ...h,
      [c.code]: on
        ? {
            originals: c.originals,
            certifiedCopies: c.certifiedCopies,
            photocopies: c.photocopies || (c.originals + c.certifiedCopies === 0 ? 1 : 0),
          }
        : undefined,
    }));

  const submit = async () => {
    setSending(true);
    setRefusal(undefined);
    try {
      const answer = await request(SubmitMutation, {
        input: {
          procedureCode,
          channel: 'COUNTER',
          idempotencyKey,
          applicant: {
            name: applicant.name,
            idNumber: applicant.idNumber,
            ...(applicant.phone.trim() ? { phone: applicant.phone } : {}),
            ...(applicant.email.trim() ? { email: applicant.email } : {}),
          },
          components: Object.entries(handedIn)
            .filter((e): e is [string, Copies] => e[1] !== undefined)
            .map(([code, copies]) => ({ code, ...copies })),
        },
      });
      if (answer.submitDossier) onReceived(answer.submitDossier);
    } catch (err) {
      setRefusal(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        <ErrorAlert error={error} />
        {procedure && (
          <Text size="sm" c="gray.8">
            {vi.desk.dueIn(procedure.totalWorkingDays)}
          </Text>
        )}
        <Paper withBorder p="sm">
          <Title order={2} size="h4" mb="xs">
            {vi.desk.applicant}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={vi.desk.applicantName}
              required
              value={applicant.name}
              onChange={(e) => setApplicant({ ...applicant, name: e.currentTarget.value })}
            />
            <TextInput
              label={vi.desk.idNumber}
              required
              value={applicant.idNumber}
              onChange={(e) => setApplicant({ ...applicant, idNumber: e.currentTarget.value })}
            />
            <TextInput
              label={vi.desk.phone}
              value={applicant.phone}
              onChange={(e) => setApplicant({ ...applicant, phone: e.currentTarget.value })}
            />
            <TextInput
              label={vi.desk.email}
              type="email"
              value={applicant.email}
              onChange={(e) => setApplicant({ ...applicant, email: e.currentTarget.value })}
            />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="sm">
          <Title order={2} size="h4">
            {vi.desk.components}
          </Title>
          <Text size="sm" c="gray.8" mb="xs">
            {vi.desk.componentsHelp}
          </Text>
          {procedure && components.length === 0 && <Text>{vi.desk.noComponents}</Text>}
          {components.length > 0 && (
            <Table withTableBorder aria-label={vi.desk.components}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{vi.desk.handedIn}</Table.Th>
                  <Table.Th>{vi.desk.componentName}</Table.Th>
                  {KINDS.map((kind) => (
                    <Table.Th key={kind}>{vi.desk[kind]}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {components.map((c) => {
                  const copies = handedIn[c.code];
                  const flagged = missingComponent === c.code;
                  return (
                    <Table.Tr key={c.code} bg={flagged ? 'red.0' : undefined}>
                      <Table.Td>
                        <Checkbox
                          aria-label={`${vi.desk.handedIn}: ${c.name}`}
                          checked={copies !== undefined}
                          onChange={(e) => toggle(c, e.currentTarget.checked)}
                          error={flagged}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={c.required ? 600 : 400}>
                          {c.name}
                          {c.required && (
                            <Text span c="red.9" aria-label={vi.desk.required}>
                              {' *'}
                            </Text>
                          )}
                        </Text>
                        <Text size="xs" c="gray.8">
                          {vi.desk.expected(c.originals, c.certifiedCopies, c.photocopies)}
                        </Text>
                      </Table.Td>
                      {KINDS.map((kind) => (
                        <Table.Td key={kind} w={130}>
                          <NumberInput
                            aria-label={`${vi.desk[kind]}: ${c.name}`}
                            min={0}
                            max={99}
                            size="xs"
                            disabled={copies === undefined}
                            value={copies?.[kind] ?? 0}
                            onChange={(value) =>
                              setHandedIn((h) => ({
                                ...h,
                                [c.code]: { ...h[c.code]!, [kind]: Number(value) || 0 },
                              }))
                            }
                          />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <ErrorAlert
          error={refusal}
          title={
            missingComponent === undefined
              ? undefined
              : refusal?.code === 'COMPONENT_MISSING'
                ? vi.desk.missing(nameOf(missingComponent))
                : vi.desk.unknownComponent(nameOf(missingComponent))
          }
        />
        <Group>
          <Button type="submit" loading={sending} disabled={!procedure}>
            {sending ? vi.desk.submitting : vi.desk.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ReceiptReady({ received, onAnother }: { received: Received; onAnother(): void }) {
  const { dossier, lookupKey } = received;
  // The receipt is one of the applicant's papers: the lookup key just issued opens it.
  const receiptUrl = `/forms/${encodeURIComponent(dossier.code)}/receipt.pdf?key=${encodeURIComponent(lookupKey)}`;
  return (
    <Stack gap="sm" maw={720}>
      <Title order={1} size="h2">
        {vi.desk.receiveTitle}
      </Title>
      <Alert
        color="green"
        role="status"
        title={vi.desk.received(dossier.code)}
        styles={{ title: { color: '#1e6b30' } }}
      >
        <Table variant="vertical" withTableBorder={false} aria-label={vi.desk.received(dossier.code)}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th>{vi.desk.receiptCode}</Table.Th>
              <Table.Td>{dossier.code}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{vi.desk.lookupKey}</Table.Th>
              <Table.Td ff="monospace">{lookupKey}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{vi.desk.dueAt}</Table.Th>
              <Table.Td>{formatDateTime(dossier.dueAt)}</Table.Td>
            </Table.Tr>
            {dossier.registerNumber != null && (
              <Table.Tr>
                <Table.Th>{vi.desk.register}</Table.Th>
                <Table.Td>
                  {vi.desk.registerEntry(dossier.registerNumber, dossier.registerVolume ?? '')}
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Alert>
      <Group>
        <Button component="a" href={receiptUrl} download>
          {vi.desk.printReceipt}
        </Button>
        <Anchor component={Link} href={`/dossiers/${encodeURIComponent(dossier.code)}`}>
          {vi.desk.openDossier}
        </Anchor>
        <Button variant="default" onClick={onAnother}>
          {vi.desk.another}
        </Button>
      </Group>
    </Stack>
  );
}
