import {
  BROAD_AGE_BAND_ADULT,
  BROAD_AGE_BAND_CHILD,
  DEFAULT_K,
  QUASI_IDENTIFIERS,
  broadAgeBand,
  enforceKAnonymity,
  smallestClassSize,
  suppressSmallCells,
  type QuasiIdentifier,
  type SuppressedTable,
} from './k-anonymity';

/** mulberry32: a small seeded generator, so every "random" dataset is reproducible. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from weighted values: a few common values and a long tail, as a hotline's data look. */
function picker(random: () => number) {
  return <T>(values: readonly (readonly [T, number])[]): T => {
    const total = values.reduce((sum, [, weight]) => sum + weight, 0);
    let x = random() * total;
    for (const [value, weight] of values) {
      x -= weight;
      if (x < 0) return value;
    }
    return values[values.length - 1][0];
  };
}

type Row = Record<QuasiIdentifier, string> & { id: number; note: string };

const AGE_BANDS = ['0–8', '9–17', '18–20', '21–23', '24–26', '27–29', '30–38', '39–47', '48+', ''];

function randomDataset(seed: number): { rows: Row[]; k: number } {
  const random = seeded(seed);
  const pick = picker(random);
  const size = pick([
    [0, 1],
    [1, 1],
    [Math.floor(random() * 30), 4],
    [Math.floor(random() * 300), 6],
    [300 + Math.floor(random() * 900), 2],
  ]);
  const k = pick([
    [1, 1],
    [2, 2],
    [3, 3],
    [5, 3],
    [DEFAULT_K, 6],
    [25, 2],
  ]);
  const rows: Row[] = [];
  for (let id = 0; id < size; id++) {
    rows.push({
      id,
      note: `row ${id}`,
      gender: pick([
        ['Woman', 45],
        ['Man', 45],
        ['Trans/Transgender/NonConforming', 2],
        ['', 8],
      ]),
      ageBand: pick(AGE_BANDS.map((band, i) => [band, i === 9 ? 6 : 2 + (i % 4) * 3] as const)),
      citizenship: pick([
        ['UZB', 30],
        ['KAZ', 25],
        ['KGZ', 15],
        ['TJK', 12],
        ['RUS', 5],
        ['AFG', 1],
        ['MNG', 1],
        ['CHN', 1],
        ['', 10],
      ]),
      countryOfExploitation: pick([
        ['KAZ', 50],
        ['RUS', 20],
        ['KOR', 5],
        ['TUR', 5],
        ['ARE', 3],
        ['DEU', 1],
        ['', 16],
      ]),
      exploitationType: pick([
        ['ForcedLabour', 50],
        ['SexualExploitation', 25],
        ['ForcedLabour;SexualExploitation', 5],
        ['ForcedMarriage', 2],
        ['ForcedBegging', 2],
        ['OrganRemoval', 1],
        ['', 15],
      ]),
      year: pick([
        ['2023', 3],
        ['2024', 4],
        ['2025', 4],
        ['', 1],
      ]),
    });
  }
  return { rows, k };
}

/** A generalised value is the original, the original's broad band (age only), or ''. */
function isGeneralisationOf(qi: QuasiIdentifier, out: string, original: string): boolean {
  if (out === original || out === '') return true;
  return qi === 'ageBand' && out === broadAgeBand(original);
}

