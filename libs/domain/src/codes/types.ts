import type { Locale } from '../common/locales';

/**
 * Labels of one code list in every console locale. Typed per list, so a value without a
 * label (or a label for a value that does not exist) is a compile error.
 */
export type CodeLabels<T extends string> = Readonly<Record<Locale, Readonly<Record<T, string>>>>;
