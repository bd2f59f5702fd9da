// The command lines of the start-up parity tests, with the DCS addresses they use.

// Nothing listens on port 1: every DCS named here fails fast and the same way.
export const DEAD = ['--timeout', '0.3']
export const ETCD3 = ['-d', 'etcd3://127.0.0.1:1', ...DEAD]

/**
 * Command lines that every way of starting ptctl must answer alike (the start-up bundle and the usual oclif start in
 * test/unit/bundle-parity.test.ts, the single executable and bin/run.js in test/packaged/parity.test.ts): the same
 * exit code, stdout and stderr, byte for byte. They cover the router of src/bundle-main.ts (help, topics, plugins,
 * misspellings, flags before the command) and the error paths of the argument and config layers.
 */
export const LINES: [string, string[], string?][] = [
  ['no arguments', []],
  ['root help', ['--help']],
  ['-h alone', ['-h']],
  ['help command', ['help', 'list']],
  ['misspelt command', ['lst']],
  ['misspelt topic command', ['sandbox', 'bogus']],
  ['topic', ['sandbox']],
  ['topic help', ['completion', '--help']],
  ['command help', ['list', '--help']],
  ['command -h', ['list', '-h']],
  ['subcommand help', ['sandbox', 'up', '--help']],
  ['plugin command', ['autocomplete', 'bash']],
  ['plugin help', ['autocomplete', '--help']],
  ['own completion', ['completion', 'fish']],
  ['--version', ['--version']],
  ['version --json', ['version', '--json']],
  ['missing config file', ['-c', '/nonexistent/patronictl.yaml', 'list']],
  ['global flags before the command', [...ETCD3, 'list', 'demo']],
  ['global flags after the command', ['list', 'demo', ...ETCD3, '-f', 'json']],
  ['ZooKeeper unreachable', ['show-config', '-d', 'zookeeper://127.0.0.1:1', ...DEAD, 'demo']],
  ['etcd v2 unreachable, JSON', ['topology', '--json', '-d', 'etcd://127.0.0.1:1', ...DEAD, 'demo']],
  ['bad format', ['list', '-f', 'bogus', 'demo']],
  ['unknown flag', ['list', '--bogus']],
  ['flag without its value', ['switchover', '--force', '--candidate']],
  ['repeated single flag', ['switchover', ...ETCD3, '--candidate', 'a', '--candidate', 'b', '--force', 'demo']],
  ['no cluster name', ['check', ...ETCD3]],
  ['check --all', ['check', '--all', ...ETCD3]],
  ['query without SQL', ['query', ...ETCD3, 'demo']],
  ['dsn --uri', ['dsn', '--uri', ...ETCD3, 'demo']],
  ['edit-config from stdin', ['edit-config', ...ETCD3, '--apply', '-', '--force', 'demo'], 'ttl: 30\n'],
  ['piped stdin is not an argument', ['list', ...ETCD3], 'demo\n'],
  ['remove without confirmation', ['remove', ...ETCD3, 'demo'], 'demo\n'],
]
