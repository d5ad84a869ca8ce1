// Public tracking (/tra-cuu), for the citizen holding a receipt: no sign-in, phone-sized, opened by
// the receipt's QR code (?code=&key=) or by typing both. It shows only what trackDossier answers
// (no personal data): where the dossier is, what is due when, a supplement asked for (and a way to
// say it was provided), why it is late and the apology's new date. A wrong code or key, and too
// many tries, are said plainly in Vietnamese; the API's lookup throttle applies as everywhere.
import { Alert, Box, Button, Container, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ApiError, request } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';
import { navigate, useLocation } from '../../lib/router';
import { vi } from '../../text/vi';

const TrackQuery = graphql(`
  query PublicTrack($code: String!, $key: String!) {
    trackDossier(code: $code, lookupKey: $key) {
      code
      procedureName
      status
      outcome
      receivedAt
      dueAt
      originalDueAt
      completedAt
      currentAgencies {
        code
        name
      }
      steps {
        key
        name
        agencyName
        status
        dueAt
        completedAt
      }
      apologies {
        agencyName
        reason
        newDueAt
        issuedAt
      }
      supplement {
        items
        requestedAt
        expiresAt
        providedAt
      }
    }
  }
`);
const ProvideMutation = graphql(`
  mutation PublicProvideSupplement($input: ProvideSupplementInput!) {
    provideSupplement(input: $input) {
      code
    }
  }
`);

type Tracked = ResultOf<typeof TrackQuery>['trackDossier'];
const CLOSED_WITH_RESULT = ['COMPLETED', 'REFUSED', 'STOPPED'];

function TrackingError({ error }: { error: ApiError }) {
  if (error.code === 'DOSSIER_NOT_FOUND' || error.code === 'VALIDATION_FAILED')
    return (
      <Alert
        color="red"
        role="alert"
        title={vi.tracking.notFound}
        styles={{ title: { color: 'var(--mantine-color-red-9)' } }}
      >
        {null}
      </Alert>
    );
  if (error.code === 'RATE_LIMITED') {
    const seconds = Number(error.details.retryAfterSeconds ?? 900);
    return (
      <Alert
        color="red"
        role="alert"
        title={vi.tracking.rateLimited(Math.ceil(seconds / 60))}
        styles={{ title: { color: 'var(--mantine-color-red-9)' } }}
      >
        {null}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

export function TrackingPage() {
  const { search } = useLocation();
  const [code, setCode] = useState(search.get('code') ?? '');
  const [key, setKey] = useState(search.get('key') ?? '');
  const [tracked, setTracked] = useState<Tracked>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);
  const [notice, setNotice] = useState<string>();

  const look = async (c: string, k: string) => {
    setLoading(true);
    setError(undefined);
    try {
      const answer = await request(TrackQuery, { code: c.trim(), key: k.trim() });
      setTracked(answer.trackDossier);
    } catch (err) {
      setTracked(undefined);
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    } finally {
      setLoading(false);
    }
  };

  // Opened from the receipt's QR code: look it up at once.
  const initialCode = search.get('code');
  const initialKey = search.get('key');
  useEffect(() => {
    if (initialCode && initialKey) void look(initialCode, initialKey);
  }, [initialCode, initialKey]);

  const provide = async () => {
    if (!tracked) return;
    setError(undefined);
    try {
      await request(ProvideMutation, { input: { dossierCode: tracked.code, lookupKey: key.trim() } });
      setNotice(vi.tracking.supplementProvided);
      await look(tracked.code, key);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    }
  };

  return (
    <Container size={560} px="sm" py="md">
      <Stack gap="sm">
        <Box>
          <Text fw={700} c="blue.9">
            {vi.appName}
          </Text>
          <Title order={1} size="h2">
            {vi.tracking.title}
          </Title>
        </Box>
        {!tracked && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              navigate(
                `/tra-cuu?code=${encodeURIComponent(code.trim())}&key=${encodeURIComponent(key.trim())}`,
                {
                  replace: true,
                },
              );
              void look(code, key);
            }}
          >
            <Stack gap="sm">
              <Text size="sm">{vi.tracking.intro}</Text>
              <TextInput
                label={vi.tracking.code}
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
              />
              <TextInput
                label={vi.tracking.key}
                required
                autoComplete="off"
                value={key}
                onChange={(e) => setKey(e.currentTarget.value)}
              />
              <Button type="submit" loading={loading} fullWidth>
                {vi.tracking.search}
              </Button>
            </Stack>
          </form>
        )}
        {error && <TrackingError error={error} />}
        {notice && (
          <Text c="#1e6b30" role="status">
            {notice}
          </Text>
        )}
        {tracked && <TrackedDossier d={tracked} onProvide={() => void provide()} />}
        {tracked && (
          <Button
            variant="default"
            onClick={() => {
              setTracked(undefined);
              setNotice(undefined);
              navigate('/tra-cuu', { replace: true });
            }}
          >
            {vi.tracking.again}
          </Button>
        )}
      </Stack>
    </Container>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="gray.8">
        {label}
      </Text>
      <Text fw={500}>{children}</Text>
    </Box>
  );
}

