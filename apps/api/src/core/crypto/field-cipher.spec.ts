import { createCipheriv, randomBytes } from 'node:crypto';
import { CiphertextError, describeCiphertext, FieldCipher, type FieldContext } from './field-cipher';

/** A value in the format written before values were bound to their row: `keyId.iv.tag.body`, no associated data. */
function legacySeal(keyId: string, key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof CiphertextError ? error.reason : `not a CiphertextError: ${String(error)}`;
  }
  return 'opened';
}

describe('FieldCipher', () => {
  const k1 = { id: 'k1', key: randomBytes(32) };
  const k2 = { id: 'k2', key: randomBytes(32) };
  const name: FieldContext = { table: 'people', column: 'name_encrypted', row: '3f1c2a44-5f43-4c33-9d0e-0a7b7d0c1e21' };

  it('round-trips text bound to its row, and never shows the plaintext', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const sealed = cipher.encrypt('+77011234567 Айгерим', name);
    expect(sealed).not.toContain('7011234567');
    expect(sealed.startsWith('v2.k1.')).toBe(true);
    expect(describeCiphertext(sealed)).toEqual({ format: 'bound', keyId: 'k1' });
    expect(cipher.decrypt(sealed, name)).toBe('+77011234567 Айгерим');
    expect(cipher.needsRotation(sealed)).toBe(false);
  });

  it('uses a fresh IV each time', () => {
    const cipher = new FieldCipher([k1], 'k1');
    expect(cipher.encrypt('same', name)).not.toBe(cipher.encrypt('same', name));
  });

  it('does not open a value in another row, another column or another table, and says so without the value', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const sealed = cipher.encrypt('Айгерим', name);
    const elsewhere: FieldContext[] = [
      { ...name, row: '5b0b9c1e-1111-4c33-9d0e-0a7b7d0c1e21' },
      { ...name, column: 'pseudonym_encrypted' },
      { ...name, table: 'contacts' },
      // The parts are kept apart: moving a dot between them is another place too.
      { table: 'people.name', column: 'encrypted', row: name.row },
    ];
    for (const at of elsewhere) expect({ at, reason: reason(() => cipher.decrypt(sealed, at)) }).toEqual({ at, reason: 'not_authentic' });
    let message = '';
    try {
      cipher.decrypt(sealed, elsewhere[0]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('people.name_encrypted');
    expect(message).not.toContain('Айгерим');
  });

  it('still reads legacy values (unbound, from before rows were bound) in any place, and marks them for rotation', () => {
    const cipher = new FieldCipher([k1, k2], 'k2');
    const legacy = legacySeal('k1', k1.key, 'secret');
    expect(describeCiphertext(legacy)).toEqual({ format: 'legacy', keyId: 'k1' });
    expect(cipher.decrypt(legacy, name)).toBe('secret');
    expect(cipher.decrypt(legacy, { ...name, row: 'another' })).toBe('secret');
    expect(cipher.needsRotation(legacy)).toBe(true);
    expect(cipher.needsRotation(legacySeal('k2', k2.key, 'secret'))).toBe(true);
  });

  it('reads values sealed with an older key after rotation, and refuses them once that key is gone', () => {
    const old = new FieldCipher([k1], 'k1').encrypt('secret', name);
    const rotated = new FieldCipher([k1, k2], 'k2');
    expect(rotated.decrypt(old, name)).toBe('secret');
    expect(rotated.needsRotation(old)).toBe(true);
    const renewed = rotated.encrypt(rotated.decrypt(old, name), name);
    expect(renewed.startsWith('v2.k2.')).toBe(true);
    expect(rotated.needsRotation(renewed)).toBe(false);
    const retired = new FieldCipher([k2], 'k2');
    expect(retired.decrypt(renewed, name)).toBe('secret');
    expect(reason(() => retired.decrypt(old, name))).toBe('unknown_key');
  });

  it('does not open with another key under the same id', () => {
    const sealed = new FieldCipher([k1], 'k1').encrypt('secret', name);
    expect(reason(() => new FieldCipher([{ id: 'k1', key: randomBytes(32) }], 'k1').decrypt(sealed, name))).toBe('not_authentic');
  });

  it('refuses tampered and malformed values', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const parts = cipher.encrypt('secret', name).split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(reason(() => cipher.decrypt(parts.join('.'), name))).toBe('not_authentic');
    // A bound value passed off as legacy (its version dropped) loses its binding and does not open either.
    expect(reason(() => cipher.decrypt(cipher.encrypt('secret', name).split('.').slice(1).join('.'), name))).toBe('not_authentic');
    expect(reason(() => cipher.decrypt('not a ciphertext', name))).toBe('malformed');
    expect(reason(() => cipher.decrypt('v2.k1.x.y.z', name))).toBe('malformed');
  });

  it('needs a table, a column and a row', () => {
    const cipher = new FieldCipher([k1], 'k1');
    expect(() => cipher.encrypt('secret', { ...name, row: '' })).toThrow(/table, column and row/);
  });

  it('seals files bound to their record: they open only there, with any configured key, and not after tampering', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(2000)]);
    const sealed = cipher.sealBytes(photo, 'attachment:one');
    expect(sealed.includes(photo.subarray(0, 64))).toBe(false);
    expect(cipher.sealedKeyId(sealed)).toBe('k1');
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
