import type { Command } from '@oclif/core'

import Check from './commands/check.js'
import CompletionFish from './commands/completion/fish.js'
import DemoteCluster from './commands/demote-cluster.js'
import Dsn from './commands/dsn.js'
import EditConfig from './commands/edit-config.js'
import Events from './commands/events.js'
import Failover from './commands/failover.js'
import Flush from './commands/flush.js'
import Haproxy from './commands/haproxy.js'
import History from './commands/history.js'
import List from './commands/list.js'
import Pause from './commands/pause.js'
import PromoteCluster from './commands/promote-cluster.js'
import Query from './commands/query.js'
import Reinit from './commands/reinit.js'
import Reload from './commands/reload.js'
import Remove from './commands/remove.js'
import Restart from './commands/restart.js'
import Resume from './commands/resume.js'
import SandboxDown from './commands/sandbox/down.js'
import SandboxStatus from './commands/sandbox/status.js'
import SandboxUp from './commands/sandbox/up.js'
import ShowConfig from './commands/show-config.js'
import Switchover from './commands/switchover.js'
import Topology from './commands/topology.js'
import Version from './commands/version.js'

/**
 * Every ptctl command by its oclif id, for the bundled start-up path (src/bundle-main.ts), which runs a command
 * without oclif looking it up on disk. A unit test checks it against the manifest.
 */
export const COMMANDS: Readonly<Record<string, typeof Command>> = {
  check: Check,
  'completion:fish': CompletionFish,
  'demote-cluster': DemoteCluster,
  dsn: Dsn,
  'edit-config': EditConfig,
  events: Events,
  failover: Failover,
  flush: Flush,
  haproxy: Haproxy,
  history: History,
  list: List,
  pause: Pause,
  'promote-cluster': PromoteCluster,
  query: Query,
  reinit: Reinit,
  reload: Reload,
  remove: Remove,
  restart: Restart,
  resume: Resume,
  'sandbox:down': SandboxDown,
  'sandbox:status': SandboxStatus,
  'sandbox:up': SandboxUp,
  'show-config': ShowConfig,
  switchover: Switchover,
  topology: Topology,
  version: Version,
}
