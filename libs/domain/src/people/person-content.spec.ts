import { describesSomeone } from './person-content';

describe('describesSomeone', () => {
  it('is false for a record with nothing in it', () => {
    expect(describesSomeone({})).toBe(false);
    expect(
      describesSomeone({
        name: null,
        gender: null,
        birthYear: null,
        ageGroup: null,
        migrationSituation: null,
        citizenship: [],
        languages: [],
        identifierCount: 0,
      }),
    ).toBe(false);
  });

  it('does not count blank names or "unknown" answers', () => {
    expect(describesSomeone({ name: '   ' })).toBe(false);
    expect(describesSomeone({ gender: 'NonSpecifiedUnknown', ageGroup: 'unknown' })).toBe(false);
  });

  it.each([
    ['a name or pseudonym', { name: 'Айгерим' }],
    ['a gender', { gender: 'Feminine' }],
    ['a birth year', { birthYear: 1994 }],
    ['an age group', { ageGroup: '18-20' }],
    ['a citizenship', { citizenship: ['UZ'] }],
    ['a language', { languages: ['ru'] }],
    ['a migration situation', { migrationSituation: 'labour_migrant' }],
    ['an identifier', { identifierCount: 1 }],
  ])('is true with only %s', (_label, person) => {
    expect(describesSomeone(person)).toBe(true);
  });
});
