// Test support only (excluded from the library build): reads the HTCDS field standard from
// docs/standards so specs can check our code lists and exports against it.
import { readFileSync } from 'fs';
import * as path from 'path';

export const HTCDS_CSV_PATH = path.resolve(__dirname, '../../../../docs/standards/htcds-field-standards.csv');

/** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The standard's header row and its field rows. */
export function readHtcdsStandard(): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsv(readFileSync(HTCDS_CSV_PATH, 'utf8'));
  return { header, rows };
}
