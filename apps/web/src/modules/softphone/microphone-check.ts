/** What a microphone check found. */
export type MicrophoneCheck = 'heard' | 'silent' | 'blocked' | 'unavailable';

/** The browser's microphones (names appear once the page has been allowed one). */
export async function listMicrophones(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  return (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'audioinput');
}

/**
 * Listens to a microphone for up to `durationMs`, reporting its level (0 to 100) as it goes,
 * and says whether anything was heard. The microphone is released at the end, whatever happens.
 */
export async function checkMicrophone(deviceId: string | null, onLevel: (level: number) => void, durationMs = 3_000): Promise<MicrophoneCheck> {
  if (!navigator.mediaDevices?.getUserMedia) return 'unavailable';
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
  } catch (error) {
    const name = (error as { name?: string }).name;
    return name === 'NotAllowedError' || name === 'SecurityError' ? 'blocked' : 'unavailable';
  }
  const context = new AudioContext();
  try {
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let loudest = 0;
    const steps = Math.max(1, Math.round(durationMs / 100));
    for (let step = 0; step < steps; step++) {
      await new Promise((resolve) => window.setTimeout(resolve, 100));
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const level = Math.min(100, Math.round(Math.sqrt(sum / samples.length) * 400));
      loudest = Math.max(loudest, level);
      onLevel(level);
    }
    return loudest >= 2 ? 'heard' : 'silent';
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    void context.close();
  }
}