describe('enforceKAnonymity', () => {
  it('is k-anonymous, accounts for every row and only ever coarsens, over 400 seeded datasets', () => {
    let sawGeneralisation = false;
    let sawSuppression = false;
    for (let seed = 1; seed <= 400; seed++) {
      const { rows, k } = randomDataset(seed);
      const { rows: out, report } = enforceKAnonymity(rows, k);

      // No combination under k leaves.
      expect(out.length === 0 || smallestClassSize(out, QUASI_IDENTIFIERS) >= k).toBe(true);
      // The counts add up.
      expect(report.k).toBe(k);
      expect(report.rowsIn).toBe(rows.length);
      expect(report.rowsOut).toBe(out.length);
      expect(report.rowsIn).toBe(report.rowsOut + report.suppressedRows);
      // Rows keep their input order and their other fields; values only get coarser. (Problems
      // are collected and compared once: an expect per cell would make this test slow.)
      const problems: string[] = [];
      const ids = out.map((row) => row.id);
      if (ids.some((id, i) => i > 0 && id <= ids[i - 1])) problems.push('order changed');
      const cells: Record<QuasiIdentifier, number> = { gender: 0, ageBand: 0, citizenship: 0, countryOfExploitation: 0, exploitationType: 0, year: 0 };
      let changedRows = 0;
      for (const row of out) {
        const original = rows[row.id];
        if (row.note !== original.note) problems.push(`row ${row.id}: note changed`);
        let changed = false;
        for (const qi of QUASI_IDENTIFIERS) {
          if (!isGeneralisationOf(qi, row[qi], original[qi])) problems.push(`row ${row.id}: ${qi} ${original[qi]} -> ${row[qi]}`);
          if (row[qi] !== original[qi]) {
            cells[qi]++;
            changed = true;
          }
        }
        if (changed) changedRows++;
      }
      // Rows that were safe to begin with always leave; the input is not modified.
      const before = classCounts(rows);
      const keptIds = new Set(ids);
      for (const row of rows) {
        if ((before.get(keyOf(row)) ?? 0) >= k && !keptIds.has(row.id)) problems.push(`safe row ${row.id} dropped`);
        if (row.note !== `row ${row.id}`) problems.push(`input row ${row.id} modified`);
      }
      expect({ seed, problems }).toEqual({ seed, problems: [] });
      expect(report.generalisedCells).toEqual(cells);
      expect(report.generalisedCells.year).toBe(0);
      expect(report.generalisedRows).toBe(changedRows);

      sawGeneralisation ||= report.generalisedRows > 0;
      sawSuppression ||= report.suppressedRows > 0;
    }
    expect(sawGeneralisation).toBe(true);
    expect(sawSuppression).toBe(true);
  });

  it('is deterministic and idempotent', () => {
    for (let seed = 1000; seed < 1050; seed++) {
      const { rows, k } = randomDataset(seed);
      const first = enforceKAnonymity(rows, k);
      expect(enforceKAnonymity(rows, k)).toEqual(first);
      const again = enforceKAnonymity(first.rows, k);
      expect(again.rows).toEqual(first.rows);
      expect(again.report.suppressedRows).toBe(0);
      expect(again.report.generalisedRows).toBe(0);
    }
  });

  it('without generalisation, drops exactly the rows of combinations under k and changes no value', () => {
    for (let seed = 2000; seed < 2100; seed++) {
      const { rows, k } = randomDataset(seed);
      const { rows: out, report } = enforceKAnonymity(rows, k, { generalise: false });
      const before = classCounts(rows);
      expect(out).toEqual(rows.filter((row) => (before.get(keyOf(row)) ?? 0) >= k));
      expect(report.generalisedRows).toBe(0);
      expect(out.length === 0 || smallestClassSize(out, QUASI_IDENTIFIERS) >= k).toBe(true);
    }
  });

  it('generalising keeps at least as many rows as suppression alone', () => {
    for (let seed = 3000; seed < 3100; seed++) {
      const { rows, k } = randomDataset(seed);
      expect(enforceKAnonymity(rows, k).rows.length).toBeGreaterThanOrEqual(enforceKAnonymity(rows, k, { generalise: false }).rows.length);
    }
  });

  it('works through the ladder on a hand-worked example (k = 3)', () => {
    const base = { gender: 'Woman', citizenship: 'UZB', countryOfExploitation: 'KAZ', exploitationType: 'SexualExploitation', year: '2024' };
    const men = { gender: 'Man', ageBand: '30–38', countryOfExploitation: 'RUS', exploitationType: 'ForcedLabour', year: '2024' };
    const rows = [
      { id: 1, ...base, ageBand: '18–20' },
      { id: 2, ...base, ageBand: '18–20' },
      { id: 3, ...base, ageBand: '18–20' },
      { id: 4, ...base, ageBand: '21–23' },
      { id: 5, ...base, ageBand: '24–26' },
      { id: 6, ...men, citizenship: 'UZB' },
      { id: 7, ...men, citizenship: 'UZB' },
      { id: 8, ...men, citizenship: 'UZB' },
      { id: 9, ...men, citizenship: 'TJK' },
      { id: 10, ...men, citizenship: 'KGZ' },
      { id: 11, ...men, citizenship: 'AFG' },
      { id: 12, gender: '', ageBand: '', citizenship: 'UZB', countryOfExploitation: 'KAZ', exploitationType: 'Other', year: '2023' },
    ];
    const { rows: out, report } = enforceKAnonymity(rows, 3);
    // 1. Age: rows 4 and 5 are alone in their bands, so the women's adult group (rows 1-5)
    //    becomes 18+ as a whole, rows 1-3 included; rows 9-11 (each alone) become 18+ too.
    //    Rows 6-8 (three of a kind) keep 30–38.
    // 2. Citizenship: TJK, KGZ and AFG appear once each and become empty: rows 9-11 now match.
    // 3. Country of exploitation: KAZ 6 times, RUS 6 times: nothing to do.
    // 4. Exploitation type: Other appears once (row 12) and becomes empty; row 12 is still alone.
    // 5. Gender: Woman 5, Man 6: nothing to do. Row 12 is suppressed.
    expect(out.map((row) => [row.id, row.ageBand, row.citizenship, row.exploitationType])).toEqual([
      [1, '18+', 'UZB', 'SexualExploitation'],
      [2, '18+', 'UZB', 'SexualExploitation'],
      [3, '18+', 'UZB', 'SexualExploitation'],
      [4, '18+', 'UZB', 'SexualExploitation'],
      [5, '18+', 'UZB', 'SexualExploitation'],
      [6, '30–38', 'UZB', 'ForcedLabour'],
      [7, '30–38', 'UZB', 'ForcedLabour'],
      [8, '30–38', 'UZB', 'ForcedLabour'],
      [9, '18+', '', 'ForcedLabour'],
      [10, '18+', '', 'ForcedLabour'],
      [11, '18+', '', 'ForcedLabour'],
    ]);
    expect(report).toEqual({
      k: 3,
      rowsIn: 12,
      rowsOut: 11,
      suppressedRows: 1,
      // Counted over the rows that leave (row 12's blanked type left with it).
      generalisedCells: { gender: 0, ageBand: 8, citizenship: 3, countryOfExploitation: 0, exploitationType: 0, year: 0 },
      generalisedRows: 8,
    });
  });

  it('stops as soon as no combination is under k', () => {
    const rows = [
      ...Array.from({ length: 3 }, () => ({
        gender: 'Woman',
        ageBand: '9–17',
        citizenship: 'UZB',
        countryOfExploitation: 'KAZ',
        exploitationType: 'ForcedLabour',
        year: '2024',
      })),
      ...Array.from({ length: 2 }, () => ({
        gender: 'Woman',
        ageBand: '0–8',
        citizenship: 'AFG',
        countryOfExploitation: 'KAZ',
        exploitationType: 'ForcedLabour',
        year: '2024',
      })),
    ];
    // k = 5: the age step makes all five children 0–17 (still 3 UZB and 2 AFG), the
    // citizenship step blanks both (3 and 2 < 5): one class of five, done.
    const { rows: out, report } = enforceKAnonymity(rows, 5);
    expect(out).toEqual(rows.map((row) => ({ ...row, ageBand: BROAD_AGE_BAND_CHILD, citizenship: '' })));
    expect(report.generalisedCells).toEqual({ gender: 0, ageBand: 5, citizenship: 5, countryOfExploitation: 0, exploitationType: 0, year: 0 });
    // k = 2: nothing is under 2 from the start, nothing changes.
    expect(enforceKAnonymity(rows, 2)).toEqual({
      rows,
      report: {
        k: 2,
        rowsIn: 5,
        rowsOut: 5,
        suppressedRows: 0,
        generalisedCells: { gender: 0, ageBand: 0, citizenship: 0, countryOfExploitation: 0, exploitationType: 0, year: 0 },
        generalisedRows: 0,
      },
    });
  });

  it('merges children of neighbouring bands within one combination', () => {
    const child = { gender: 'Man', citizenship: 'KGZ', countryOfExploitation: 'KAZ', exploitationType: 'ForcedBegging', year: '2025' };
    const rows = [...Array.from({ length: 2 }, () => ({ ...child, ageBand: '0–8' })), ...Array.from({ length: 2 }, () => ({ ...child, ageBand: '9–17' }))];
    const { rows: out, report } = enforceKAnonymity(rows, 4);
    expect(out.map((row) => row.ageBand)).toEqual([BROAD_AGE_BAND_CHILD, BROAD_AGE_BAND_CHILD, BROAD_AGE_BAND_CHILD, BROAD_AGE_BAND_CHILD]);
    expect(report.generalisedCells.ageBand).toBe(4);
    expect(report.suppressedRows).toBe(0);
  });

  it('follows a custom ladder, and an empty one only suppresses', () => {
    const row = { ageBand: '18–20', citizenship: 'UZB', countryOfExploitation: 'KAZ', exploitationType: 'ForcedLabour', year: '2024' };
    const rows = [...Array.from({ length: 4 }, () => ({ ...row, gender: '' })), { ...row, gender: 'Trans/Transgender/NonConforming' }];
    expect(enforceKAnonymity(rows, 4, { ladder: ['gender'] }).rows.map((r) => r.gender)).toEqual(['', '', '', '', '']);
    expect(enforceKAnonymity(rows, 4, { ladder: ['citizenship'] }).rows).toEqual(rows.slice(0, 4));
    expect(enforceKAnonymity(rows, 4, { ladder: [] }).rows).toEqual(rows.slice(0, 4));
    // The default ladder: step 1 makes the lone row 18+, step 5 blanks its gender; the second
    // pass merges the adults into 18+ and all five rows leave.
    const { rows: out, report } = enforceKAnonymity(rows, 4);
    expect(out.map((r) => [r.gender, r.ageBand])).toEqual(Array.from({ length: 5 }, () => ['', '18+']));
    expect(report.generalisedCells).toEqual({ gender: 1, ageBand: 5, citizenship: 0, countryOfExploitation: 0, exploitationType: 0, year: 0 });
  });

  it('handles no rows and k = 1, and refuses a k that is not a positive whole number', () => {
    expect(enforceKAnonymity([], DEFAULT_K).report).toEqual({
      k: DEFAULT_K,
      rowsIn: 0,
      rowsOut: 0,
      suppressedRows: 0,
      generalisedCells: { gender: 0, ageBand: 0, citizenship: 0, countryOfExploitation: 0, exploitationType: 0, year: 0 },
      generalisedRows: 0,
    });
    const one = [{ gender: 'Man', ageBand: '48+', citizenship: 'MNG', countryOfExploitation: 'KAZ', exploitationType: 'OrganRemoval', year: '2023' }];
    expect(enforceKAnonymity(one, 1).rows).toEqual(one);
    for (const k of [0, -1, 2.5, NaN, Infinity]) expect(() => enforceKAnonymity(one, k)).toThrow(RangeError);
  });

  it('uses CTDC’s k = 11 by default', () => {
    expect(DEFAULT_K).toBe(11);
  });
});

