// Who is signed in: the person and the CSRF token from /auth/session, shared by every page.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import * as api from './api';

interface SessionState {
  person: api.Person | null;
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [person, setPerson] = useState<api.Person | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    api.whenSessionLost(() => setPerson(null));
    void api
      .currentSession()
      .then((session) => {
        if (session) {
          api.setCsrfToken(session.csrfToken);
          setPerson(session.person);
        }
      })
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const session = await api.signIn(username, password);
    api.setCsrfToken(session.csrfToken);
    setPerson(session.person);
  }, []);
  const signOut = useCallback(async () => {
    await api.signOut();
    api.setCsrfToken('');
    setPerson(null);
  }, []);

  return (
    <SessionContext.Provider value={{ person, loading, signIn, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
