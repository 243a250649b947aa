/**
 * k-anonymity for the case exports we send to data-sharing partners, and small-cell
 * suppression for the aggregate tables we publish. CTDC published its first case-level
 * data k-anonymised with k = 11 (docs/standards/ctdc-2024-export.md); we use the same.
 *
 * Case-level rows (`enforceKAnonymity`). The quasi-identifiers are the attributes someone
 * who knows a survivor could know too: gender, age band, citizenship, country of
 * exploitation, type of exploitation and year of registration. A row may leave only when
 * at least k rows share its combination of all six ('' = unknown counts as a value).
 * Generalisation ladder, applied in this order and stopping as soon as no combination
 * has fewer than k rows:
 *   1. ageBand: coarsened to the broad bands `0–17` (children) / `18+` (adults), unknown
 *      stays ''. Within each combination of the other five quasi-identifiers, a broad
 *      group (its children, or its adults) is coarsened as a whole as soon as one of its
 *      bands is under k: the small band merges with its neighbours, and one combination
 *      never shows `9–17` next to `0–17`. Groups without a small band keep their bands.
 *   2. citizenship: a value held by fewer than k rows becomes ''.
 *   3. countryOfExploitation: likewise.
 *   4. exploitationType: likewise.
 *   5. gender: likewise (in a hotline's numbers this is mostly Trans/NonConforming: the
 *      person stays in the statistics, without the value that singles them out).
 * A value held by fewer than k rows only ever sits in combinations under k, so steps 2-5
 * touch no row that was already safe, and no step shrinks a combination: every step can
 * only help. While a pass over the ladder changes something and combinations under k
 * remain, the ladder runs again: a row whose gender was blanked in step 5 may now match
 * rows whose age band step 1 can merge with its own. `year` is never generalised (a
 * partner's tables are by year). Whatever is still in a combination under k is then
 * suppressed (dropped). Dropping whole combinations leaves the others as they were, so the
 * rows that leave are k-anonymous by construction, and rows whose combination had k or
 * more from the start always leave (perhaps with a coarser age band).
 *
 * Aggregate tables (`suppressSmallCells`): counts from 1 to k-1 are withheld (primary
 * suppression, totals included), then further cells (complementary suppression) until no
 * withheld cell can be worked out from the row and column totals; see the function.
 *
 * Pure and deterministic: no clock, no randomness, same input, same output, input order kept.
 */

export const DEFAULT_K = 11; // CTDC's threshold

/**
 * The smallest k any release may use, whatever asks for it: CTDC's k = 11. An installation
 * may raise its own floor (EXPORT_K_ANONYMITY), nobody may go below this one.
 */
export const K_FLOOR = DEFAULT_K;
/** The largest k an export may ask for: beyond it nearly every row is suppressed. */
export const K_MAX = 100;

export type KRefusal = 'not_integer' | 'below_floor' | 'above_max';

/** Why a requested k may not be used under an installation's floor (never below K_FLOOR); null when it may. */
export function refuseK(k: number, installationFloor: number = K_FLOOR): KRefusal | null {
  if (!Number.isInteger(k)) return 'not_integer';
  if (k < Math.max(K_FLOOR, installationFloor)) return 'below_floor';
  if (k > K_MAX) return 'above_max';
  return null;
}

export type QuasiIdentifier = 'gender' | 'ageBand' | 'citizenship' | 'countryOfExploitation' | 'exploitationType' | 'year';

/** Every quasi-identifier, in a fixed order (the order of the combination key). */
export const QUASI_IDENTIFIERS: readonly QuasiIdentifier[] = ['gender', 'ageBand', 'citizenship', 'countryOfExploitation', 'exploitationType', 'year'];

/** A rung of the generalisation ladder: the quasi-identifier it coarsens or blanks. */
export type GeneralisationStep = Exclude<QuasiIdentifier, 'year'>;

/** The ladder described in the header, in order. */
export const DEFAULT_GENERALISATION_LADDER: readonly GeneralisationStep[] = ['ageBand', 'citizenship', 'countryOfExploitation', 'exploitationType', 'gender'];

/** The broad age bands of ladder step 1 (en dash, as the CTDC codebook writes its bands). */
export const BROAD_AGE_BAND_CHILD = '0–17';
export const BROAD_AGE_BAND_ADULT = '18+';