describe('broadAgeBand', () => {
  it.each([
    ['0–8', BROAD_AGE_BAND_CHILD],
    ['9–17', BROAD_AGE_BAND_CHILD],
    ['9-17', BROAD_AGE_BAND_CHILD],
    ['0--8', BROAD_AGE_BAND_CHILD],
    ['0–17', BROAD_AGE_BAND_CHILD],
    ['18–20', BROAD_AGE_BAND_ADULT],
    ['39-47', BROAD_AGE_BAND_ADULT],
    ['48+', BROAD_AGE_BAND_ADULT],
    ['18+', BROAD_AGE_BAND_ADULT],
    ['15–19', ''],
    ['', ''],
    ['unknown', ''],
  ])('%s -> %s', (band, broad) => {
    expect(broadAgeBand(band)).toBe(broad);
  });
});

describe('smallestClassSize', () => {
  it('measures the smallest combination of the given fields', () => {
    const rows = [
      { a: 'x', b: '1' },
      { a: 'x', b: '1' },
      { a: 'x', b: '2' },
    ];
    expect(smallestClassSize(rows, ['a', 'b'])).toBe(1);
    expect(smallestClassSize(rows, ['a'])).toBe(3);
    expect(smallestClassSize([], ['a'])).toBe(Infinity);
  });
});

