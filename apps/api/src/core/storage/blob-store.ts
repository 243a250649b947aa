/**
 * Where files live (already sealed by the field cipher: a store never sees a plaintext file).
 * Keys are Mayak's own (`attachments/<uuid>`), never a name a sender chose.
 */
export abstract class BlobStore {
  abstract readonly kind: 'local' | 's3';
  abstract put(key: string, bytes: Buffer): Promise<void>;
  /** Null when there is no such file. */
  abstract get(key: string): Promise<Buffer | null>;
  /** Deleting a file that is not there is not an error. */
  abstract delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;

export function assertBlobKey(key: string): void {
  if (!KEY.test(key) || key.length > 200) throw new Error(`Not a blob key: ${key.slice(0, 40)}`);
}
