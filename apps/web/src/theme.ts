import { createTheme, type CSSVariablesResolver, type MantineThemeColorsOverride } from '@mantine/core';

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

/**
 * Mantine's palettes with the shades that carry text made darker where they fell short of WCAG AA:
 * shade 8 is a filled button's background under white text, shade 9 a light badge's text on shade 1
 * (green read 3.3:1 and 3.8:1, orange and yellow less). Every pair here reads at 4.5:1 or more.
 */
const colors: MantineThemeColorsOverride = {
  green: ['#ebfbee', '#d3f9d8', '#b2f2bb', '#8ce99a', '#69db7c', '#51cf66', '#40c057', '#2b8a3e', '#1e6b2d', '#1b5e28'],
  teal: ['#e6fcf5', '#c3fae8', '#96f2d7', '#63e6be', '#38d9a9', '#20c997', '#12b886', '#099268', '#087f5b', '#066649'],
  orange: ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#ff922b', '#fd7e14', '#c2410c', '#b03a0b', '#9a3412'],
  yellow: ['#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b', '#fcc419', '#fab005', '#b07300', '#8a5a00', '#7a4f00'],
  red: ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#ff6b6b', '#fa5252', '#e03131', '#c92a2a', '#a61e1e'],
};

export const theme = createTheme({
  colors,
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

/** The hand-written styles drawn before Mantine loads (sign-in, skip link) take their values from app/base.css. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  // Mantine's dimmed grey (gray 6) is 3.3:1 on white; gray 7 reads at 7:1 and still looks secondary.
  light: { '--mantine-color-dimmed': t.colors.gray[7] },
  dark: {},
});
