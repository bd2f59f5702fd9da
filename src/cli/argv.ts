/** Global flags that patronictl takes before the command; oclif wants them after it. */
const VALUE_FLAGS = new Set(['-c', '--config-file', '-d', '--dcs-url', '--dcs', '--timeout', '--request-timeout'])
const BOOLEAN_FLAGS = new Set(['-k', '--insecure', '--json'])

function isGlobal(token: string): 'value' | 'inline' | 'boolean' | undefined {
  if (VALUE_FLAGS.has(token)) return 'value'
  if (BOOLEAN_FLAGS.has(token)) return 'boolean'
  const eq = token.indexOf('=')
  if (token.startsWith('--') && eq > 0 && VALUE_FLAGS.has(token.slice(0, eq))) return 'inline'
  // -cFILE / -dURL
  if (/^-[cd].+/.test(token) && !token.startsWith('--')) return 'inline'
  return undefined
}

const LONG: Record<string, string> = { '-c': '--config-file', '-d': '--dcs-url', '-k': '--insecure' }

/** `-c FILE` → `--config-file FILE`, `-cFILE` → `--config-file=FILE`: long names cannot collide with a command's own. */
function longForm(token: string): string {
  const exact = LONG[token]
  if (exact !== undefined) return exact
  const short = token.slice(0, 2)
  const long = LONG[short]
  return long !== undefined && !token.startsWith('--') && token.length > 2 ? `${long}=${token.slice(2)}` : token
}

/**
 * Moves global flags written before the command (`ptctl -c FILE list demo`, as runbooks do with patronictl)
 * to the end of the arguments, before any `--`, where every command accepts them.
 */
export function hoistGlobalFlags(argv: readonly string[]): string[] {
  const leading: string[] = []
  let i = 0
  while (i < argv.length) {
    const token = argv[i] ?? ''
    const kind = isGlobal(token)
    if (kind === undefined) break
    leading.push(longForm(token))
    if (kind === 'value' && i + 1 < argv.length) {
      leading.push(argv[i + 1] ?? '')
      i += 2
    } else {
      i += 1
    }
  }
  if (leading.length === 0) return [...argv]
  const rest = argv.slice(i)
  if (rest.length === 0) return leading
  const dashdash = rest.indexOf('--')
  return dashdash >= 0 ? [...rest.slice(0, dashdash), ...leading, ...rest.slice(dashdash)] : [...rest, ...leading]
}
