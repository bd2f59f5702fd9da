import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

import { LAYOUTS } from '../cluster/generation.js'
import { UsageError } from '../errors.js'
import { FACES } from '../output/face.js'
import { canAccess } from '../fs-access.js'
import { readRegularFile } from '../input-files.js'
import { parsePyYaml } from '../pyyaml.js'
import { dcsSettingsFrom } from './dcs-settings.js'
import { parseDcsUrl } from './dcs-url.js'
import { isOn, scalarText, textOf } from '../values.js'
import { environmentConfig } from './env.js'
import { isPlainObject, patchConfig, type PlainObject } from '../patch-config.js'
import {
  DCS_KINDS,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  SLOW_CALL_DEFAULT_SECONDS,
  type CitusSettings,
  type Credentials,
  type CtlConfig,
  type RestApiSettings,
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
    doc = parsePyYaml(text)
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

function credentialsFrom(section: unknown): Credentials | undefined {
  if (!isPlainObject(section)) return undefined
  const auth = section['authentication']
  if (isPlainObject(auth) && auth['username'] !== undefined) {
    return { username: scalarText(auth['username']), password: scalarText(auth['password']) }
  }
  // patronictl 3.x's raw "user:pass" form
  const raw = textOf(section['auth'])
  if (raw !== undefined) {
    const i = raw.indexOf(':')
    return i >= 0 ? { username: raw.slice(0, i), password: raw.slice(i + 1) } : { username: raw, password: '' }
  }
  return undefined
}

function positiveNumber(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`Invalid ${what}: ${scalarText(value)}`)
  return n
}

function citusFrom(section: unknown): CitusSettings | undefined {
  if (!isPlainObject(section)) return undefined
  const group = section['group']
  if (group === undefined || group === null) return {}
  const n = typeof group === 'number' ? group : Number(group)
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`Invalid citus.group: ${scalarText(group)}`)
  return { group: n }
}

/** The configuration file (or directory), else $PATRONI_CONFIGURATION, else nothing; then PATRONI_* and -d over it. */
function rawConfig(req: ConfigRequest): PlainObject {
  const defaultPath = defaultConfigPath(req.env, req.home)
  const explicit = req.configFile ?? (req.env['PATRONICTL_CONFIG_FILE'] || undefined)
  const path = explicit ?? defaultPath
  let fileConfig: PlainObject = {}
  if (canAccess(path)) {
    fileConfig = readConfigPath(path)
  } else if (explicit !== undefined && explicit !== defaultPath) {
    throw new UsageError(
      `Provided config file ${explicit} not existing or no read rights. Check the -c/--config-file parameter`,
    )
  } else if (req.env['PATRONI_CONFIGURATION']) {
    fileConfig = configFromEnvironment(req.env['PATRONI_CONFIGURATION'])
  }
  const raw = patchConfig(fileConfig, environmentConfig(req.env))
  const dcsUrl = req.dcsUrl ?? (req.env['DCS_URL'] || undefined)
  if (dcsUrl === undefined) return raw
  // -d replaces every DCS section of the configuration, as patronictl does
  const parsed = parseDcsUrl(dcsUrl)
  const stripped: PlainObject = { ...raw }
  for (const k of DCS_KINDS) if (k !== 'kubernetes' && k !== 'raft') delete stripped[k]
  return { ...stripped, [parsed.kind]: parsed.section, ...(parsed.namespace ? { namespace: parsed.namespace } : {}) }
}

function configFromEnvironment(text: string): PlainObject {
  let doc: unknown
  try {
    doc = parsePyYaml(text)
  } catch (e) {
    throw new UsageError(
      `Malformed YAML in PATRONI_CONFIGURATION: ${((e as Error).message.split('\n')[0] ?? '').trim()}`,
    )
  }
  return isPlainObject(doc) ? doc : {}
}

