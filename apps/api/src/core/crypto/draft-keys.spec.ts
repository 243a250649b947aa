import { createHmac } from 'node:crypto';
import { BlindIndex } from './blind-index';
import { DraftKeys } from './draft-keys';

describe('DraftKeys', () => {
  const secret = Buffer.alloc(32, 7);
  const keys = new DraftKeys(secret);
  const session = '3f1c2a44-5f43-4c33-9d0e-0a7b7d0c1e21';

  it('gives a session the same 256-bit key every time, and another session another one', () => {
    const key = keys.forSession(session);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(keys.forSession(session)).toBe(key);
    expect(keys.forSession('5b0b9c1e-1111-4c33-9d0e-0a7b7d0c1e21')).not.toBe(key);
  });

  it('depends on the server key, and is nothing the same key gives for another purpose', () => {
    const key = Buffer.from(keys.forSession(session), 'base64url');
    expect(new DraftKeys(Buffer.alloc(32, 8)).forSession(session)).not.toBe(keys.forSession(session));
    expect(key.equals(createHmac('sha256', secret).update(session).digest())).toBe(false);
    expect(key.subarray(0, 16).toString('base64url')).not.toBe(new BlindIndex(secret).of('identifier', session));
  });
});
