import { ringVolume } from './sound-settings';

/**
 * The console's ring: two soft tones, a second on and two off, made with Web Audio, so it
 * ships with the app (no sound file, nothing fetched) and plays at the operator's volume.
 * Browsers let a page make sound only after the user has interacted with it; an operator
 * has (they signed in), and a ring that cannot play stays silent rather than failing.
 */
export class RingTone {
  #context: AudioContext | null = null;
  #timer: number | null = null;

  get ringing(): boolean {
    return this.#timer !== null;
  }

  start(): void {
    if (this.#timer !== null) return;
    this.#burst();
    this.#timer = window.setInterval(() => this.#burst(), 3_000);
  }

  stop(): void {
    if (this.#timer !== null) window.clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One ring, for trying the volume. */
  sample(volume = ringVolume()): void {
    this.#burst(volume);
  }

  #burst(volume = ringVolume()): void {
    if (volume <= 0) return;
    try {
      this.#context ??= new AudioContext();
      const context = this.#context;
      if (context.state === 'suspended') void context.resume();
      const gain = context.createGain();
      const now = context.currentTime;
      const level = (volume / 100) * 0.25;
      gain.gain.setValueAtTime(0, now);
      gain.gain.linearRampToValueAtTime(level, now + 0.05);
      gain.gain.setValueAtTime(level, now + 0.95);
      gain.gain.linearRampToValueAtTime(0, now + 1);
      gain.connect(context.destination);
      for (const frequency of [440, 480]) {
        const tone = context.createOscillator();
        tone.frequency.value = frequency;
        tone.connect(gain);
        tone.start(now);
        tone.stop(now + 1);
      }
    } catch {
      // No audio output here: the panel still shows the ringing call.
    }
  }
}

export const ringTone = new RingTone();
