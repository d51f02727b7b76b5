/** A row-major numeric matrix: element (r, c) is data[r · cols + c]; NaN marks a missing value. */
export interface Matrix {
  data: Float32Array | Float64Array;
  rows: number;
  cols: number;
}

/**
 * Feature matrices are passed either as rows (`number[][]`, NaN/null/undefined for missing) or as a
 * flat row-major typed array with its shape `{ data, rows, cols }`, which is not copied.
 */
export type MatrixInput = readonly (readonly (number | null | undefined)[])[] | Matrix;

/**
 * Normalises a feature matrix; flat input is used as is, row arrays are copied into a Float64Array.
 * Example: toMatrix([[1, 2], [3, NaN]]) // { data: Float64Array [1, 2, 3, NaN], rows: 2, cols: 2 }
 */
export function toMatrix(x: MatrixInput, expectCols?: number): Matrix {
  let m: Matrix;
  if (Array.isArray(x)) {
    const rows = x.length;
    const cols = rows ? x[0].length : (expectCols ?? 0);
    const data = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = x[r];
      if (row.length !== cols) throw new Error(`boost: row ${r} has ${row.length} features, row 0 has ${cols}`);
      for (let c = 0; c < cols; c++) {
        const v = row[c];
        data[r * cols + c] = v === null || v === undefined ? NaN : v;
      }
    }
    m = { data, rows, cols };
  } else {
    m = x as Matrix;
    if (m.data.length !== m.rows * m.cols)
      throw new Error(`boost: data has ${m.data.length} values, expected rows·cols = ${m.rows}·${m.cols}`);
  }
  if (expectCols !== undefined && m.cols !== expectCols)
    throw new Error(`boost: expected ${expectCols} features, got ${m.cols}`);
  return m;
}