describe('suppressSmallCells', () => {
  it('withholds small cells and a complementary cell in each affected row and column (hand-worked)', () => {
    // k = 5. Primary: Woman×RUS (3) and Man×UZB (2). Woman's row then needs a second cell: its
    // cheapest that closes a column already touched is UZB (12). Man's row likewise: RUS (9).
    // The four withheld cells form a cycle: no total gives any of them away.
    const result = suppressSmallCells(
      {
        rows: ['Woman', 'Man'],
        columns: ['KAZ', 'RUS', 'UZB'],
        counts: [
          [20, 3, 12],
          [15, 9, 2],
        ],
      },
      5,
    );
    expect(result).toEqual({
      counts: [
        [20, null, null],
        [15, null, null],
      ],
      suppressed: 4,
      rowTotals: [35, 26],
      columnTotals: [35, 12, 14],
      total: 61,
      suppressedTotals: 0,
    });
  });

  it('withholds a small total and protects it like a cell', () => {
    const result = suppressSmallCells(
      {
        rows: ['Woman', 'Man', 'Trans'],
        columns: ['ForcedLabour', 'SexualExploitation'],
        counts: [
          [40, 30],
          [50, 12],
          [2, 0],
        ],
      },
      5,
    );
    expect(result.rowTotals[2]).toBeNull();
    expect(result.counts[2][0]).toBeNull();
    expect(result.counts[2][1]).toBe(0); // a zero names nobody and stays
    assertProtected(
      {
        rows: 3,
        columns: 2,
        counts: [
          [40, 30],
          [50, 12],
          [2, 0],
        ],
      },
      result,
      5,
      true,
    );
  });

  it('leaves a table without small cells alone, and shows zeros unless asked', () => {
    const table = {
      rows: ['a', 'b'],
      columns: ['x', 'y'],
      counts: [
        [11, 0],
        [20, 30],
      ],
    };
    expect(suppressSmallCells(table, 11)).toEqual({
      counts: [
        [11, 0],
        [20, 30],
      ],
      suppressed: 0,
      rowTotals: [11, 50],
      columnTotals: [31, 30],
      total: 61,
      suppressedTotals: 0,
    });
    expect(suppressSmallCells(table, 11, { suppressZeros: true }).counts[0][1]).toBeNull();
  });

  it('without totals, withholds only the small cells', () => {
    const result = suppressSmallCells(
      {
        rows: ['a', 'b'],
        columns: ['x', 'y'],
        counts: [
          [3, 40],
          [20, 30],
        ],
      },
      5,
      { totals: false },
    );
    expect(result).toEqual({
      counts: [
        [null, 40],
        [20, 30],
      ],
      suppressed: 1,
      rowTotals: [null, null],
      columnTotals: [null, null],
      total: null,
      suppressedTotals: 0,
    });
  });

  it('refuses counts of the wrong shape or kind', () => {
    expect(() => suppressSmallCells({ rows: ['a'], columns: ['x', 'y'], counts: [[1]] }, 5)).toThrow(RangeError);
    expect(() => suppressSmallCells({ rows: ['a'], columns: ['x'], counts: [[-1]] }, 5)).toThrow(RangeError);
    expect(() => suppressSmallCells({ rows: ['a'], columns: ['x'], counts: [[1.5]] }, 5)).toThrow(RangeError);
    expect(suppressSmallCells({ rows: [], columns: [], counts: [] }, 5)).toEqual({
      counts: [],
      suppressed: 0,
      rowTotals: [],
      columnTotals: [],
      total: 0,
      suppressedTotals: 0,
    });
  });

  it('no withheld cell or total can be worked out from what is shown, over 300 seeded tables', () => {
    let sawComplement = false;
    for (let seed = 1; seed <= 300; seed++) {
      const random = seeded(seed * 7919);
      const pick = picker(random);
      const rows = 1 + Math.floor(random() * 6);
      const columns = 1 + Math.floor(random() * 6);
      const k = pick([
        [3, 1],
        [5, 1],
        [DEFAULT_K, 2],
      ]);
      const counts = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () =>
          pick([
            [0, 2],
            [1 + Math.floor(random() * 4), 3],
            [1 + Math.floor(random() * 15), 3],
            [10 + Math.floor(random() * 200), 4],
          ]),
        ),
      );
      const suppressZeros = random() < 0.2;
      const table = { rows: range(rows).map(String), columns: range(columns).map(String), counts };
      const result = suppressSmallCells(table, k, { suppressZeros });
      assertProtected({ rows, columns, counts }, result, k, !suppressZeros);
      expect(suppressSmallCells(table, k, { suppressZeros })).toEqual(result);
      const primary = counts.flat().filter((count) => count < k && (count > 0 || suppressZeros)).length;
      sawComplement ||= result.suppressed > primary;
    }
    expect(sawComplement).toBe(true);
  });
});

