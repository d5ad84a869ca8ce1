// One day's adjustment: a day off or a (make-up) working day, with its reason, as one calendar change.
import { Button, Group, Modal, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ApiError, request } from '../../lib/api';
import { vi } from '../../text/vi';
import { SetCalendarDays, type CalendarDay } from './calendar-queries';
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
  const [error, setError] = useState<ApiError>();
  const [sending, setSending] = useState(false);

  async function save() {
    setSending(true);
    setError(undefined);
    try {
      await request(SetCalendarDays, {
        days: [{ date: day.date, working: working === 'working', reason: reason.trim() || null }],
      });
      onSaved(vi.calendar.saved(displayDate(day.date)));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    } finally {
      setSending(false);
    }
  }

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
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {vi.common.cancel}
          </Button>
          <Button onClick={() => void save()} loading={sending}>
            {vi.common.save}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
