import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

import { UsageError } from '../errors.js'
import { canAccess } from '../fs-access.js'
import { readRegularFile } from '../input-files.js'
import { parsePyYaml } from '../pyyaml.js'
import { dcsSettingsFrom } from './dcs-settings.js'
import { parseDcsUrl } from './dcs-url.js'
import { environmentConfig, parseBool } from './env.js'
import { isPlainObject, patchConfig, type PlainObject } from './merge.js'
import {
  DCS_KINDS,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  SLOW_CALL_DEFAULT_SECONDS,
  type CitusSettings,
  type Credentials,
  type CtlConfig,
  type TlsOptions,
} from './types.js'

export interface ConfigRequest {
  /** -c/--config-file; falls back to PATRONICTL_CONFIG_FILE, then the default path */
  readonly configFile?: string
  /** -d/--dcs-url; falls back to DCS_URL */
  readonly dcsUrl?: string
  readonly insecure: boolean
  /** --timeout in seconds, overrides ctl.timeout */
  readonly timeoutSeconds?: number
  readonly env: Readonly<Record<string, string | undefined>>
  readonly home: string
}

export function defaultConfigPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const base = env['XDG_CONFIG_HOME'] && env['XDG_CONFIG_HOME'] !== '' ? env['XDG_CONFIG_HOME'] : join(home, '.config')
  return join(base, 'patroni', 'patronictl.yaml')
}

function parseYamlFile(file: string): PlainObject {
  // a regular file of sane size only: /dev/zero would grow forever, a FIFO would block
  const text = readRegularFile(file, 'config file').toString('utf8')
  let doc: unknown
  try {
    doc = parsePyYaml(text) as unknown
  } catch (e) {
    const first = ((e as Error).message.split('\n')[0] ?? '').trim()
    throw new UsageError(`Malformed YAML in config file ${file}: ${first}`)
  }
  if (doc === null || doc === undefined) return {}
  if (!isPlainObject(doc)) throw new UsageError(`Config file ${file} must hold a YAML mapping`)
  return doc
}

/** A file, or every *.yml / *.yaml file of a directory in alphabetical order, deep-merged. */
export function readConfigPath(path: string): PlainObject {
  const stat = statSync(path)
  const files = stat.isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
        .sort()
        .map((f) => join(path, f))
        .filter((f) => statSync(f).isFile())
    : [path]
  return files.reduce<PlainObject>((acc, f) => patchConfig(acc, parseYamlFile(f)), {})
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function credentialsFrom(section: unknown): Credentials | undefined {
  if (!isPlainObject(section)) return undefined
  const auth = section['authentication']
  if (isPlainObject(auth) && auth['username'] !== undefined) {
    return { username: String(auth['username']), password: String(auth['password'] ?? '') }
  }
  // patronictl 3.x's raw "user:pass" form
  const raw = str(section['auth'])
  if (raw !== undefined) {
    const i = raw.indexOf(':')
    return i >= 0 ? { username: raw.slice(0, i), password: raw.slice(i + 1) } : { username: raw, password: '' }
  }
  return undefined
}

function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') return parseBool(value) ?? false
  return Boolean(value)
}

function positiveNumber(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`Invalid ${what}: ${String(value)}`)
  return n
}

function citusFrom(section: unknown): CitusSettings | undefined {
  if (!isPlainObject(section)) return undefined
  const group = section['group']
  if (group === undefined || group === null) return {}
  const n = typeof group === 'number' ? group : Number(group)
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`Invalid citus.group: ${String(group)}`)
  return { group: n }
}

/** Resolves the configuration exactly as patronictl reads it, plus ptctl's own `ctl.timeout`. */
export function loadCtlConfig(req: ConfigRequest): CtlConfig {
  const defaultPath = defaultConfigPath(req.env, req.home)
  const explicit = req.configFile ?? (req.env['PATRONICTL_CONFIG_FILE'] || undefined)
  const path = explicit ?? defaultPath

  const envConfig = environmentConfig(req.env)
  let fileConfig: PlainObject
  if (canAccess(path)) {
    fileConfig = readConfigPath(path)
  } else if (explicit !== undefined && explicit !== defaultPath) {
    throw new UsageError(
      `Provided config file ${explicit} not existing or no read rights. Check the -c/--config-file parameter`,
    )
  } else if (req.env['PATRONI_CONFIGURATION']) {
    let doc: unknown
    try {
      doc = parsePyYaml(req.env['PATRONI_CONFIGURATION']) as unknown
    } catch (e) {
      throw new UsageError(
        `Malformed YAML in PATRONI_CONFIGURATION: ${((e as Error).message.split('\n')[0] ?? '').trim()}`,
      )
    }
    fileConfig = isPlainObject(doc) ? doc : {}
  } else {
    fileConfig = {}
  }
  let raw = patchConfig(fileConfig, envConfig)

  const dcsUrl = req.dcsUrl ?? (req.env['DCS_URL'] || undefined)
  if (dcsUrl !== undefined) {
    const parsed = parseDcsUrl(dcsUrl)
    const stripped: PlainObject = { ...raw }
    for (const k of DCS_KINDS) if (k !== 'kubernetes' && k !== 'raft') delete stripped[k]
    raw = { ...stripped, [parsed.kind]: parsed.section, ...(parsed.namespace ? { namespace: parsed.namespace } : {}) }
  }

  const ctl = isPlainObject(raw['ctl']) ? raw['ctl'] : {}
  const restapi = isPlainObject(raw['restapi']) ? raw['restapi'] : {}
  const insecure = req.insecure || truthy(ctl['insecure'])
  const caFile = str(ctl['cacert']) ?? str(restapi['cafile'])
  const certFile = str(ctl['certfile'])
  const keyFile = str(ctl['keyfile'])
  const keyPassword = str(ctl['keyfile_password'])
  const tls: TlsOptions = {
    insecure,
    ...(caFile !== undefined ? { caFile } : {}),
    ...(certFile !== undefined ? { certFile } : {}),
    ...(keyFile !== undefined ? { keyFile } : {}),
    ...(keyPassword !== undefined ? { keyPassword } : {}),
  }
  const restCredentials = credentialsFrom(ctl) ?? credentialsFrom(restapi)

  const givenTimeout = req.timeoutSeconds ?? positiveNumber(ctl['timeout'], 'ctl.timeout')
  if (givenTimeout !== undefined && givenTimeout > MAX_TIMEOUT_SECONDS)
    throw new UsageError(`Invalid ctl.timeout: ${givenTimeout} (at most ${MAX_TIMEOUT_SECONDS} seconds)`)
  const timeoutSeconds = givenTimeout ?? DEFAULT_TIMEOUT_SECONDS
  const loopWait = positiveNumber(raw['loop_wait'], 'loop_wait') ?? 10
  const scope = raw['scope'] === undefined || raw['scope'] === null ? undefined : String(raw['scope'])
  const namespace = raw['namespace'] === undefined || raw['namespace'] === null ? '/service/' : String(raw['namespace'])
  const dcs = dcsSettingsFrom(raw, insecure)
  const citus = citusFrom(raw['citus'])

  return Object.freeze({
    ...(scope !== undefined && scope !== '' ? { scope } : {}),
    ...(citus ? { citus } : {}),
    namespace,
    ...(dcs ? { dcs } : {}),
    restApi: { tls, ...(restCredentials ? { credentials: restCredentials } : {}) },
    timeoutMs: Math.round(timeoutSeconds * 1000),
    slowCallMs: Math.round((givenTimeout ?? Math.max(timeoutSeconds, SLOW_CALL_DEFAULT_SECONDS)) * 1000),
    loopWait,
    raw,
  })
}
