/**
 * Numbers the distinct values of a column in order of first appearance: the models compute what depends on x
 * (or on a time) once per distinct value, and the groupings key customers by these numbers.
 */
export interface DistinctValues {
  /** The number of v among the distinct values (0, 1, …), given to it when first seen. */
  of: (v: number) => number;
  /** The distinct values, in order of first appearance. */
  values: number[];
}

export function distinctValues(): DistinctValues {
  const position = new Map<number, number>();
  const values: number[] = [];
  return {
    values,
    of(v) {
      let k = position.get(v);
      if (k === undefined) {
        k = values.length;
        position.set(v, k);
        values.push(v);
      }
      return k;
    },
  };
}