/**
 * Checks a suppressed table: nothing shown is under k (zeros aside, when they are shown),
 * shown values are the true ones, every line of the grid (cells plus totals) has 0 or at
 * least 2 withheld values, and no withheld value is determined by the totals' linear
 * equations (checked independently by Gaussian elimination).
 */
function assertProtected(table: { rows: number; columns: number; counts: number[][] }, result: SuppressedTable, k: number, zerosShown: boolean): void {
  const { rows: m, columns: n, counts } = table;
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = range(n).map((j) => counts.reduce((sum, row) => sum + row[j], 0));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  const truth = [...counts.map((row, i) => [...row, rowTotals[i]]), [...columnTotals, grand]];
  const shown = [...result.counts.map((row, i) => [...row, result.rowTotals[i]]), [...result.columnTotals, result.total]];

  expect(result.suppressed).toBe(result.counts.flat().filter((value) => value === null).length);
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      const value = shown[i][j];
      if (value === null) continue;
      expect(value).toBe(truth[i][j]);
      if (value !== 0 || !zerosShown) expect(value).toBeGreaterThanOrEqual(k);
    }
  }
  for (let i = 0; i <= m; i++) expect({ row: i, withheld: shown[i].filter((v) => v === null).length }).not.toEqual({ row: i, withheld: 1 });
  for (let j = 0; j <= n; j++) expect({ column: j, withheld: shown.filter((row) => row[j] === null).length }).not.toEqual({ column: j, withheld: 1 });

  // Unknowns: the withheld cells. Equations: each row sums to its total, each column to its total.
  const unknowns: [number, number][] = [];
  for (let i = 0; i <= m; i++) for (let j = 0; j <= n; j++) if (shown[i][j] === null) unknowns.push([i, j]);
  const index = new Map(unknowns.map(([i, j], u) => [`${i},${j}`, u]));
  const equations: number[][] = [];
  for (let i = 0; i <= m; i++) {
    const eq = new Array<number>(unknowns.length).fill(0);
    for (let j = 0; j <= n; j++) {
      const u = index.get(`${i},${j}`);
      if (u !== undefined) eq[u] += j === n ? -1 : 1;
    }
    equations.push(eq);
  }
  for (let j = 0; j <= n; j++) {
    const eq = new Array<number>(unknowns.length).fill(0);
    for (let i = 0; i <= m; i++) {
      const u = index.get(`${i},${j}`);
      if (u !== undefined) eq[u] += i === m ? -1 : 1;
    }
    equations.push(eq);
  }
  const base = rank(equations);
  unknowns.forEach(([i, j], u) => {
    const unit = new Array<number>(unknowns.length).fill(0);
    unit[u] = 1;
    // If adding "x_u = ?" does not raise the rank, the equations already determine x_u.
    expect({ cell: [i, j], determined: rank([...equations, unit]) === base }).toEqual({ cell: [i, j], determined: false });
  });
}

function rank(matrix: readonly (readonly number[])[]): number {
  const a = matrix.map((row) => [...row]);
  const columns = a[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < columns && r < a.length; c++) {
    let pivot = r;
    for (let i = r + 1; i < a.length; i++) if (Math.abs(a[i][c]) > Math.abs(a[pivot][c])) pivot = i;
    if (Math.abs(a[pivot][c]) < 1e-9) continue;
    [a[r], a[pivot]] = [a[pivot], a[r]];
    for (let i = 0; i < a.length; i++) {
      if (i === r) continue;
      const factor = a[i][c] / a[r][c];
      for (let j = c; j < columns; j++) a[i][j] -= factor * a[r][j];
    }
    r++;
  }
  return r;
}

function keyOf(row: Record<QuasiIdentifier, string>): string {
  return JSON.stringify(QUASI_IDENTIFIERS.map((qi) => row[qi]));
}

function classCounts(rows: readonly Record<QuasiIdentifier, string>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(keyOf(row), (counts.get(keyOf(row)) ?? 0) + 1);
  return counts;
}

function range(length: number): number[] {
  return Array.from({ length }, (_, i) => i);
}
