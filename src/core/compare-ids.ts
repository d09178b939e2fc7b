/**
 * Orders customer ids by their UTF-8 bytes, as domain.md asks for ties. Comparing code points is the
 * same as comparing UTF-8 bytes; JavaScript's `<` compares UTF-16 units, which differs only when
 * characters above U+FFFF meet characters in U+E000…U+FFFF.
 */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff && y >= 0xd800 && y <= 0xdfff) return x - y;
    // A surrogate stands for a code point above U+FFFF: larger than any single unit.
    if (x >= 0xd800 && x <= 0xdfff) return 1;
    if (y >= 0xd800 && y <= 0xdfff) return -1;
    return x - y;
  }
  return a.length - b.length;
}
