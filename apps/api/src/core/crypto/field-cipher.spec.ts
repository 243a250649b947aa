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

  it('seals files bound to their record: they open only there, with any configured key, and not after tampering', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(2000)]);
    const sealed = cipher.sealBytes(photo, 'attachment:one');
    expect(sealed.includes(photo.subarray(0, 64))).toBe(false);
    expect(cipher.openBytes(sealed, 'attachment:one').equals(photo)).toBe(true);
    expect(() => cipher.openBytes(sealed, 'attachment:two')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => cipher.openBytes(tampered, 'attachment:one')).toThrow();
    expect(new FieldCipher([k1, k2], 'k2').openBytes(sealed, 'attachment:one').equals(photo)).toBe(true);
    expect(() => new FieldCipher([k2], 'k2').openBytes(sealed, 'attachment:one')).toThrow(/key/);
    expect(() => cipher.openBytes(Buffer.from([9, 9]), 'attachment:one')).toThrow(/malformed/);
  });
});
