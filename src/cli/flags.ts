import { Flags } from '@oclif/core'

import { OUTPUT_FORMATS } from '../output/table.js'
import { CTL_ROLES } from '../cluster/select.js'
import { LAYOUTS } from '../cluster/generation.js'

/**
 * Flags every command accepts, before or after the command name. `query` has its own -c (SQL) and -d (database),
 * as in patronictl, so there the global ones are long-only (and `ptctl -c FILE query -c SQL` still works: leading
 * global flags are rewritten to their long names).
 */
export const globalFlagsFor = (shortNames: boolean) => ({
  'config-file': Flags.string({
    ...(shortNames ? { char: 'c' as const } : {}),
    description:
      'Configuration file or directory (default: $PATRONICTL_CONFIG_FILE or ~/.config/patroni/patronictl.yaml)',
    helpGroup: 'GLOBAL',
  }),
  'dcs-url': Flags.string({
    ...(shortNames ? { char: 'd' as const } : {}),
    aliases: ['dcs'],
    description: 'The DCS connect url (also --dcs), e.g. etcd3://127.0.0.1:2379,127.0.0.2:2379/service',
    helpGroup: 'GLOBAL',
  }),
  insecure: Flags.boolean({
    char: 'k',
    description: 'Allow connections to SSL sites without certs',
    helpGroup: 'GLOBAL',
  }),
  timeout: Flags.string({
    description: 'Seconds to wait for each DCS or REST call before giving up (default 5, or ctl.timeout)',
    helpGroup: 'GLOBAL',
  }),
  'request-timeout': Flags.string({
    description: "Same as --timeout (for restart, whose --timeout is patronictl's PostgreSQL restart timeout)",
    helpGroup: 'GLOBAL',
  }),
  json: Flags.boolean({ description: 'Print one JSON document on stdout', helpGroup: 'GLOBAL' }),
})

export const globalFlags = globalFlagsFor(true)

/**
 * -f/--format: checked by the command (cli/output-format.ts), not by the parser: the patronictl of a Patroni 3.0
 * cluster takes any text there, and which patronictl answers is known only once the cluster is read.
 */
export const formatFlag = Flags.string({
  char: 'f',
  description: 'Output format',
  // the choices, for help and completion, without oclif's own check of them
  helpValue: OUTPUT_FORMATS.join('|'),
  default: 'pretty',
})

export const groupFlag = Flags.integer({ description: 'Citus group', min: 0 })

export const roleFlag = (description: string, defaultRole?: string) =>
  Flags.string({
    char: 'r',
    description,
    options: [...CTL_ROLES],
    ...(defaultRole !== undefined ? { default: defaultRole } : {}),
  })

export const watchFlags = {
  W: Flags.boolean({ char: 'W', description: 'Auto update the screen every 2 seconds' }),
  watch: Flags.string({ char: 'w', description: 'Auto update the screen every X seconds' }),
}

/** The list/topology shape of a Patroni generation, whatever the members run (also `ctl.layout`). */
export const layoutFlag = Flags.string({
  description:
    'Table shape of this Patroni generation: 3 and 4.0 show Lag in MB, 4.1 the LSN columns (default: what the members run)',
  options: [...LAYOUTS],
})

/** `list --live` / `topology --live`: the leader's PostgreSQL joined in, logged in to as `query` does. */
export const liveFlags = {
  live: Flags.boolean({
    description: "Join what the leader's PostgreSQL says now: replication state, lags, bytes behind, slots, archiver",
  }),
  username: Flags.string({ char: 'U', description: 'database user name (--live)' }),
  password: Flags.boolean({ description: 'force password prompt (--live)' }),
  // no -d: on list and topology it is the global -d/--dcs-url, as in patronictl
  dbname: Flags.string({ description: 'database name to connect to (--live)' }),
}
