// The kernel editor's text cells → numbers. Pure, so the rules are unit-tested without a browser.

/** One cell that is not a number: where it is (1-based, as shown to the user) and what it holds. */
export interface CellError {
  row: number;
  column: number;
  text: string;
}

export type ParsedKernel = { ok: true; rows: number[][] } | { ok: false; errors: CellError[] };

// textbook kernels are written with fractions (1/16 for a Gaussian), so a cell may hold one
const FRACTION = /^([-+]?(?:\d+\.?\d*|\.\d+))\s*\/\s*(\d+\.?\d*|\.\d+)$/;

/** A cell's number: a decimal ("-2", ".5", "1e-1", "0,25" with a decimal comma) or a fraction ("1/16"); null otherwise. */
export function parseCell(text: string): number | null {
  const s = text.trim().replace(/^([-+]?\d*),(\d+)$/, '$1.$2'); // Russian keyboards type 0,5
  if (s === '') return null;
  const frac = FRACTION.exec(s);
  const v = frac ? Number(frac[1]) / Number(frac[2]) : Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Every cell of a rectangular grid of texts, or every cell that is not a finite number. */
export function parseCells(grid: readonly (readonly string[])[]): ParsedKernel {
  const errors: CellError[] = [];
  const rows = grid.map((r, i) =>
    r.map((text, j) => {
      const v = parseCell(text);
      if (v === null) errors.push({ row: i + 1, column: j + 1, text });
      return v ?? 0;
    }),
  );
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/** A weight as the editor shows it: short, exact for integers, fractions of 16 and the like rounded to 4 digits. */
export function formatCell(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
}
