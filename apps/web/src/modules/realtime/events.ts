/**
 * What the API's event stream (GET /api/v1/events, Server-Sent Events) says, by event type.
 * Payloads carry ids and codes only, never identifiers: the console re-reads what it shows
 * through the API, where every access rule applies.
 */
export interface RealtimeEventMap {
  alert: { alertId: string; kind: string };
  'call.ringing': { callId: string; contactId: string | null; officeId: string };
  'call.taken': { callId: string; contactId: string | null; operatorId: string };
  /** `reason: 'not_picked_up'` (to the operator only): they did not pick up and the call went back to the queue. */
  'call.ended': { callId: string; contactId?: string | null; outcome?: string; reason?: string };
  'call.transfer': {
    callId: string;
    contactId: string | null;
    mode: 'warm' | 'cold';
    step: 'offered' | 'completed' | 'cancelled';
    fromId: string;
    toId: string;
  };
  /** A live call was put on hold or resumed by its operator. */
  'call.changed': { callId: string; contactId: string | null; state: string };
  'callback.due': { callbackId: string; officeId: string };
  'message.received': { conversationId: string; contactId: string | null; officeId: string };
  'message.updated': { conversationId: string; officeId: string };
}

export type RealtimeEventType = keyof RealtimeEventMap;

export const REALTIME_EVENT_TYPES: readonly RealtimeEventType[] = [
  'alert',
  'call.ringing',
  'call.taken',
  'call.ended',
  'call.transfer',
  'call.changed',
  'callback.due',
  'message.received',
  'message.updated',
];

export type RealtimeHandler<T extends RealtimeEventType> = (data: RealtimeEventMap[T]) => void;

/**
 * Query keys whose data is live: re-read after the stream (re)connects, because events
 * older than what the server keeps for replay are not sent again.
 */
export const LIVE_QUERY_KEYS: readonly (readonly string[])[] = [['alerts'], ['telephony'], ['callbacks'], ['messages'], ['dashboards', 'line']];