export interface AnonymisationReport {
  k: number;
  rowsIn: number;
  rowsOut: number;
  suppressedRows: number;
  /** How many cells of the rows that left were blanked or coarsened, per quasi-identifier. */
  generalisedCells: Record<QuasiIdentifier, number>;
  /** Rows that left with at least one generalised cell: rows changed = generalisedRows + suppressedRows. */
  generalisedRows: number;
}

export interface KAnonymityOptions {
  /** false: no generalisation, only suppression. Default true. */
  generalise?: boolean;
  /** The generalisation steps to try, in order (default DEFAULT_GENERALISATION_LADDER). */
  ladder?: readonly GeneralisationStep[];
}

type QiRecord = Record<QuasiIdentifier, string>;

/**
 * Generalises then suppresses until every combination of the quasi-identifiers appears at
 * least k times (ladder in the header). Rows are generic records with the quasi-identifier
 * fields as strings ('' = unknown); other fields pass through untouched. Deterministic:
 * same input, same output, surviving rows in their input order.
 */
export function enforceKAnonymity<T extends Record<QuasiIdentifier, string>>(
  rows: readonly T[],
  k: number,
  options: KAnonymityOptions = {},
): { rows: T[]; report: AnonymisationReport } {
  assertK(k);
  const work: T[] = rows.map((row) => ({ ...row }));
  if (options.generalise !== false) {
    const ladder = options.ladder ?? DEFAULT_GENERALISATION_LADDER;
    // Values only ever get coarser, so the passes end: at most two per cell (band, broad band, nothing).
    for (let changed = true; changed;) {
      changed = false;
      for (const step of ladder) {
        if (smallestClassSize(work, QUASI_IDENTIFIERS) >= k) break;
        changed = (step === 'ageBand' ? coarsenAgeBands(work, k) : blankRareValues(work, step, k)) || changed;
      }
    }
  }

  const sizes = classSizes(work, QUASI_IDENTIFIERS);
  const kept: T[] = [];
  const generalisedCells = zeroCounts();
  let generalisedRows = 0;
  work.forEach((row, index) => {
    if ((sizes.get(classKey(row, QUASI_IDENTIFIERS)) ?? 0) < k) return;
    kept.push(row);
    let changed = false;
    for (const qi of QUASI_IDENTIFIERS) {
      if (row[qi] !== rows[index][qi]) {
        generalisedCells[qi]++;
        changed = true;
      }
    }
    if (changed) generalisedRows++;
  });

  return {
    rows: kept,
    report: { k, rowsIn: rows.length, rowsOut: kept.length, suppressedRows: rows.length - kept.length, generalisedCells, generalisedRows },
  };
}

/** Size of the smallest combination of `qis` among the rows; Infinity when there are no rows. */
export function smallestClassSize<Q extends string>(rows: readonly Readonly<Record<Q, string>>[], qis: readonly Q[]): number {
  let smallest = Infinity;
  for (const size of classSizes(rows, qis).values()) smallest = Math.min(smallest, size);
  return smallest;
}

/**
 * Reads and writes the quasi-identifiers of an export's own row shape (a CTDC or HTCDS row),
 * so `anonymiseRecords` can check rows whose columns are not named like the quasi-identifiers.
 */
export interface QuasiIdentifierCodec<R> {
  read(row: R): QiRecord;
  /** A copy of the row carrying the generalised values (`changed` lists what differs from `read(row)`). */
  write(row: R, generalised: QiRecord, changed: readonly QuasiIdentifier[]): R;
}

/** enforceKAnonymity over rows of any shape, through a codec. */
export function anonymiseRecords<R>(
  rows: readonly R[],
  codec: QuasiIdentifierCodec<R>,
  k: number,
  options?: KAnonymityOptions,
): { rows: R[]; report: AnonymisationReport } {
  const originals = rows.map((row) => codec.read(row));
  const result = enforceKAnonymity(
    originals.map((qi, source) => ({ ...qi, source })),
    k,
    options,
  );
  const out = result.rows.map((generalised) => {
    const changed = QUASI_IDENTIFIERS.filter((qi) => generalised[qi] !== originals[generalised.source][qi]);
    const values = pickQuasiIdentifiers(generalised);
    return changed.length ? codec.write(rows[generalised.source], values, changed) : rows[generalised.source];
  });
  return { rows: out, report: result.report };
}

// ---------------------------------------------------------------------------------------
// Aggregate tables

export interface CountTable {
  rows: readonly string[];
  columns: readonly string[];
  /** counts[row][column]: non-negative whole numbers. */
  counts: readonly (readonly number[])[];
}

