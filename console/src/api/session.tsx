import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiClient, ApiError, createApiClient } from './client.js';
import type { Principal, SessionAnswer } from './types.js';

export type Credentials = { kind: 'operator'; token: string } | { kind: 'member'; email: string; password: string };

export type SessionState =
  | { status: 'checking' }
  | { status: 'signedOut'; expired: boolean }
  | { status: 'signedIn'; principal: Principal };

interface SessionContextValue {
  state: SessionState;
  api: ApiClient;
  signIn(credentials: Credentials): Promise<Principal>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);
const SESSION_PATH = '/console/api/session';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  // The CSRF token lives in memory only: a reload asks the server for it again.
  const csrf = useRef<string | null>(null);
  const api = useMemo(
    () =>
      createApiClient({
        csrfToken: () => csrf.current,
        onUnauthorized: () => {
          csrf.current = null;
          setState({ status: 'signedOut', expired: true });
        },
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    api
      .get<SessionAnswer>(SESSION_PATH, undefined, { expectUnauthorized: true })
      .then((answer) => {
        csrf.current = answer.csrfToken;
        if (live) setState({ status: 'signedIn', principal: answer.principal });
      })
      .catch(() => {
        if (live) setState({ status: 'signedOut', expired: false });
      });
    return () => {
      live = false;
    };
  }, [api]);

  const signIn = useCallback(
    async (credentials: Credentials) => {
      const answer = await api.post<SessionAnswer>(SESSION_PATH, credentials, { expectUnauthorized: true });
      csrf.current = answer.csrfToken;
      setState({ status: 'signedIn', principal: answer.principal });
      return answer.principal;
    },
    [api],
  );

  const signOut = useCallback(async () => {
    try {
      await api.delete(SESSION_PATH);
    } catch (error) {
      // An already-ended session is signed out all the same.
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    } finally {
      csrf.current = null;
      setState({ status: 'signedOut', expired: false });
    }
  }, [api]);

  const value = useMemo(() => ({ state, api, signIn, signOut }), [state, api, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function useApi(): ApiClient {
  return useSession().api;
}

/** The signed-in principal; views under the signed-in shell only. */
export function usePrincipal(): Principal {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('usePrincipal without a session');
  return state.principal;
}

const writers = new Set(['owner', 'admin']);
const financeRoles = new Set(['owner', 'admin', 'finance']);

/** What the operator's role allows, mirroring the admin API's roles so the console hides what would be refused. */
export function useOperatorRights(): { write: boolean; finance: boolean } {
  const principal = usePrincipal();
  return { write: principal.kind === 'operator' && writers.has(principal.role), finance: principal.kind === 'operator' && financeRoles.has(principal.role) };
}
