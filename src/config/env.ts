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

/**
 * The configuration Patroni builds from PATRONI_* variables; patched over the file's values (env wins).
 * Pure: takes the environment as a map so tests need not touch process.env.
 */
export function environmentConfig(env: Readonly<Record<string, string | undefined>>): PlainObject {
  const out: Record<string, PlainObject> = {}
  const top: PlainObject = {}
  const section = (name: string): PlainObject => (out[name] ??= {})
  const get = (name: string): string | undefined => {
    const v = env[PREFIX + name]
    return v === undefined || v === '' ? undefined : v
  }

  for (const param of ['name', 'namespace', 'scope']) {
    const v = get(param.toUpperCase())
    if (v !== undefined) top[param] = v
  }

  for (const param of ['cacert', 'certfile', 'keyfile', 'keyfile_password', 'username', 'password']) {
    const v = get(`CTL_${param.toUpperCase()}`)
    if (v !== undefined) section('ctl')[param] = v
  }
  const insecure = get('CTL_INSECURE')
  if (insecure !== undefined) {
    const b = parseBool(insecure)
    if (b !== undefined) section('ctl')['insecure'] = b
  }
  const ctlUser = section('ctl')['username']
  const ctlPass = section('ctl')['password']
  if (typeof ctlUser === 'string' && typeof ctlPass === 'string') {
    section('ctl')['authentication'] = { username: ctlUser, password: ctlPass }
  }
  delete section('ctl')['username']
  delete section('ctl')['password']

  for (const param of ['listen', 'connect_address', 'certfile', 'keyfile', 'keyfile_password', 'cafile']) {
    const v = get(`RESTAPI_${param.toUpperCase()}`)
    if (v !== undefined) section('restapi')[param] = v
  }
  const restUser = get('RESTAPI_USERNAME')
  const restPass = get('RESTAPI_PASSWORD')
  if (restUser !== undefined || restPass !== undefined) {
    section('restapi')['authentication'] = {
      ...(restUser !== undefined ? { username: restUser } : {}),
      ...(restPass !== undefined ? { password: restPass } : {}),
    }
  }

  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || raw === undefined || raw === '') continue
    const rest = name.slice(PREFIX.length)
    const cut = rest.indexOf('_')
    if (cut <= 0) continue
    const sectionName = rest.slice(0, cut)
    const suffix = rest.slice(cut + 1)
    if (RESERVED_SECTIONS.has(sectionName) || !SECTION_SUFFIXES.has(suffix)) continue
    let value: unknown = raw
    if (sectionName === 'CITUS') {
      if (suffix === 'GROUP') value = Number.parseInt(raw, 10)
      else if (suffix !== 'DATABASE') continue
    } else if (suffix === 'PORT') {
      value = Number.parseInt(raw, 10)
    } else if (LIST_SUFFIXES.has(suffix)) {
      value = parseList(raw)
    } else if (suffix === 'LABELS' || suffix === 'SET_ACLS') {
      value = parseDict(raw)
    } else if (BOOL_SUFFIXES.has(suffix)) {
      value = parseBool(raw)
    }
    if (value !== undefined && !(typeof value === 'number' && Number.isNaN(value))) {
      section(sectionName.toLowerCase())[suffix.toLowerCase()] = value
    }
  }

  for (const dcs of ['etcd', 'etcd3']) {
    if (!(dcs in out)) continue
    const user = get(`${dcs.toUpperCase()}_USERNAME`)
    const pass = get(`${dcs.toUpperCase()}_PASSWORD`)
    if (user !== undefined) section(dcs)['username'] = user
    if (pass !== undefined) section(dcs)['password'] = pass
  }

  for (const [k, v] of Object.entries(out)) if (Object.keys(v).length > 0) top[k] = v
  return top
}
