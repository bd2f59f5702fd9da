export type PlainObject = Record<string, unknown>

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Deep-merges `patch` into a copy of `base` the way Patroni's patch_config does:
 * nested objects merge, anything else replaces, and `null` deletes the key.
 */
export function patchConfig(base: PlainObject, patch: PlainObject): PlainObject {
  const result: PlainObject = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key]
    } else if (isPlainObject(value) && isPlainObject(result[key])) {
      result[key] = patchConfig(result[key], value)
    } else {
      result[key] = value
    }
  }
  return result
}
