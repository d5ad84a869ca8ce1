// Sends one change from a form: tracks "sending" for the button and keeps the refusal to show, so every
// modal reports a failure the same way instead of each writing its own try/catch.
import { useState } from 'react';
import { ApiError } from './api';

export interface Submission {
  submit(): Promise<void>;
  sending: boolean;
  error: ApiError | undefined;
}

export function useSubmit(action: () => Promise<void>): Submission {
  const [error, setError] = useState<ApiError>();
  const [sending, setSending] = useState(false);
  async function submit() {
    setSending(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    } finally {
      setSending(false);
    }
  }
  return { submit, sending, error };
}
