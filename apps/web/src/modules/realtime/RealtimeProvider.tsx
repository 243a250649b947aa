import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { LIVE_QUERY_KEYS, REALTIME_EVENT_TYPES, type RealtimeEventMap, type RealtimeEventType, type RealtimeHandler } from './events';

type AnyHandler = (data: unknown) => void;

interface RealtimeHub {
  subscribe<T extends RealtimeEventType>(type: T, handler: RealtimeHandler<T>): () => void;
}

const RealtimeContext = createContext<RealtimeHub | null>(null);

/**
 * One event stream per console (not one per feature): the alerts bell, the live call panel,
 * callbacks and messages all listen on it. The browser reconnects by itself and sends the
 * last event id it saw (Last-Event-ID), so the server replays what was missed; on every
 * (re)connect the live lists are re-read as well, for anything older than the replay keeps.
 */
export function RealtimeProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const queryClient = useQueryClient();
  const listeners = useRef(new Map<RealtimeEventType, Set<AnyHandler>>());

  const hub = useMemo<RealtimeHub>(
    () => ({
      subscribe(type, handler) {
        const map = listeners.current;
        let set = map.get(type);
        if (!set) {
          set = new Set();
          map.set(type, set);
        }
        set.add(handler as AnyHandler);
        return () => {
          set.delete(handler as AnyHandler);
        };
      },
    }),
    [],
  );

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events');
    const dispatch = (type: RealtimeEventType) => (event: MessageEvent<string>) => {
      let data: unknown = {};
      try {
        data = event.data ? JSON.parse(event.data) : {};
      } catch {
        // A malformed payload still says "something changed": handlers re-read.
      }
      for (const handler of [...(listeners.current.get(type) ?? [])]) handler(data);
    };
    const handlers = REALTIME_EVENT_TYPES.map((type) => [type, dispatch(type)] as const);
    for (const [type, handler] of handlers) source.addEventListener(type, handler as EventListener);
    const refresh = () => {
      for (const queryKey of LIVE_QUERY_KEYS) void queryClient.invalidateQueries({ queryKey });
    };
    source.addEventListener('open', refresh);
    return () => source.close();
  }, [enabled, queryClient]);

  return <RealtimeContext.Provider value={hub}>{children}</RealtimeContext.Provider>;
}

/**
 * Calls `handler` for every event of the type while the component is mounted. The latest
 * handler is used (no need to memoise it); outside a RealtimeProvider nothing is heard.
 */
export function useRealtimeEvent<T extends RealtimeEventType>(type: T, handler: (data: RealtimeEventMap[T]) => void, enabled = true): void {
  const hub = useContext(RealtimeContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!hub || !enabled) return;
    return hub.subscribe(type, (data) => latest.current(data));
  }, [hub, type, enabled]);
}
