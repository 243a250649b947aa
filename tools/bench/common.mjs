// Shared by the benchmark data generator and the benchmark runner.

export const BENCH_PASSWORD = 'mayak-bench-2026';

export const BENCH_OFFICES = [
  { name: 'Almaty', code: 'ALA', slug: 'almaty' },
  { name: 'Astana', code: 'AST', slug: 'astana' },
  { name: 'Shymkent', code: 'SHY', slug: 'shymkent' },
  { name: 'Aktobe', code: 'AKT', slug: 'aktobe' },
  { name: 'Karaganda', code: 'KGD', slug: 'karaganda' },
];

const ROLE_SLUG = { operator: 'operator', case_worker: 'caseworker', supervisor: 'supervisor', admin: 'admin' };

export function benchEmail(role, n, officeSlug) {
  return `${ROLE_SLUG[role]}${n}.${officeSlug}@bench.mayak.test`;
}

/** `--name value` and `--flag` into an object over the defaults. */
export function parseArgs(argv, defaults) {
  const result = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    const match = /^--([a-z-]+)$/.exec(argv[i]);
    if (!match) throw new Error(`Unexpected argument "${argv[i]}"`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) result[match[1]] = true;
    else {
      result[match[1]] = next;
      i += 1;
    }
  }
  return result;
}

/** A small seeded generator, so the same seed gives the same data. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick(random, items) {
  return items[Math.floor(random() * items.length)];
}

/** One value of [value, weight] pairs, chosen in proportion to the weights. */
export function weighted(random, pairs) {
  const total = pairs.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [value, w] of pairs) {
    roll -= w;
    if (roll < 0) return value;
  }
  return pairs[pairs.length - 1][0];
}
