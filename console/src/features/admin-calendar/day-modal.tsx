// One day's adjustment: a day off or a (make-up) working day, with its reason, as one calendar change.
import { Modal, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ModalActions } from '../../components/modal-actions';
import { request } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
import { vi } from '../../text/vi';
import { SetCalendarDays, type CalendarDay } from './calendar-queries';
import { problemText } from './problem-text';
import { displayDate } from './year-grid';

export function DayModal({
  day,
  onClose,
  onSaved,
}: {
  day: CalendarDay;
  onClose(): void;
  onSaved(message: string): void;
}) {
  const [working, setWorking] = useState(day.working ? 'working' : 'off');
  const [reason, setReason] = useState(day.reason ?? '');

  const { submit, sending, error } = useSubmit(async () => {
    await request(SetCalendarDays, {
      days: [{ date: day.date, working: working === 'working', reason: reason.trim() || null }],
    });
    onSaved(vi.calendar.saved(displayDate(day.date)));
  });

  return (
    <Modal
      closeButtonProps={{ 'aria-label': vi.common.close }}
      opened
      onClose={onClose}
      title={vi.calendar.editDay(displayDate(day.date))}
    >
      <Stack>
        <SegmentedControl
          value={working}
          onChange={setWorking}
          data={[
            { value: 'off', label: vi.calendar.makeDayOff },
            { value: 'working', label: vi.calendar.makeWorking },
          ]}
        />
        <TextInput
          label={vi.calendar.reason}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <ModalActions
          error={error}
          errorTitle={error?.fieldProblems[0] && problemText(error.fieldProblems[0])}
          sending={sending}
          confirmLabel={vi.common.save}
          onConfirm={() => void submit()}
          onCancel={onClose}
        />
      </Stack>
    </Modal>
  );
}
