import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher';

describe('FieldCipher', () => {
  const k1 = { id: 'k1', key: randomBytes(32) };
  const k2 = { id: 'k2', key: randomBytes(32) };

  it('round-trips text and never shows the plaintext', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const sealed = cipher.encrypt('+77011234567 Айгерим');
    expect(sealed).not.toContain('7011234567');
    expect(sealed.startsWith('k1.')).toBe(true);
    expect(cipher.decrypt(sealed)).toBe('+77011234567 Айгерим');
  });

  it('uses a fresh IV each time', () => {
    const cipher = new FieldCipher([k1], 'k1');
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('reads values sealed with an older key after rotation', () => {
    const old = new FieldCipher([k1], 'k1').encrypt('secret');
    const rotated = new FieldCipher([k1, k2], 'k2');
    expect(rotated.decrypt(old)).toBe('secret');
    expect(rotated.encrypt('x').startsWith('k2.')).toBe(true);
  });

  it('refuses tampered ciphertext', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const parts = cipher.encrypt('secret').split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });
});
