import { RING_FOR_PARAMETER, ringForCall } from './softphone';
import { TwilioSoftphone, type VoiceCall, type VoiceDevice } from './twilio-softphone';

type Listener = (...args: never[]) => void;

/** A stand-in for the Voice SDK's Device: records what the softphone asks of it, and lets the test fire its events. */
class StandInDevice implements VoiceDevice {
  readonly listeners = new Map<string, Listener[]>();
  readonly tokens: string[] = [];
  registered = 0;
  destroyed = false;
  inputs: Array<string | null> = [];
  readonly audio = {
    setInputDevice: async (deviceId: string) => {
      this.inputs.push(deviceId);
    },
    unsetInputDevice: async () => {
      this.inputs.push(null);
    },
  };
  constructor(token: string) {
    this.tokens.push(token);
  }
  async register() {
    this.registered += 1;
    this.fire('registered');
  }
  updateToken(token: string) {
    this.tokens.push(token);
  }
  destroy() {
    this.destroyed = true;
  }
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}

class StandInCall implements VoiceCall {
  readonly customParameters: Map<string, string>;
  readonly listeners = new Map<string, Listener[]>();
  accepted = false;
  rejected = false;
  disconnected = false;
  muted: boolean | undefined;
  digits = '';
  constructor(ringFor: string | null) {
    this.customParameters = new Map(ringFor ? [[RING_FOR_PARAMETER, ringFor]] : []);
  }
  accept() {
    this.accepted = true;
  }
  reject() {
    this.rejected = true;
  }
  disconnect() {
    this.disconnected = true;
    this.fire('disconnect');
  }
  mute(shouldMute?: boolean) {
    this.muted = shouldMute;
  }
  sendDigits(digits: string) {
    this.digits += digits;
  }
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}

function setUp(options: { fetchToken?: () => Promise<string>; failDevice?: { code: number }; microphone?: string } = {}) {
  let now = 1_000_000;
  let issued = 0;
  const devices: StandInDevice[] = [];
  const softphone = new TwilioSoftphone({
    fetchToken: options.fetchToken ?? (async () => `token-${++issued}`),
    createDevice: async (token) => {
      if (options.failDevice) throw options.failDevice;
      const device = new StandInDevice(token);
      devices.push(device);
      return device;
    },
    expectForMs: 30_000,
    microphone: () => options.microphone ?? null,
    now: () => now,
  });
  return {
    softphone,
    devices,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the Twilio softphone with a stand-in Device', () => {
  it('registers a Device with a fresh token and is ready for calls', async () => {
    const { softphone, devices } = setUp();
    const seen: string[] = [];
    softphone.subscribe(() => seen.push(softphone.state.status));
    await softphone.start();
    expect(devices).toHaveLength(1);
    expect(devices[0].tokens).toEqual(['token-1']);
    expect(devices[0].registered).toBe(1);
    expect(softphone.state).toMatchObject({ status: 'ready', provider: 'twilio' });
    expect(seen).toEqual(['starting', 'ready']);
    await softphone.start();
    expect(devices).toHaveLength(1); // started once
  });

  it('renews the token when the Device says it will expire', async () => {
    const { softphone, devices } = setUp();
    await softphone.start();
    devices[0].fire('tokenWillExpire');
    await new Promise((resolve) => setImmediate(resolve));
    expect(devices[0].tokens).toEqual(['token-1', 'token-2']);
  });

  it('picks up only the ring its operator expects, and declines any other', async () => {
    const { softphone, devices } = setUp();
    await softphone.start();
    const stranger = new StandInCall(ringForCall('someone-elses-call'));
    devices[0].fire('incoming', stranger);
    expect(stranger.rejected).toBe(true);
    const unnamed = new StandInCall(null);
    devices[0].fire('incoming', unnamed);
    expect(unnamed.rejected).toBe(true);

    softphone.expect(ringForCall('c1'));
    const mine = new StandInCall(ringForCall('c1'));
    devices[0].fire('incoming', mine);
    expect(mine.accepted).toBe(true);
    expect(softphone.state).toMatchObject({ status: 'in_call', activeRing: 'call:c1', muted: false });
    // A second ring while on a call is declined, even one that was expected.
    softphone.expect(ringForCall('c2'));
    const second = new StandInCall(ringForCall('c2'));
    devices[0].fire('incoming', second);
    expect(second.rejected).toBe(true);
  });

  it('forgets an expected ring that never came in time', async () => {
    const { softphone, devices, advance } = setUp();
    await softphone.start();
    softphone.expect(ringForCall('late'));
    advance(30_001);
    const late = new StandInCall(ringForCall('late'));
    devices[0].fire('incoming', late);
    expect(late.rejected).toBe(true);
    expect(softphone.state.status).toBe('ready');
  });

  it('mutes, sends digits and releases the audio when the call ends', async () => {
    const { softphone, devices } = setUp();
    await softphone.start();
    softphone.expect(ringForCall('c1'));
    const call = new StandInCall(ringForCall('c1'));
    devices[0].fire('incoming', call);
    softphone.mute(true);
    expect(call.muted).toBe(true);
    expect(softphone.state.muted).toBe(true);
    softphone.sendDigits('1');
    softphone.sendDigits('#');
    expect(call.digits).toBe('1#');
    expect(softphone.state.sentDigits).toBe('1#');
    call.fire('disconnect');
    expect(softphone.state).toMatchObject({ status: 'ready', activeRing: null, muted: false, sentDigits: '' });
    softphone.sendDigits('2');
    expect(call.digits).toBe('1#');
  });

  it('says so when the microphone is refused, and when the connection drops', async () => {
    const refused = setUp({ failDevice: { code: 31401 } });
    await refused.softphone.start();
    expect(refused.softphone.state.status).toBe('microphone_blocked');

    const { softphone, devices } = setUp();
    await softphone.start();
    devices[0].fire('unregistered');
    expect(softphone.state.status).toBe('connection_lost');
    devices[0].fire('registered');
    expect(softphone.state.status).toBe('ready');
    devices[0].fire('error', { code: 31208 });
    expect(softphone.state.status).toBe('microphone_blocked');
  });

  it('uses the microphone chosen in this browser, and another when the operator changes it', async () => {
    const { softphone, devices } = setUp({ microphone: 'headset-1' });
    await softphone.start();
    expect(devices[0].inputs).toEqual(['headset-1']);
    await softphone.useMicrophone('headset-2');
    await softphone.useMicrophone(null);
    expect(devices[0].inputs).toEqual(['headset-1', 'headset-2', null]);
  });

  it('lets go of everything when stopped (signed out)', async () => {
    const { softphone, devices } = setUp();
    await softphone.start();
    softphone.expect(ringForCall('c1'));
    const call = new StandInCall(ringForCall('c1'));
    devices[0].fire('incoming', call);
    softphone.stop();
    expect(call.disconnected).toBe(true);
    expect(devices[0].destroyed).toBe(true);
    expect(softphone.state).toMatchObject({ status: 'offline', activeRing: null });
  });
});
