import { useEffect, useRef } from 'react';

/**
 * The intake's keyboard shortcuts: Alt with a letter, matched by the physical key
 * (`event.code`), so they work in the Russian and Kazakh layouts too. Alt+letter does not
 * clash with screen readers (NVDA and JAWS use Insert / Caps Lock, VoiceOver Ctrl+Option)
 * or with Chromium; Firefox's Alt+S menu key is taken over only while the intake is open.
 */
export const INTAKE_SHORTCUTS = {
  save: { code: ['KeyS'], keys: ['Alt', 'S'], aria: 'Alt+S' },
  complete: { code: ['Enter', 'NumpadEnter'], keys: ['Alt', 'Enter'], aria: 'Alt+Enter' },
  openCase: { code: ['KeyO'], keys: ['Alt', 'O'], aria: 'Alt+O' },
  newContact: { code: ['KeyN'], keys: ['Alt', 'N'], aria: 'Alt+N' },
} as const;

export type IntakeShortcut = keyof typeof INTAKE_SHORTCUTS;

/** Calls `handlers[name]` on its shortcut anywhere on the page (fields included), unless `disabled` or a modal dialog is open. */
export function useIntakeShortcuts(handlers: Record<IntakeShortcut, () => void>, disabled: boolean): void {
  const latest = useRef({ handlers, disabled });
  latest.current = { handlers, disabled };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
      // Not while a dialog is open (open case, reveal, flag...): Alt+Enter there must not complete the call behind it.
      if (latest.current.disabled || document.querySelector('[aria-modal="true"]')) return;
      const name = (Object.keys(INTAKE_SHORTCUTS) as IntakeShortcut[]).find((key) =>
        (INTAKE_SHORTCUTS[key].code as readonly string[]).includes(event.code),
      );
      if (!name) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current.handlers[name]();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