export interface SuppressedTable {
  /** The table's cells; null = suppressed (show it as such, e.g. "<11" or "–"). */
  counts: (number | null)[][];
  /** How many of the table's cells (totals not included) are suppressed. */
  suppressed: number;
  /** Row totals, column totals and the grand total to show; null = suppressed. All null when `totals: false`. */
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
  /** How many totals are suppressed (not counting the ones withheld because `totals: false`). */
  suppressedTotals: number;
}

export interface SuppressionOptions {
  /** Whether the table is shown with its row and column totals and grand total. Default true. */
  totals?: boolean;
  /** Suppress zero counts too. Default false: a zero names nobody. */
  suppressZeros?: boolean;
}

/**
 * Public aggregate tables: counts under k (1 to k-1) become null, and complementary
 * suppression makes sure no suppressed cell can be worked out from the totals.
 *
 * With totals, the table and its margins form one grid in which every row and column sums
 * to its total. Cells withheld from a row (or column) can be recovered exactly from the
 * totals when (a) it is the only one withheld in that row or column, or, more subtly, when
 * (b) it is a "bridge": in the graph whose vertices are the grid's rows and columns and whose
 * edges are the withheld cells, an edge on no cycle is fixed by the linear equations of the
 * totals, and an edge on a cycle is not. So this repeats, until neither holds:
 *   - a row or column with exactly one withheld cell: withhold one more in it;
 *   - a bridge: withhold a cell that closes a cycle through it.
 * The extra cell is the cheapest that works: a non-zero count before a zero (a withheld
 * zero protects little), one whose other line already has a withheld cell (no new
 * cascade), then the smallest count, then the first in reading order. Totals under k are
 * withheld too, and may serve as complements. Without totals, only primary suppression.
 */
export function suppressSmallCells(table: CountTable, k: number, options: SuppressionOptions = {}): SuppressedTable {
  assertK(k);
  const m = table.rows.length;
  const n = table.columns.length;
  if (table.counts.length !== m || table.counts.some((row) => row.length !== n)) {
    throw new RangeError(`counts must be ${m} rows of ${n} columns`);
  }
  for (const row of table.counts) {
    for (const count of row) {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`counts must be non-negative whole numbers, got ${count}`);
    }
  }
  const withTotals = options.totals !== false;
  const small = (count: number): boolean => count < k && (count > 0 || options.suppressZeros === true);

  // The grid: the counts, plus a totals column, a totals row and the grand total.
  const rowTotals = table.counts.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnTotals = Array.from({ length: n }, (_, j) => table.counts.reduce((sum, row) => sum + row[j], 0));
  const grid: number[][] = withTotals
    ? [...table.counts.map((row, i) => [...row, rowTotals[i]]), [...columnTotals, rowTotals.reduce((sum, total) => sum + total, 0)]]
    : table.counts.map((row) => [...row]);
  const hidden = grid.map((row) => row.map(small));
  if (withTotals) complementarySuppression(grid, hidden);

  const counts = table.counts.map((row, i) => row.map((count, j) => (hidden[i][j] ? null : count)));
  const suppressed = counts.reduce((sum, row) => sum + row.filter((count) => count === null).length, 0);
  if (!withTotals) {
    return { counts, suppressed, rowTotals: rowTotals.map(() => null), columnTotals: columnTotals.map(() => null), total: null, suppressedTotals: 0 };
  }
  const shownRowTotals = rowTotals.map((total, i) => (hidden[i][n] ? null : total));
  const shownColumnTotals = columnTotals.map((total, j) => (hidden[m][j] ? null : total));
  const total = hidden[m][n] ? null : grid[m][n];
  const suppressedTotals = [...shownRowTotals, ...shownColumnTotals, total].filter((value) => value === null).length;
  return { counts, suppressed, rowTotals: shownRowTotals, columnTotals: shownColumnTotals, total, suppressedTotals };
}

