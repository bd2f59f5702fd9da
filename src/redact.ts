/** Credentials never reach the terminal: every URL printed goes through here, and error lines once more. */

const USERINFO = /(\b[A-Za-z][A-Za-z0-9+.-]*:\/\/|^|[\s,;'"(=])([^\s/@:,;'"()]*):([^\s/@]*)@/g

/** `etcd3://user:secret@host` → `etcd3://user:***@host` (also `user:secret@host` without a scheme). */
export function redactUrl(text: string): string {
  return text.replace(USERINFO, (_m, before: string, user: string) => `${before}${user}:***@`)
}

/** Replaces every occurrence of the given secrets (passwords from the configuration and environment) by `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactUrl(text)
  // longest first, so that a secret containing another is replaced whole
  for (const secret of [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('***')
  }
  return out
}