/** The REST client's TLS and credentials: `ctl:` first, then `restapi:`, as patronictl reads them. */
function restApiSettings(raw: PlainObject, insecure: boolean): RestApiSettings {
  const ctl = isPlainObject(raw['ctl']) ? raw['ctl'] : {}
  const restapi = isPlainObject(raw['restapi']) ? raw['restapi'] : {}
  const caFile = textOf(ctl['cacert']) ?? textOf(restapi['cafile'])
  const certFile = textOf(ctl['certfile'])
  const keyFile = textOf(ctl['keyfile'])
  const keyPassword = textOf(ctl['keyfile_password'])
  const tls: TlsOptions = {
    insecure,
    ...(caFile !== undefined ? { caFile } : {}),
    ...(certFile !== undefined ? { certFile } : {}),
    ...(keyFile !== undefined ? { keyFile } : {}),
    ...(keyPassword !== undefined ? { keyPassword } : {}),
  }
  const credentials = credentialsFrom(ctl) ?? credentialsFrom(restapi)
  return { tls, ...(credentials ? { credentials } : {}) }
}

/** --timeout, else ctl.timeout, else the default; the slow REST calls default higher unless a timeout was given. */
function deadlines(req: ConfigRequest, ctl: PlainObject): { timeoutMs: number; slowCallMs: number } {
  const given = req.timeoutSeconds ?? positiveNumber(ctl['timeout'], 'ctl.timeout')
  if (given !== undefined && given > MAX_TIMEOUT_SECONDS)
    throw new UsageError(`Invalid ctl.timeout: ${given} (at most ${MAX_TIMEOUT_SECONDS} seconds)`)
  const seconds = given ?? DEFAULT_TIMEOUT_SECONDS
  return {
    timeoutMs: Math.round(seconds * 1000),
    slowCallMs: Math.round((given ?? Math.max(seconds, SLOW_CALL_DEFAULT_SECONDS)) * 1000),
  }
}

/** One of `allowed`, or a usage error naming the key. */
function choice<T extends string>(value: unknown, allowed: readonly T[], key: string): T | undefined {
  if (value === undefined || value === null) return undefined
  const text = scalarText(value)
  if ((allowed as readonly string[]).includes(text)) return text as T
  throw new UsageError(`Invalid ${key}: ${text} (one of ${allowed.join(', ')})`)
}

/** The REST API of the node whose configuration this is: where its agent answers (`restapi.connect_address`). */
function ownAgentUrl(raw: PlainObject): string | undefined {
  const restapi = isPlainObject(raw['restapi']) ? raw['restapi'] : undefined
  const address = textOf(restapi?.['connect_address']) ?? textOf(restapi?.['listen'])
  if (address === undefined || address === '') return undefined
  const tls = restapi?.['certfile'] !== undefined && restapi['certfile'] !== null
  const hostPort = address.replace(/^0\.0\.0\.0(?=:)/, '127.0.0.1').replace(/^:(?=\d)/, '127.0.0.1:')
  return `${tls ? 'https' : 'http'}://${hostPort}/patroni`
}

/** Resolves the configuration exactly as patronictl reads it, plus ptctl's own `ctl.timeout`. */
export function loadCtlConfig(req: ConfigRequest): CtlConfig {
  const raw = rawConfig(req)
  const ctl = isPlainObject(raw['ctl']) ? raw['ctl'] : {}
  const insecure = req.insecure || isOn(ctl['insecure'])
  const scope = raw['scope'] === undefined || raw['scope'] === null ? undefined : scalarText(raw['scope'])
  const namespace =
    raw['namespace'] === undefined || raw['namespace'] === null ? '/service/' : scalarText(raw['namespace'])
  const dcs = dcsSettingsFrom(raw, insecure)
  const citus = citusFrom(raw['citus'])
  const compat = choice(ctl['compat'], FACES, 'ctl.compat')
  const layout = choice(ctl['layout'], LAYOUTS, 'ctl.layout')
  const agent = ownAgentUrl(raw)
  return Object.freeze({
    ...(compat !== undefined ? { compat } : {}),
    ...(layout !== undefined ? { layout } : {}),
    ...(agent !== undefined ? { ownAgentUrl: agent } : {}),
    ...(scope !== undefined && scope !== '' ? { scope } : {}),
    ...(citus ? { citus } : {}),
    namespace,
    ...(dcs ? { dcs } : {}),
    restApi: restApiSettings(raw, insecure),
    ...deadlines(req, ctl),
    loopWait: positiveNumber(raw['loop_wait'], 'loop_wait') ?? 10,
    raw,
  })
}
