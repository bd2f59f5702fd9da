/** Display width of one line as a terminal shows it: East Asian wide characters take two columns (as prettytable's wcwidth). */
export function textWidth(line: string): number {
  let width = 0
  for (const ch of line) {
    const cp = ch.codePointAt(0) ?? 0
    if (cp < 0x1100) {
      width += cp === 0 ? 0 : 1
      continue
    }
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1f64f) ||
      (cp >= 0x1f900 && cp <= 0x1f9ff) ||
      (cp >= 0x20000 && cp <= 0x3fffd)
    const zeroWidth = (cp >= 0x0300 && cp <= 0x036f) || cp === 0x200b || (cp >= 0xfe00 && cp <= 0xfe0f)
    width += zeroWidth ? 0 : wide ? 2 : 1
  }
  return width
}
