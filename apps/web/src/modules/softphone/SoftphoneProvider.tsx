import type { SessionDto } from '@mayak/api-client';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { consoleClock } from '../clock/console-clock';
import { useRealtimeEvent } from '../realtime/RealtimeProvider';
import { LocalSoftphone } from './local-softphone';
import { INITIAL_SOFTPHONE_STATE, ringForCall, type Softphone, type SoftphoneState } from './softphone';
import { inputDevice } from './sound-settings';
import { createTwilioDevice } from './twilio-device';
import { TwilioSoftphone } from './twilio-softphone';

const SoftphoneContext = createContext<Softphone | null>(null);

const fetchToken = () => unwrap(api.POST('/api/v1/telephony/softphone/token'));

/** Asks the API which line this is, and builds the softphone that goes with it. */
async function createSoftphone(): Promise<Softphone> {
  const first = await fetchToken();
  if (first.provider === 'local' || !first.token) return new LocalSoftphone();
  let pending: string | null = first.token;
  return new TwilioSoftphone({
    fetchToken: async () => {
      if (pending) {
        const token = pending;
        pending = null;
        return token;
      }
      const next = await fetchToken();
      if (!next.token) throw new Error('the line gave no softphone token');
      return next.token;
    },
    createDevice: createTwilioDevice,
    microphone: inputDevice,
    now: () => consoleClock.nowMs(),
  });
}

/**
 * One softphone per signed-in operator, started with the shell and stopped at sign-out. It
 * also expects the rings that come without a click here: a colleague's transfer to me.
 */
export function SoftphoneProvider({ session, children }: { session: SessionDto; children: ReactNode }) {
  const [softphone, setSoftphone] = useState<Softphone | null>(null);
  useEffect(() => {
    let cancelled = false;
    let created: Softphone | null = null;
    void createSoftphone()
      .then(async (phone) => {
        if (cancelled) return;
        created = phone;
        setSoftphone(phone);
        await phone.start();
      })
      .catch(() => undefined); // no softphone: the header says offline; calls still ring elsewhere
    return () => {
      cancelled = true;
      created?.stop();
    };
  }, [session.user.id]);

  useRealtimeEvent(
    'call.transfer',
    (event) => {
      if (event.toId === session.user.id && (event.step === 'offered' || (event.step === 'completed' && event.mode === 'cold')))
        softphone?.expect(ringForCall(event.callId));
    },
    !!softphone,
  );
  useRealtimeEvent(
    'call.ended',
    (event) => {
      if (softphone?.state.activeRing === ringForCall(event.callId)) softphone.endCall();
    },
    !!softphone,
  );

  return <SoftphoneContext.Provider value={softphone}>{children}</SoftphoneContext.Provider>;
}

/** The softphone, when this user has one (null for roles that take no calls, or while it starts). */
export function useSoftphone(): Softphone | null {
  return useContext(SoftphoneContext);
}

const noSubscription = () => () => undefined;

export function useSoftphoneState(): SoftphoneState {
  const softphone = useSoftphone();
  return useSyncExternalStore(softphone ? (listener) => softphone.subscribe(listener) : noSubscription, () => softphone?.state ?? INITIAL_SOFTPHONE_STATE);
}
