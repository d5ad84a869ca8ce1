// Loading a year's official schedule file (the format of domain/calendar/official-schedule.ts, the
// same file `npm run calendar:import` takes): the server validates it and saves it as one calendar
// change, or lists each problem with where it is in the file and saves nothing.
import { Button, Card, FileInput, Group, List, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ApiError, request } from '../../lib/api';
import { vi } from '../../text/vi';
import { ImportOfficialSchedule } from './calendar-queries';
import { problemText } from './problem-text';

export function ScheduleUpload({ onLoaded }: { onLoaded(message: string): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ApiError>();
  const [sending, setSending] = useState(false);

  async function load() {
    if (!file) return;
    setError(undefined);
    let schedule: unknown;
    try {
      schedule = JSON.parse(await file.text());
    } catch {
      setError(
        new ApiError('VALIDATION_FAILED', vi.calendar.notJson, {
          errors: [{ path: file.name, code: 'NOT_JSON', message: vi.calendar.notJson }],
        }),
      );
      return;
    }
    setSending(true);
    try {
      const { importOfficialSchedule } = await request(ImportOfficialSchedule, { schedule });
      setFile(null);
      onLoaded(
        vi.calendar.uploaded(importOfficialSchedule.days.length, importOfficialSchedule.calendarVersion),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    } finally {
      setSending(false);
    }
  }

  return (
    <Card withBorder>
      <Group align="flex-end">
        <FileInput
          label={vi.calendar.upload}
          description={vi.calendar.uploadHelp}
          accept="application/json,.json"
          value={file}
          onChange={setFile}
          clearable
          clearButtonProps={{ 'aria-label': vi.calendar.clearFile }}
          w={520}
        />
        <Button onClick={() => void load()} disabled={!file} loading={sending}>
          {vi.calendar.uploadSubmit}
        </Button>
      </Group>
      {error && (
        <div style={{ marginTop: 8 }}>
          <ErrorAlert
            error={error}
            title={
              error.fieldProblems.length > 0 ? vi.calendar.refused(error.fieldProblems.length) : undefined
            }
          />
          <List size="sm" mt={4} aria-label={vi.calendar.problemsLabel}>
            {error.fieldProblems.map((p) => (
              <List.Item key={`${p.path}:${p.code}:${p.message}`}>
                <Text span size="sm" ff="monospace">
                  {p.path}
                </Text>
                : {problemText(p)}
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </Card>
  );
}
