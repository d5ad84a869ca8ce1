// Acting on one step: complete with a result, request supplements, refuse, or apologise with a new
// date. The form stays as it is until the engine answers; a refusal shows its coded message.
import { Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ModalActions } from '../../components/modal-actions';
import { ApiError, request } from '../../lib/api';
import { formatDateTime, startOfLocalDay } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { vi } from '../../text/vi';
import type { InboxStep } from './inbox-page';
import { DateField } from '../../components/date-field';

const CompleteStep = graphql(`
  mutation ConsoleCompleteStep($input: CompleteStepInput!) {
    completeStep(input: $input) {
      code
      status
    }
  }
`);
const RequestSupplement = graphql(`
  mutation ConsoleRequestSupplement($input: RequestSupplementInput!) {
    requestSupplement(input: $input) {
      code
    }
  }
`);
const RefuseDossier = graphql(`
  mutation ConsoleRefuseDossier($input: RefuseDossierInput!) {
    refuseDossier(input: $input) {
      code
    }
  }
`);
const IssueApology = graphql(`
  mutation ConsoleIssueApology($input: IssueApologyInput!) {
    issueApology(input: $input) {
      code
    }
  }
`);

type Kind = 'complete' | 'supplement' | 'refuse' | 'apology';

export function StepActionModal(props: {
  step: InboxStep;
  onClose(): void;
  onAccepted(message: string): void;
}) {
  const { step } = props;
  const [kind, setKind] = useState<Kind>('complete');
  const [documentNo, setDocumentNo] = useState('');
  const [text, setText] = useState('');
  const [newDate, setNewDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const target = { dossierCode: step.dossier.code, stepKey: step.key };

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (kind === 'complete') {
        const result: Record<string, string> = {};
        if (documentNo.trim()) result.documentNo = documentNo.trim();
        if (text.trim()) result.note = text.trim();
        await request(CompleteStep, { input: { ...target, result } });
        props.onAccepted(vi.inbox.done);
      } else if (kind === 'supplement') {
        const items = text
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
        await request(RequestSupplement, { input: { ...target, items } });
        props.onAccepted(vi.inbox.accepted);
      } else if (kind === 'refuse') {
        await request(RefuseDossier, { input: { ...target, reason: text.trim() } });
        props.onAccepted(vi.inbox.accepted);
      } else {
        // The new date's end of office hours would be a guess: the start of the next day is not;
        // 17:00 Vietnam time on the chosen day is what the letter promises.
        const newDueAt = newDate
          ? new Date(Date.parse(startOfLocalDay(newDate)) + 17 * 3_600_000).toISOString()
          : '';
        await request(IssueApology, { input: { ...target, reason: text.trim(), newDueAt } });
        props.onAccepted(vi.inbox.accepted);
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': vi.common.close }}
      onClose={props.onClose}
      title={vi.inbox.actTitle(step.dossier.code)}
      size="lg"
    >
      <Stack>
        <Text size="sm">
          {vi.inbox.step}: <b>{step.name}</b> · {vi.inbox.due}: {formatDateTime(step.dueAt)}
        </Text>
        <SegmentedControl
          value={kind}
          onChange={(v) => {
            setKind(v as Kind);
            setError(undefined);
          }}
          data={[
            { value: 'complete', label: vi.inbox.complete },
            { value: 'supplement', label: vi.inbox.requestSupplement },
            { value: 'refuse', label: vi.inbox.refuse },
            { value: 'apology', label: vi.inbox.apology },
          ]}
        />
        {kind === 'complete' && (
          <>
            <Text size="sm">{vi.inbox.completeHelp}</Text>
            <TextInput
              label={vi.inbox.documentNo}
              value={documentNo}
              onChange={(e) => setDocumentNo(e.currentTarget.value)}
            />
            <Textarea
              label={vi.inbox.resultNote}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
          </>
        )}
        {kind === 'supplement' && (
          <Textarea
            label={vi.inbox.supplementItems}
            required
            minRows={3}
            autosize
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        )}
        {kind === 'refuse' && (
          <Textarea
            label={vi.inbox.refuseReason}
            required
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        )}
        {kind === 'apology' && (
          <>
            <Textarea
              label={vi.inbox.apologyReason}
              required
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            <DateField label={vi.inbox.newDueAt} required value={newDate} onChange={setNewDate} />
          </>
        )}
        <ModalActions
          error={error}
          sending={busy}
          confirmLabel={vi.common.confirm}
          onConfirm={() => void send()}
          onCancel={props.onClose}
        />
      </Stack>
    </Modal>
  );
}
