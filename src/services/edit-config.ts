import { configProblems, editConfig } from '../cluster/config-edit.js'
import { isPlainObject, type PlainObject } from '../patch-config.js'
import { ActionError, UsageError, VersionConflictError } from '../errors.js'
import { pythonYamlDump } from '../output/python-yaml.js'
import { unifiedDiff } from '../output/unified-diff.js'
import { parsePyYaml } from '../pyyaml.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

export interface EditConfigOptions {
  readonly scope: string
  readonly set: readonly string[]
  readonly pg: readonly string[]
  /** text of --apply / --replace, already read (file or stdin) */
  readonly apply?: { readonly text: string; readonly source: string }
  readonly replace?: { readonly text: string; readonly source: string }
  readonly quiet: boolean
  readonly force: boolean
  /** opens the YAML in $EDITOR and returns the edited text (only when no change option is given) */
  readonly edit?: (yaml: string) => Promise<string>
  /** the Citus group whose config is edited */
  readonly group?: number
}

export interface EditConfigResult {
  readonly cluster: string
  readonly changed: boolean
  readonly diff: string
  readonly config: PlainObject
}

function mapping(text: string, source: string): PlainObject {
  let doc: unknown
  try {
    doc = parsePyYaml(text)
  } catch (e) {
    throw new UsageError(`${source} is not valid YAML: ${(e as Error).message.split('\n')[0] ?? ''}`)
  }
  // an empty document would replace the whole configuration with {} (or null): never what was meant
  if (doc === null || doc === undefined) throw new UsageError(`${source} is empty: nothing written`)
  if (!isPlainObject(doc)) throw new UsageError(`${source} must hold a YAML mapping: nothing written`)
  return doc
}

/**
 * patronictl's edit-config: build the new config, show the diff, confirm, then write it with compare-and-set on the
 * version that was read, so a concurrent change is never overwritten. ptctl also refuses configs Patroni would
 * choke on (see configProblems).
 */
export async function editClusterConfig(deps: ActionDeps, o: EditConfigOptions): Promise<EditConfigResult> {
  const cluster = await readCluster(deps.dcs, o.scope, {
    missing: deps.conduct.missingCluster,
    ...(o.group !== undefined ? { group: o.group } : {}),
  })
  if (!cluster.config) throw new ActionError(`The config key does not exist in the cluster ${o.scope}`)
  const current = cluster.config.value as PlainObject
  const before = pythonYamlDump(current)
  const hasEdits = o.set.length > 0 || o.pg.length > 0 || o.apply !== undefined || o.replace !== undefined
  let next: PlainObject
  if (hasEdits) {
    next = editConfig(current, {
      ...(o.replace ? { replace: mapping(o.replace.text, o.replace.source) } : {}),
      ...(o.apply ? { apply: mapping(o.apply.text, o.apply.source) } : {}),
      set: o.set,
      pg: o.pg,
    })
  } else {
    if (!o.edit)
      throw new UsageError(
        'Nothing to change: give -s/--set, -p/--pg, --apply or --replace (no terminal for an editor)',
      )
    next = mapping(await o.edit(before), 'the edited configuration')
  }
  const after = pythonYamlDump(next)
  if (after === before) {
    if (!o.quiet) deps.report('Not changed')
    return { cluster: o.scope, changed: false, diff: '', config: current }
  }
  const problems = configProblems(next)
  if (problems.errors.length > 0) throw new UsageError(`Refusing the new configuration: ${problems.errors.join('; ')}`)
  for (const w of problems.warnings) deps.note(`Warning: ${w}`)
  const diff = unifiedDiff(before, after)
  if (!o.quiet) deps.report(diff)
  const fromStdin = o.apply?.source === 'stdin' || o.replace?.source === 'stdin'
  if (!o.force) {
    // stdin held the configuration, so it cannot hold the answer too: the diff was the point, nothing is written
    // and it is not a failure (patronictl exits 0 here; scripts show a change this way before making it)
    if (fromStdin) {
      deps.report('Use --force option to apply changes')
      return { cluster: o.scope, changed: false, diff, config: current }
    }
    if (!(await deps.prompt.confirm({ message: 'Apply these changes?', flag: '--force' }))) {
      // patronictl ends here silently with exit 0: the user chose not to apply
      deps.note('Not applied: the configuration is unchanged')
      return { cluster: o.scope, changed: false, diff, config: current }
    }
  }
  try {
    await deps.dcs.setConfig(cluster, next, cluster.config.version)
  } catch (e) {
    if (e instanceof VersionConflictError) {
      throw Object.assign(new VersionConflictError(e.key), {
        message: 'Config modification aborted due to concurrent changes',
      })
    }
    throw e
  }
  // -q hides the diff and "Not changed" only; scripts grep for this line
  deps.report('Configuration changed')
  return { cluster: o.scope, changed: true, diff, config: next }
}