/** Adds withheld cells to `hidden` until no line holds exactly one and no withheld cell is a bridge. */
function complementarySuppression(grid: readonly (readonly number[])[], hidden: boolean[][]): void {
  const rows = grid.length;
  const columns = grid[0]?.length ?? 0;
  const inRow = (i: number): number => hidden[i].filter(Boolean).length;
  const inColumn = (j: number): number => hidden.reduce((sum, row) => sum + (row[j] ? 1 : 0), 0);

  // Cheapest candidate: [zero?, opens a new line?, count, i, j], smallest first.
  const cheapest = (cells: readonly (readonly [number, number])[], opensLine: (i: number, j: number) => boolean): [number, number] | null => {
    let best: [number, number] | null = null;
    let bestKey: number[] = [];
    for (const [i, j] of cells) {
      if (hidden[i][j]) continue;
      const key = [grid[i][j] === 0 ? 1 : 0, opensLine(i, j) ? 1 : 0, grid[i][j], i, j];
      if (!best || compareKeys(key, bestKey) < 0) {
        best = [i, j];
        bestKey = key;
      }
    }
    return best;
  };
  const withhold = (cell: [number, number] | null): void => {
    // Unreachable: a line with one withheld cell has at least one other (every line has its
    // total), and a bridge always has unwithheld cells across it (see below).
    if (!cell) throw new Error('complementary suppression found no candidate cell');
    hidden[cell[0]][cell[1]] = true;
  };

  for (;;) {
    const loneRow = range(rows).find((i) => inRow(i) === 1);
    if (loneRow !== undefined) {
      withhold(
        cheapest(
          range(columns).map((j) => [loneRow, j] as const),
          (_i, j) => inColumn(j) === 0,
        ),
      );
      continue;
    }
    const loneColumn = range(columns).find((j) => inColumn(j) === 1);
    if (loneColumn !== undefined) {
      withhold(
        cheapest(
          range(rows).map((i) => [i, loneColumn] as const),
          (i) => inRow(i) === 0,
        ),
      );
      continue;
    }
    const bridge = firstBridge(hidden);
    if (!bridge) return;
    // Cut the bridge (r, c): side A holds row r, side B column c. Every row and column here has
    // two or more withheld cells, so A has a column and B a row; a cell joining a row of one side
    // to a column of the other closes a cycle through the bridge, and none is withheld yet
    // (else (r, c) would not be a bridge).
    const [r, c] = bridge;
    const sideA = reachable(hidden, { row: r }, bridge);
    const sideB = reachable(hidden, { column: c }, bridge);
    const candidates: [number, number][] = [];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) {
        if ((i === r && j === c) || hidden[i][j]) continue;
        if ((sideA.rows.has(i) && sideB.columns.has(j)) || (sideB.rows.has(i) && sideA.columns.has(j))) candidates.push([i, j]);
      }
    }
    withhold(cheapest(candidates, () => false));
  }
}

/** The first withheld cell (in reading order) that is a bridge of the rows-columns graph of withheld cells. */
function firstBridge(hidden: readonly (readonly boolean[])[]): [number, number] | null {
  const rows = hidden.length;
  const columns = hidden[0]?.length ?? 0;
  // Vertices: rows 0..rows-1, then columns rows..rows+columns-1.
  const adjacency: number[][] = Array.from({ length: rows + columns }, () => []);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      if (hidden[i][j]) {
        adjacency[i].push(rows + j);
        adjacency[rows + j].push(i);
      }
    }
  }
  // Tarjan's bridge finding; iterative, so a large table cannot overflow the stack. Each
  // vertex pair has at most one edge, so skipping the parent vertex is skipping the tree edge.
  const order = new Array<number>(rows + columns).fill(-1);
  const low = new Array<number>(rows + columns).fill(0);
  const bridges: [number, number][] = [];
  let counter = 0;
  for (let root = 0; root < rows + columns; root++) {
    if (order[root] !== -1 || adjacency[root].length === 0) continue;
    const stack: { vertex: number; parent: number; next: number }[] = [{ vertex: root, parent: -1, next: 0 }];
    order[root] = low[root] = counter++;
    while (stack.length) {
      const frame = stack[stack.length - 1];
      if (frame.next < adjacency[frame.vertex].length) {
        const to = adjacency[frame.vertex][frame.next++];
        if (to === frame.parent) continue;
        if (order[to] === -1) {
          order[to] = low[to] = counter++;
          stack.push({ vertex: to, parent: frame.vertex, next: 0 });
        } else {
          low[frame.vertex] = Math.min(low[frame.vertex], order[to]);
        }
      } else {
        stack.pop();
        const parent = frame.parent;
        if (parent >= 0) {
          low[parent] = Math.min(low[parent], low[frame.vertex]);
          if (low[frame.vertex] > order[parent]) {
            const [a, b] = parent < rows ? [parent, frame.vertex] : [frame.vertex, parent];
            bridges.push([a, b - rows]);
          }
        }
      }
    }
  }
  if (!bridges.length) return null;
  bridges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return bridges[0];
}

