import { useShortcuts } from '../ui/use-shortcuts';

/**
 * The intake's keyboard shortcuts: Alt with a letter, matched by the physical key (see
 * `Shortcut` in ui/use-shortcuts.ts); Firefox's Alt+S menu key is taken over only while the
 * intake is open. `keys` is how the hint shows it, `aria` how `aria-keyshortcuts` says it.
 */
export const INTAKE_SHORTCUTS = {
  save: { altCode: ['KeyS'], keys: ['Alt', 'S'], aria: 'Alt+S' },
  complete: { altCode: ['Enter', 'NumpadEnter'], keys: ['Alt', 'Enter'], aria: 'Alt+Enter' },
  openCase: { altCode: ['KeyO'], keys: ['Alt', 'O'], aria: 'Alt+O' },
  newContact: { altCode: ['KeyN'], keys: ['Alt', 'N'], aria: 'Alt+N' },
} as const;

export type IntakeShortcut = keyof typeof INTAKE_SHORTCUTS;

/** `?` (outside text fields, with no dialog open) shows the intake's shortcuts. */
export const LEGEND_SHORTCUT = { legend: { character: '?' } } as const;

/** Calls `handlers[name]` on its shortcut anywhere on the page (fields included), unless `disabled` or a modal dialog is open. */
export function useIntakeShortcuts(handlers: Record<IntakeShortcut, () => void>, disabled: boolean): void {
  useShortcuts(INTAKE_SHORTCUTS, handlers, disabled);
}

/** `?` opens the shortcut legend. */
export function useShortcutLegendKey(open: () => void): void {
  useShortcuts(LEGEND_SHORTCUT, { legend: open });
}
