import { parseBool } from '../values.js'
import { parsePyYaml } from '../pyyaml.js'
import type { PlainObject } from '../patch-config.js'

const PREFIX = 'PATRONI_'

/** Suffixes Patroni accepts in PATRONI_<SECTION>_<SUFFIX> for DCS and similar sections. */
const SECTION_SUFFIXES = new Set([
  'HOST',
  'HOSTS',
  'PORT',
  'USE_PROXIES',
  'PROTOCOL',
  'SRV',
  'SRV_SUFFIX',
  'URL',
  'PROXY',
  'CACERT',
  'CERT',
  'KEY',
  'VERIFY',
  'TOKEN',
  'CHECKS',
  'DC',
  'CONSISTENCY',
  'REGISTER_SERVICE',
  'SERVICE_CHECK_INTERVAL',
  'SERVICE_TAGS',
  'NAMESPACE',
  'CONTEXT',
  'USE_ENDPOINTS',
  'SCOPE_LABEL',
  'ROLE_LABEL',
  'POD_IP',
  'PORTS',
  'LABELS',
  'BYPASS_API_SERVICE',
  'KEY_PASSWORD',
  'USE_SSL',
  'SET_ACLS',
  'GROUP',
  'DATABASE',
])
const LIST_SUFFIXES = new Set(['HOSTS', 'PORTS', 'CHECKS', 'SERVICE_TAGS'])
const BOOL_SUFFIXES = new Set(['USE_PROXIES', 'REGISTER_SERVICE', 'USE_ENDPOINTS', 'BYPASS_API_SERVICE', 'VERIFY'])
/** Variables with a fixed meaning that must not be read as PATRONI_<SECTION>_<SUFFIX>. */
const RESERVED_SECTIONS = new Set(['CTL', 'RESTAPI', 'POSTGRESQL', 'LOG', 'CONFIGURATION'])

function parseList(value: string): unknown {
  const text = value.trim().startsWith('-') || value.includes('[') ? value : `[${value}]`
  try {
    return parsePyYaml(text)
  } catch {
    return undefined
  }
}

function parseDict(value: string): unknown {
  const text = value.trim().startsWith('{') ? value : `{${value}}`
  try {
    return parsePyYaml(text)
  } catch {
    return undefined
  }
}

type Env = Readonly<Record<string, string | undefined>>
type Sections = Record<string, PlainObject>

/** PATRONI_<NAME>, unset when empty (as Patroni reads them). */
const reader =
  (env: Env) =>
  (name: string): string | undefined => {
    const v = env[PREFIX + name]
    return v === undefined || v === '' ? undefined : v
  }

const sectionOf = (out: Sections, name: string): PlainObject => (out[name] ??= {})

/** PATRONI_CTL_*: ctl's TLS files, `insecure`, and username/password as one `authentication` mapping. */
function ctlSection(get: (name: string) => string | undefined, out: Sections): void {
  const ctl = sectionOf(out, 'ctl')
  for (const param of ['cacert', 'certfile', 'keyfile', 'keyfile_password']) {
    const v = get(`CTL_${param.toUpperCase()}`)
    if (v !== undefined) ctl[param] = v
  }
  const insecure = get('CTL_INSECURE')
  const b = insecure === undefined ? undefined : parseBool(insecure)
  if (b !== undefined) ctl['insecure'] = b
  const username = get('CTL_USERNAME')
  const password = get('CTL_PASSWORD')
  if (username !== undefined && password !== undefined) ctl['authentication'] = { username, password }
}

/** PATRONI_RESTAPI_*: the agent's own REST settings, which ctl falls back to. */
function restapiSection(get: (name: string) => string | undefined, out: Sections): void {
  for (const param of ['listen', 'connect_address', 'certfile', 'keyfile', 'keyfile_password', 'cafile']) {
    const v = get(`RESTAPI_${param.toUpperCase()}`)
    if (v !== undefined) sectionOf(out, 'restapi')[param] = v
  }
  const username = get('RESTAPI_USERNAME')
  const password = get('RESTAPI_PASSWORD')
  if (username !== undefined || password !== undefined) {
    sectionOf(out, 'restapi')['authentication'] = {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    }
  }
}

/** The value of PATRONI_<SECTION>_<SUFFIX> typed as Patroni types it; undefined when it is not one it reads. */
function sectionValue(sectionName: string, suffix: string, raw: string): unknown {
  if (sectionName === 'CITUS') {
    if (suffix === 'GROUP') return Number.parseInt(raw, 10)
    return suffix === 'DATABASE' ? raw : undefined
  }
  if (suffix === 'PORT') return Number.parseInt(raw, 10)
  if (LIST_SUFFIXES.has(suffix)) return parseList(raw)
  if (suffix === 'LABELS' || suffix === 'SET_ACLS') return parseDict(raw)
  if (BOOL_SUFFIXES.has(suffix)) return parseBool(raw)
  return raw
}

/** PATRONI_<SECTION>_<SUFFIX> for the DCS sections (and citus): any section name, known suffixes only. */
function dcsSections(env: Env, out: Sections): void {
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || raw === undefined || raw === '') continue
    const rest = name.slice(PREFIX.length)
    const cut = rest.indexOf('_')
    if (cut <= 0) continue
    const sectionName = rest.slice(0, cut)
    const suffix = rest.slice(cut + 1)
    if (RESERVED_SECTIONS.has(sectionName) || !SECTION_SUFFIXES.has(suffix)) continue
    const value = sectionValue(sectionName, suffix, raw)
    if (value !== undefined && !(typeof value === 'number' && Number.isNaN(value))) {
      sectionOf(out, sectionName.toLowerCase())[suffix.toLowerCase()] = value
    }
  }
}

/** etcd credentials count only for an etcd section some other variable made (as in Patroni). */
function etcdCredentials(get: (name: string) => string | undefined, out: Sections): void {
  for (const dcs of ['etcd', 'etcd3']) {
    if (!(dcs in out)) continue
    const user = get(`${dcs.toUpperCase()}_USERNAME`)
    const pass = get(`${dcs.toUpperCase()}_PASSWORD`)
    if (user !== undefined) sectionOf(out, dcs)['username'] = user
    if (pass !== undefined) sectionOf(out, dcs)['password'] = pass
  }
}

/**
 * The configuration Patroni builds from PATRONI_* variables; patched over the file's values (env wins).
 * Pure: takes the environment as a map so tests need not touch process.env.
 */
export function environmentConfig(env: Env): PlainObject {
  const get = reader(env)
  const top: PlainObject = {}
  for (const param of ['name', 'namespace', 'scope']) {
    const v = get(param.toUpperCase())
    if (v !== undefined) top[param] = v
  }
  const out: Sections = {}
  ctlSection(get, out)
  restapiSection(get, out)
  dcsSections(env, out)
  etcdCredentials(get, out)
  for (const [k, v] of Object.entries(out)) if (Object.keys(v).length > 0) top[k] = v
  return top
}
