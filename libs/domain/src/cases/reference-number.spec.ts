import { formatReference, parseReference } from './reference-number';

describe('reference numbers', () => {
  it('formats as prefix-year-sequence with six digits', () => {
    expect(formatReference('11616', 2026, 123)).toBe('11616-2026-000123');
    expect(formatReference('ALA', 2027, 1_234_567)).toBe('ALA-2027-1234567');
  });

  it('refuses nonsense', () => {
    expect(() => formatReference('11 616', 2026, 1)).toThrow(RangeError);
    expect(() => formatReference('11616', 26, 1)).toThrow(RangeError);
    expect(() => formatReference('11616', 2026, 0)).toThrow(RangeError);
  });

  it('reads what people type', () => {
    expect(parseReference('11616-2026-000123')).toEqual({ prefix: '11616', year: 2026, sequence: 123 });
    expect(parseReference(' ala 2026 123 ')).toEqual({ prefix: 'ALA', year: 2026, sequence: 123 });
    expect(parseReference('11616–2026–123')).toEqual({ prefix: '11616', year: 2026, sequence: 123 });
    expect(parseReference('11616-2026-000000')).toBeNull();
    expect(parseReference('Айгерим')).toBeNull();
    expect(parseReference('+7 701 123 45 67')).toBeNull();
  });

  it('round-trips', () => {
    const ref = formatReference('11616', 2026, 42);
    const parsed = parseReference(ref)!;
    expect(formatReference(parsed.prefix, parsed.year, parsed.sequence)).toBe(ref);
  });
});
