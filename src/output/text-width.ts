import { eastAsianWidth } from 'get-east-asian-width'

/** Combining and enclosing marks, and format characters (zero-width space, joiners): no column of their own. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u

/**
 * Display width of one line as a terminal shows it, as prettytable counts it (wcwidth): East Asian wide and fullwidth
 * characters take two columns (Unicode's East Asian Width data, from get-east-asian-width), marks and controls none.
 */
export function textWidth(line: string): number {
  let width = 0
  for (const ch of line) {
    const cp = ch.codePointAt(0) ?? 0
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || ZERO_WIDTH.test(ch)) continue
    width += cp < 0x1100 ? 1 : eastAsianWidth(cp)
  }
  return width
}
