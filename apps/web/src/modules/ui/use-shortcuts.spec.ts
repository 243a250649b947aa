import { matchShortcut, type Shortcut, type ShortcutKeyEvent } from './use-shortcuts';

const SHORTCUTS = {
  save: { altCode: ['KeyS'] },
  complete: { altCode: ['Enter', 'NumpadEnter'] },
  legend: { character: '?' },
} satisfies Record<string, Shortcut>;

function press(overrides: Partial<ShortcutKeyEvent>): ShortcutKeyEvent {
  return { key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, repeat: false, ...overrides };
}

const outside = { inTextField: false };
const inField = { inTextField: true };

describe('matchShortcut', () => {
  it('matches Alt with the physical key, whatever the layout types', () => {
    // Alt+S in the Russian layout: the key says "ы", the physical key is still KeyS.
    expect(matchShortcut(SHORTCUTS, press({ altKey: true, code: 'KeyS', key: 'ы' }), outside)).toBe('save');
    expect(matchShortcut(SHORTCUTS, press({ altKey: true, code: 'NumpadEnter', key: 'Enter' }), outside)).toBe('complete');
  });

  it('lets Alt shortcuts fire inside text fields', () => {
    expect(matchShortcut(SHORTCUTS, press({ altKey: true, code: 'KeyS' }), inField)).toBe('save');
  });

  it('ignores Alt shortcuts with Shift, Ctrl or Meta, without Alt, and held keys', () => {
    for (const extra of [{ shiftKey: true }, { ctrlKey: true }, { metaKey: true }, { repeat: true }]) {
      expect(matchShortcut(SHORTCUTS, press({ altKey: true, code: 'KeyS', ...extra }), outside)).toBeNull();
    }
    expect(matchShortcut(SHORTCUTS, press({ code: 'KeyS', key: 's' }), outside)).toBeNull();
    expect(matchShortcut(SHORTCUTS, press({ altKey: true, code: 'KeyQ' }), outside)).toBeNull();
  });

  it('matches a character outside text fields only, Shift allowed', () => {
    expect(matchShortcut(SHORTCUTS, press({ key: '?', code: 'Slash', shiftKey: true }), outside)).toBe('legend');
    expect(matchShortcut(SHORTCUTS, press({ key: '?', code: 'Slash', shiftKey: true }), inField)).toBeNull();
  });

  it('ignores a character with Alt, Ctrl or Meta, and held keys', () => {
    for (const extra of [{ altKey: true }, { ctrlKey: true }, { metaKey: true }, { repeat: true }]) {
      expect(matchShortcut(SHORTCUTS, press({ key: '?', shiftKey: true, ...extra }), outside)).toBeNull();
    }
  });
});