function TrackedDossier({ d, onProvide }: { d: Tracked; onProvide(): void }) {
  const apology = d.apologies.at(-1);
  const waiting = d.status === 'WAITING_SUPPLEMENT' && d.supplement && !d.supplement.providedAt;
  return (
    <Stack gap="sm">
      <Paper withBorder p="sm">
        <Stack gap={6}>
          <Text size="sm" c="gray.8">
            {vi.tracking.code}: <b>{d.code}</b>
          </Text>
          <Fact label={vi.tracking.procedure}>{d.procedureName}</Fact>
          <Fact label={vi.tracking.status}>
            {vi.statuses[d.status] ?? d.status}
            {d.outcome ? ` (${vi.outcomes[d.outcome]})` : ''}
          </Fact>
          {d.currentAgencies.length > 0 && (
            <Fact label={vi.tracking.where}>{d.currentAgencies.map((a) => a.name).join(', ')}</Fact>
          )}
          <Fact label={vi.tracking.receivedAt}>{formatDateTime(d.receivedAt)}</Fact>
          <Fact label={vi.tracking.dueAt}>{formatDateTime(d.dueAt)}</Fact>
          {d.originalDueAt !== d.dueAt && (
            <Fact label={vi.tracking.originalDueAt}>{formatDateTime(d.originalDueAt)}</Fact>
          )}
          {d.completedAt && <Fact label={vi.tracking.completedAt}>{formatDateTime(d.completedAt)}</Fact>}
        </Stack>
      </Paper>
      {CLOSED_WITH_RESULT.includes(d.status) && (
        <Alert color="green" title={vi.tracking.resultReady} styles={{ title: { color: '#1e6b30' } }}>
          {null}
        </Alert>
      )}
      {waiting && (
        <Alert color="orange" title={vi.tracking.supplementTitle} styles={{ title: { color: '#8a3c00' } }}>
          <Stack gap="xs">
            <List size="sm">
              {d.supplement!.items.map((item) => (
                <List.Item key={item}>{item}</List.Item>
              ))}
            </List>
            {d.supplement!.expiresAt && (
              <Text size="sm">{vi.tracking.supplementExpires(formatDateTime(d.supplement!.expiresAt))}</Text>
            )}
            <Text size="sm">{vi.tracking.supplementConfirm}</Text>
            <Button onClick={onProvide}>{vi.tracking.supplementProvide}</Button>
          </Stack>
        </Alert>
      )}
      {apology && (
        <Alert color="yellow" title={vi.tracking.lateTitle} styles={{ title: { color: '#664d03' } }}>
          <Text size="sm">
            {vi.tracking.late(apology.agencyName, apology.reason, formatDateTime(apology.newDueAt))}
          </Text>
        </Alert>
      )}
      <Paper withBorder p="sm">
        <Title order={2} size="h4" mb="xs">
          {vi.tracking.steps}
        </Title>
        <Stack gap="xs">
          {d.steps.map((s) => (
            <Box key={s.key}>
              <Text size="sm" fw={500}>
                {s.name}
              </Text>
              <Text size="xs" c="gray.8">
                {s.agencyName} ·{' '}
                <Text span size="xs" fw={700} c={s.status === 'DONE' ? '#1e6b30' : 'blue.9'}>
                  {vi.stepStatuses[s.status] ?? s.status}
                </Text>{' '}
                {s.completedAt
                  ? vi.tracking.stepDone(formatDateTime(s.completedAt))
                  : s.dueAt
                    ? vi.tracking.stepDue(formatDateTime(s.dueAt))
                    : ''}
              </Text>
            </Box>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
