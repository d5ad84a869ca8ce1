// Keeps a list live: follows a subscription and reloads the list on its events. A burst (many changes
// at once) reloads once, 150 ms after the last event. Answers whether the stream is up, for the page's
// live indicator (undefined when there is nothing to follow).
import { useEffect, useRef, useState } from 'react';
import type { TadaDocumentNode } from 'gql.tada';
import { subscribe } from './api';

const RELOAD_DEBOUNCE_MS = 150;

export function useLiveReload<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  /** Undefined: nothing to follow (e.g. a person with no agency). */
  variables: Variables | undefined,
  reload: () => unknown,
  /** Told of each event before the reload, e.g. to say what arrived. */
  onEvent?: (data: Result) => void,
): boolean | undefined {
  const [live, setLive] = useState(true);
  const key = variables === undefined ? undefined : JSON.stringify(variables);
  // The latest callbacks, without resubscribing when the page re-renders.
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    if (key === undefined) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = subscribe(
      document,
      JSON.parse(key) as Variables,
      (data) => {
        setLive(true);
        onEventRef.current?.(data);
        clearTimeout(timer);
        timer = setTimeout(() => void reloadRef.current(), RELOAD_DEBOUNCE_MS);
      },
      () => setLive(false),
    );
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [document, key]);

  return key === undefined ? undefined : live;
}
