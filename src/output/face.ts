/**
 * Who ptctl answers as. `native`: ptctl's own stricter semantics (non-zero exits on failure, JSON with every key, the
 * README's exit codes). `patronictl`: drop-in mode, the patronictl of the cluster's Patroni generation, exactly (exit
 * codes, texts, the stream each goes to, JSON keys and omissions). Decided once, in the base command; renderers and
 * the error report read it, services are given what it implies as data.
 */
export const FACES = ['native', 'patronictl'] as const
export type Face = (typeof FACES)[number]
