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
  // WCAG AA (4.5:1) for white text on filled buttons: blue 8 is the lightest shade that passes.
  primaryShade: { light: 8, dark: 5 },
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
  // Mantine's dimmed grey (gray 6) is 3.3:1 on white; gray 7 reads at 7:1 and still looks secondary.
  light: { '--mayak-skip-link-bg': t.colors[t.primaryColor][8], '--mayak-skip-link-fg': t.white, '--mantine-color-dimmed': t.colors.gray[7] },
  dark: { '--mayak-skip-link-bg': t.colors[t.primaryColor][5], '--mayak-skip-link-fg': t.black },
});
