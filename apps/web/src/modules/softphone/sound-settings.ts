/**
 * The operator's sound settings, kept in this browser (they belong to the headset at this
 * desk, not to the account): ring volume and which microphone the softphone uses.
 */
const RING_VOLUME_KEY = 'mayak.softphone.ringVolume';
const INPUT_DEVICE_KEY = 'mayak.softphone.inputDevice';
export const DEFAULT_RING_VOLUME = 60;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage refused (private mode): the setting lasts for this page only.
  }
}

/** 0 (silent) to 100. */
export function ringVolume(): number {
  const stored = Number(read(RING_VOLUME_KEY));
  return read(RING_VOLUME_KEY) !== null && Number.isFinite(stored) ? Math.min(100, Math.max(0, Math.round(stored))) : DEFAULT_RING_VOLUME;
}

export function setRingVolume(volume: number): void {
  write(RING_VOLUME_KEY, String(Math.min(100, Math.max(0, Math.round(volume)))));
}

/** The chosen microphone (a MediaDeviceInfo.deviceId), or null for the system's default. */
export function inputDevice(): string | null {
  return read(INPUT_DEVICE_KEY);
}

export function setInputDevice(deviceId: string | null): void {
  write(INPUT_DEVICE_KEY, deviceId);
}
