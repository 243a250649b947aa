import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTION_NAMES } from '@mayak/domain';
import SIGN_IN_SECTIONS from './sign-in-sections.json';
import en from './en.json';
import kk from './kk.json';
import ru from './ru.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const bundles = { ru: flatten(ru as Tree), kk: flatten(kk as Tree), en: flatten(en as Tree) };
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/**
 * The console fetches only the chosen language's texts (no fallback bundle): every language must
 * have every key, with the same placeholders, and none empty.
 */
describe('the console’s texts', () => {
  it('have the same keys in Russian, Kazakh and English', () => {
    const keys = (locale: keyof typeof bundles) => [...bundles[locale].keys()].sort();
    expect(keys('kk')).toEqual(keys('ru'));
    expect(keys('en')).toEqual(keys('ru'));
  });

  it('use the same placeholders in every language, and leave nothing empty', () => {
    const problems: string[] = [];
    for (const [key, text] of bundles.ru) {
      for (const locale of ['kk', 'en'] as const) {
        const other = bundles[locale].get(key) ?? '';
        if (!other.trim()) problems.push(`${locale}: ${key} is empty`);
        if (placeholders(other).join() !== placeholders(text).join())
          problems.push(`${locale}: ${key} has {{${placeholders(other).join(', ')}}}, ru has {{${placeholders(text).join(', ')}}}`);
      }
      if (!text.trim()) problems.push(`ru: ${key} is empty`);
    }
    expect(problems).toEqual([]);
  });

  it('name every audited action', () => {
    for (const action of AUDIT_ACTION_NAMES) expect({ action, named: bundles.ru.has(`audit.actions.${action}`) }).toEqual({ action, named: true });
  });

  it('give the sign-in screen every text it shows from the part loaded before it (SIGN_IN_SECTIONS)', () => {
    // What the login form draws, before the rest of the console's texts have loaded.
    const SIGN_IN_SCREEN = [
      'pages/LoginPage.tsx',
      'modules/auth/components/AuthFrame.tsx',
      'modules/auth/components/LoginForm.tsx',
      'modules/auth/components/SignInField.tsx',
      'modules/i18n/LanguageSwitch.tsx',
      'modules/ui/SkipLink.tsx',
      'modules/api/errors.ts',
      'app/PageLoading.tsx',
    ];
    const keys = SIGN_IN_SCREEN.flatMap((file) =>
      [...readFileSync(join(__dirname, '..', file), 'utf8').matchAll(/\bt\(\s*[`'"]([\w]+)\./g)].map((m) => `${file}: ${m[1]}`),
    );
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((key) => !SIGN_IN_SECTIONS.includes(key.split(': ')[1]))).toEqual([]);
    for (const section of SIGN_IN_SECTIONS) expect({ section, in: [ru, kk, en].every((bundle) => section in bundle) }).toEqual({ section, in: true });
  });
});
