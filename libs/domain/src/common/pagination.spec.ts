import { clampPageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';
import { isLocale } from './locales';

describe('clampPageSize', () => {
  it('defaults, clamps and truncates', () => {
    expect(clampPageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(clampPageSize(Number.NaN)).toBe(DEFAULT_PAGE_SIZE);
    expect(clampPageSize(0)).toBe(1);
    expect(clampPageSize(10_000)).toBe(MAX_PAGE_SIZE);
    expect(clampPageSize(7.9)).toBe(7);
  });
});

describe('isLocale', () => {
  it('knows the console languages', () => {
    expect(isLocale('kk')).toBe(true);
    expect(isLocale('uz')).toBe(false);
  });
});
