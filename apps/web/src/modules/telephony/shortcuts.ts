import { useEffect, useRef } from 'react';

/**
 * Call shortcuts, on every screen: Alt with a letter matched by the physical key
 * (`event.code`), like the intake's, so they work in the Russian and Kazakh layouts too.
 */
export const CALL_SHORTCUTS = {
  answer: { code: ['KeyA'], keys: ['Alt', 'A'], aria: 'Alt+A' },
} as const;

export type CallShortcut = keyof typeof CALL_SHORTCUTS;

/** Calls `handlers[name]` on its shortcut anywhere on the page, unless `disabled` or a modal dialog is open. */
export function useCallShortcuts(handlers: Record<CallShortcut, () => void>, disabled: boolean): void {
  const latest = useRef({ handlers, disabled });
  latest.current = { handlers, disabled };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
      if (latest.current.disabled || document.querySelector('[aria-modal="true"]')) return;
      const name = (Object.keys(CALL_SHORTCUTS) as CallShortcut[]).find((key) => (CALL_SHORTCUTS[key].code as readonly string[]).includes(event.code));
      if (!name) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current.handlers[name]();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
