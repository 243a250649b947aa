import { useShortcuts } from '../ui/use-shortcuts';

/**
 * Call shortcuts, on every screen: Alt with a letter matched by the physical key
 * (`event.code`), like the intake's, so they work in the Russian and Kazakh layouts too.
 */
export const CALL_SHORTCUTS = {
  answer: { altCode: ['KeyA'], keys: ['Alt', 'A'], aria: 'Alt+A' },
} as const;

export type CallShortcut = keyof typeof CALL_SHORTCUTS;

/** Calls `handlers[name]` on its shortcut anywhere on the page, unless `disabled` or a modal dialog is open. */
export function useCallShortcuts(handlers: Record<CallShortcut, () => void>, disabled: boolean): void {
  useShortcuts(CALL_SHORTCUTS, handlers, disabled);
}
