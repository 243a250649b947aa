import { useMantineTheme } from '@mantine/core';
import type { ThemeOther } from '@web/theme';

/** Sizes the theme defines beyond Mantine's own tokens (e.g. the QR code's size). */
export function useThemeOther(): ThemeOther {
  return useMantineTheme().other as ThemeOther;
}
