import { Kbd } from '@mantine/core';

/**
 * A keyboard shortcut as shown beside a control, e.g. Alt + S. Screen readers get the
 * shortcut from the control's `aria-keyshortcuts`, so the keys are hidden from them here.
 */
export function ShortcutHint({ keys }: { keys: readonly string[] }) {
  return (
    <span aria-hidden="true" style={{ whiteSpace: 'nowrap' }}>
      {keys.map((key, index) => (
        <span key={key}>
          {index > 0 ? ' + ' : null}
          <Kbd size="xs">{key}</Kbd>
        </span>
      ))}
    </span>
  );
}
