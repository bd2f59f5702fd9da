/**
 * What the DCS (or an agent, or PostgreSQL) holds is data, never control: any control character in text bound for a
 * terminal is shown escaped, `\x1b` for ESC, so a member name cannot move the cursor, recolour, retitle the window
 * (OSC) or forge lines. JSON keeps its exact values (JSON.stringify escapes them itself).
 */

// C0 controls, DEL, and C1 controls (0x80-0x9f: a terminal may take 0x9b as CSI): matching them is the point
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g

/* eslint-enable no-control-regex */

const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`

/** Every control character escaped: for a value that must stay on one line (a cell, a name in a message). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, hex)
}

/** Control characters escaped but line breaks kept: for text already laid out in lines (a table, a report). */
export function escapeControlsKeepLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, hex)
}