/** Rows and columns reachable from a start over withheld cells, not crossing `cut`. */
function reachable(
  hidden: readonly (readonly boolean[])[],
  start: { row: number } | { column: number },
  cut: readonly [number, number],
): { rows: Set<number>; columns: Set<number> } {
  const rows = new Set<number>();
  const columns = new Set<number>();
  const queue: ({ row: number } | { column: number })[] = [start];
  if ('row' in start) rows.add(start.row);
  else columns.add(start.column);
  while (queue.length) {
    const at = queue.shift() as { row: number } | { column: number };
    if ('row' in at) {
      hidden[at.row].forEach((withheld, j) => {
        if (withheld && !(at.row === cut[0] && j === cut[1]) && !columns.has(j)) {
          columns.add(j);
          queue.push({ column: j });
        }
      });
    } else {
      hidden.forEach((row, i) => {
        if (row[at.column] && !(i === cut[0] && at.column === cut[1]) && !rows.has(i)) {
          rows.add(i);
          queue.push({ row: i });
        }
      });
    }
  }
  return { rows, columns };
}

// ---------------------------------------------------------------------------------------
// Helpers

function assertK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
}

/** The combination's key: each value prefixed by its length, so no two combinations share a key. */
function classKey<Q extends string>(row: Readonly<Record<Q, string>>, qis: readonly Q[]): string {
  let key = '';
  for (const qi of qis) key += `${row[qi].length}:${row[qi]}`;
  return key;
}

function classSizes<Q extends string>(rows: readonly Readonly<Record<Q, string>>[], qis: readonly Q[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const row of rows) {
    const key = classKey(row, qis);
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return sizes;
}

/** Ladder step 1 (see the header); whether it changed anything. */
function coarsenAgeBands(rows: QiRecord[], k: number): boolean {
  const sizes = classSizes(rows, QUASI_IDENTIFIERS);
  const others = QUASI_IDENTIFIERS.filter((qi) => qi !== 'ageBand');
  const groupOf = (row: QiRecord): string => `${broadAgeBand(row.ageBand)}|${classKey(row, others)}`;
  const groupsToCoarsen = new Set<string>();
  for (const row of rows) {
    if ((sizes.get(classKey(row, QUASI_IDENTIFIERS)) ?? 0) < k) groupsToCoarsen.add(groupOf(row));
  }
  let changed = false;
  for (const row of rows) {
    if (!groupsToCoarsen.has(groupOf(row))) continue;
    const broad = broadAgeBand(row.ageBand);
    if (broad !== row.ageBand) {
      row.ageBand = broad;
      changed = true;
    }
  }
  return changed;
}

/**
 * The broad band (children / adults) of an age band such as `9–17`, `9-17`, `0--8` or
 * `48+`; '' when unknown or when the band straddles 18.
 */
export function broadAgeBand(band: string): string {
  const value = band.trim();
  const range = /^(\d+)\s*(?:–|—|-{1,2})\s*(\d+)$/.exec(value);
  const open = /^(\d+)\s*\+$/.exec(value);
  const lower = range ? Number(range[1]) : open ? Number(open[1]) : NaN;
  const upper = range ? Number(range[2]) : open ? Infinity : NaN;
  if (Number.isNaN(lower)) return '';
  if (upper <= 17) return BROAD_AGE_BAND_CHILD;
  if (lower >= 18) return BROAD_AGE_BAND_ADULT;
  return '';
}

/** Ladder steps 2-5: a value held by fewer than k rows becomes ''; whether it changed anything. */
function blankRareValues(rows: QiRecord[], qi: QuasiIdentifier, k: number): boolean {
  const frequency = new Map<string, number>();
  for (const row of rows) frequency.set(row[qi], (frequency.get(row[qi]) ?? 0) + 1);
  let changed = false;
  for (const row of rows) {
    if (row[qi] !== '' && (frequency.get(row[qi]) ?? 0) < k) {
      row[qi] = '';
      changed = true;
    }
  }
  return changed;
}

function zeroCounts(): Record<QuasiIdentifier, number> {
  return { gender: 0, ageBand: 0, citizenship: 0, countryOfExploitation: 0, exploitationType: 0, year: 0 };
}

function pickQuasiIdentifiers(row: QiRecord): QiRecord {
  return {
    gender: row.gender,
    ageBand: row.ageBand,
    citizenship: row.citizenship,
    countryOfExploitation: row.countryOfExploitation,
    exploitationType: row.exploitationType,
    year: row.year,
  };
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function range(length: number): number[] {
  return Array.from({ length }, (_, i) => i);
}
