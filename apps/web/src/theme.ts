import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * The one place for colours, sizes and fonts. Components use theme tokens only.
 * System fonts: the console must work offline, with Cyrillic and Kazakh letters.
 */
export const themeOther = {
  navbarWidth: 220,
  headerHeight: 56,
  qrCodeSize: 200,
  authCardWidth: 420,
};
export type ThemeOther = typeof themeOther;

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 7, dark: 5 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif' },
  defaultRadius: 'sm',
  // Focus ring on keyboard focus (:focus-visible), never hidden.
  focusRing: 'auto',
  cursorType: 'pointer',
  other: themeOther,
});

/** Extra CSS variables used by the few hand-written styles (skip link). */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {
    '--mayak-skip-link-z': '1000',
    '--mayak-skip-link-offset': t.spacing.sm,
  },
  light: { '--mayak-skip-link-bg': t.colors[t.primaryColor][7], '--mayak-skip-link-fg': t.white },
  dark: { '--mayak-skip-link-bg': t.colors[t.primaryColor][5], '--mayak-skip-link-fg': t.black },
});
