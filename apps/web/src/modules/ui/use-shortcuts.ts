import { useEffect, useRef } from 'react';

/**
 * A keyboard shortcut of the console, one of two kinds:
 * - `altCode`: Alt with a letter, matched by the physical key (`event.code`), so it works in the
 *   Russian and Kazakh layouts too; it fires inside text fields as well (the operator types
 *   while talking). Alt+letter does not clash with screen readers (NVDA and JAWS use Insert /
 *   Caps Lock, VoiceOver Ctrl+Option) or with Chromium.
 * - `character`: a character as typed (`event.key`, e.g. `?`), never inside a text field.
 * Neither fires while a modal dialog is open or on a held key's repeats.
 */
export type Shortcut = { altCode: readonly string[] } | { character: string };

/** The part of a keydown the shortcuts look at. */
export interface ShortcutKeyEvent {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  repeat: boolean;
}

/** The shortcut (by name) this key press means, or null. Whether a field has focus or a dialog is open is the caller's to say. */
export function matchShortcut<N extends string>(shortcuts: Record<N, Shortcut>, event: ShortcutKeyEvent, where: { inTextField: boolean }): N | null {
  if (event.repeat || event.ctrlKey || event.metaKey) return null;
  for (const name of Object.keys(shortcuts) as N[]) {
    const shortcut = shortcuts[name];
    if ('altCode' in shortcut) {
      if (event.altKey && !event.shiftKey && shortcut.altCode.includes(event.code)) return name;
    } else if (!event.altKey && !where.inTextField && event.key === shortcut.character) {
      return name;
    }
  }
  return null;
}

function isTextField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

const modalOpen = () => !!document.querySelector('[aria-modal="true"]');

/**
 * Calls `handlers[name]` when `shortcuts[name]` is pressed anywhere on the page, unless
 * `disabled`. Alt shortcuts are caught before the focused element sees them (capture) and
 * stopped there; character shortcuts are taken only once the key reached the window unhandled.
 */
export function useShortcuts<N extends string>(shortcuts: Record<N, Shortcut>, handlers: Record<N, () => void>, disabled = false): void {
  const latest = useRef({ shortcuts, handlers, disabled });
  latest.current = { shortcuts, handlers, disabled };
  useEffect(() => {
    const handle = (event: KeyboardEvent, kind: 'alt' | 'character') => {
      const { shortcuts: current, handlers: actions, disabled: off } = latest.current;
      if (off) return;
      const name = matchShortcut(current, event, { inTextField: isTextField(event.target) });
      if (!name || 'altCode' in current[name] !== (kind === 'alt')) return;
      // Not while a dialog is open (open case, reveal, flag...): Alt+Enter there must not complete the call behind it.
      if (modalOpen()) return;
      event.preventDefault();
      if (kind === 'alt') event.stopPropagation();
      actions[name]();
    };
    const onAltKey = (event: KeyboardEvent) => handle(event, 'alt');
    const onCharacter = (event: KeyboardEvent) => handle(event, 'character');
    window.addEventListener('keydown', onAltKey, true);
    window.addEventListener('keydown', onCharacter);
    return () => {
      window.removeEventListener('keydown', onAltKey, true);
      window.removeEventListener('keydown', onCharacter);
    };
  }, []);
}
