import { createRequire } from 'node:module'

import type * as YamlNamespace from 'yaml'
import type { DocumentOptions, ParseOptions, ScalarTag, SchemaOptions, Tags } from 'yaml'

/**
 * The `yaml` package, loaded on first use: commands that read no config file and print no YAML (`version`,
 * `--help`) never pay for it. It is CommonJS for Node, so a synchronous require keeps callers simple.
 */
export function yamlModule(): typeof YamlNamespace {
  return createRequire(import.meta.url)('yaml') as typeof YamlNamespace
}

// PyYAML's resolver knows yes/no/true/false/on/off but, unlike YAML 1.1, not y/n: those stay strings
const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/

function pyyamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:bool' || 'collection' in tag) return tag
    const scalar = tag
    const isTrue = scalar.test?.test('true') ?? false
    const replaced: ScalarTag = { ...scalar, test: isTrue ? PYYAML_TRUE : PYYAML_FALSE }
    return replaced
  })
}

/** YAML 1.1 as PyYAML resolves it: what Patroni and patronictl read and write. */
export const PYYAML_OPTIONS: DocumentOptions & SchemaOptions & ParseOptions = {
  version: '1.1',
  customTags: pyyamlTags,
}

/** Throws when a value contains itself (a YAML alias pointing into its own anchor): it could never be JSON. */
function checkAcyclic(value: unknown, ancestors: Set<unknown> = new Set()): void {
  if (typeof value !== 'object' || value === null) return
  if (ancestors.has(value)) throw new Error('a recursive alias (an anchor that contains itself)')
  ancestors.add(value)
  for (const child of Array.isArray(value) ? value : Object.values(value)) checkAcyclic(child, ancestors)
  ancestors.delete(value)
}

/** Parses YAML the way Patroni's yaml.safe_load does; a document that contains itself is refused. */
export function parsePyYaml(text: string): unknown {
  const value = yamlModule().parse(text, PYYAML_OPTIONS) as unknown
  checkAcyclic(value)
  return value
}
