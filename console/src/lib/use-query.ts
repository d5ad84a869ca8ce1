// Loads a GraphQL query and reloads it when its variables change or on demand.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TadaDocumentNode } from 'gql.tada';
import { ApiError, request } from './api';

export interface QueryState<Result> {
  data: Result | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): Promise<void>;
}

export function useQuery<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): QueryState<Result> {
  const [data, setData] = useState<Result>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(variables);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const result = await request(document, JSON.parse(key) as Variables);
      if (ticket === latest.current) {
        setData(result);
        setError(undefined);
      }
    } catch (err) {
      if (ticket === latest.current)
        setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [document, key]);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, error, loading, reload: load };
}
