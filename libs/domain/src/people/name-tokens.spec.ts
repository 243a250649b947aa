import { nameTokens, transliterate } from './name-tokens';

describe('name tokens', () => {
  it('lets Cyrillic and Latin spellings of the same name meet', () => {
    expect(nameTokens('Айгерим')).toEqual(nameTokens('Aigerim'));
    expect(nameTokens('Aygerim')).toEqual(nameTokens('Aigerim'));
    expect(nameTokens('Жанна')).toEqual(nameTokens('Zhanna'));
    expect(nameTokens('Жанна')).toEqual(nameTokens('Janna'));
    expect(nameTokens('Хасанов')).toEqual(nameTokens('Khasanov'));
    expect(nameTokens('Юлия')).toEqual(nameTokens('Yuliya'));
    expect(nameTokens('Нұрлан')).toEqual(nameTokens('Nurlan'));
  });

  it('splits words, drops case, accents and one-letter initials, de-duplicates', () => {
    expect(nameTokens('Ali  ALI  Çelik  M.')).toEqual(['ali', 'celik']);
    expect(nameTokens('')).toEqual([]);
  });

  it('transliterates Kazakh letters', () => {
    expect(transliterate('Әсем Қайратқызы')).toBe('asem kairatkyzy');
  });

  it('keeps different names apart', () => {
    expect(nameTokens('Марат')).not.toEqual(nameTokens('Мурат'));
  });
});
