/**
 * Deterministic pseudo-random numbers as SQL expressions.
 *
 * DuckDB's random() depends on thread scheduling, so the sample data derives every random number from
 * a hash of (key…, seed, stream) instead: the same key, seed and stream give the same number on any number of
 * threads. The seed is always the first bound parameter ($1) of the statement these expressions are used in.
 */

const TWO_POW_32 = 4294967296;

/**
 * SQL for a 64-bit hash of key expressions (non-negative integers), the seed ($1) and a stream number.
 * DuckDB's variadic hash(a, b, …) combines its arguments weakly (streams 10 and 11 of the same key correlate
 * at −0.9), so the keys are chained through the single-value hash, which mixes well: h = hash(h xor key).
 */
export function hashSql(keys: readonly string[], stream: number): string {
  let h = `hash(xor(hash(${stream}::UBIGINT), hash($1::BIGINT)))`;
  for (const key of keys) h = `hash(xor(${h}, CAST(${key} AS UBIGINT)))`;
  return h;
}

/** SQL for a uniform number in the open interval (0, 1), from key expressions and a stream number. */
export function uniformSql(keys: readonly string[], stream: number): string {
  return `(((${hashSql(keys, stream)} % ${TWO_POW_32})::DOUBLE + 0.5) / ${TWO_POW_32}.0)`;
}

/** SQL for a standard normal number (Box–Muller on two uniform streams: stream and stream + 1). */
export function normalSql(keys: readonly string[], stream: number): string {
  return `(sqrt(-2.0 * ln(${uniformSql(keys, stream)})) * cos(2.0 * pi() * ${uniformSql(keys, stream + 1)}))`;
}

/** SQL for an integer in [0, n), n a SQL expression. */
export function intBelowSql(keys: readonly string[], stream: number, n: string): string {
  return `CAST(floor(${uniformSql(keys, stream)} * (${n})) AS INTEGER)`;
}
