// Russian and Kazakh Cyrillic to a plain Latin spelling close to how people write names
// in passports and messengers, so "Айгерим", "Aigerim" and "Aygerim" meet in one token.
const CYRILLIC: Record<string, string> = {
  а: 'a',
  ә: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ғ: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  қ: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'n',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ұ: 'u',
  ү: 'u',
  ф: 'f',
  х: 'kh',
  һ: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'y',
  і: 'i',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/**
 * Folds a Latin spelling further so common variants meet: y/i, j/zh, x/kh, doubled letters.
 * Applied after transliteration, so both scripts end in the same key.
 */
function fold(latin: string): string {
  return latin
    .replace(/kh|x/g, 'h')
    .replace(/zh|j/g, 'z')
    .replace(/ts/g, 'c')
    .replace(/ch/g, 'c')
    .replace(/sh/g, 's')
    .replace(/yu|iu/g, 'u')
    .replace(/ya|ia/g, 'a')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((ch) => CYRILLIC[ch] ?? ch).join('');
}

/**
 * Search tokens for a personal name: lower-case, script-independent, accents removed,
 * one per word of two or more letters. The API stores keyed hashes of these, never the name.
 */
export function nameTokens(name: string): string[] {
  const latin = transliterate(name.normalize('NFKC')).normalize('NFD').replace(/\p{M}/gu, '');
  const words = latin.split(/[^a-z0-9]+/).filter((w) => w.length >= 2);
  return [...new Set(words.map(fold).filter((w) => w.length >= 2))];
}
