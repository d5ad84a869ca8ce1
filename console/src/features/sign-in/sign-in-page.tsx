// Sign-in with a person's own account; wrong credentials and throttling answer in Vietnamese.
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { vi } from '../../text/vi';

export function SignInPage() {
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'UNKNOWN';
      const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60;
      setError(
        code === 'INVALID_CREDENTIALS'
          ? vi.signIn.invalid
          : code === 'RATE_LIMITED'
            ? vi.signIn.rateLimited(retry)
            : code === 'NETWORK'
              ? vi.errors.NETWORK
              : vi.signIn.failed,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" bg="gray.1" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400}>
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <div>
              <Text fw={700} c="blue.9">
                {vi.appName}
              </Text>
              <Text size="sm" c="gray.8">
                {vi.appSubtitle}
              </Text>
            </div>
            <Title order={1} size="h2">
              {vi.signIn.title}
            </Title>
            <Text size="sm">{vi.signIn.intro}</Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={vi.signIn.username}
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
            <PasswordInput
              label={vi.signIn.password}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {vi.signIn.submit}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
