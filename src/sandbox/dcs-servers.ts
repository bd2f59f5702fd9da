import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Command line of a single-member etcd on loopback; the v2 API is on too, for Patroni's `etcd:` section. */
export function etcdCommand(
  dataDir: string,
  clientPort: number,
  peerPort: number,
): { command: string; args: string[] } {
  return {
    command: '/usr/bin/etcd',
    args: [
      '--name=sandbox',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=http://127.0.0.1:${clientPort}`,
      `--advertise-client-urls=http://127.0.0.1:${clientPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=sandbox=http://127.0.0.1:${peerPort}`,
      '--initial-cluster-state=new',
      '--enable-v2=true',
    ],
  }
}

/**
 * A standalone ZooKeeper (Debian `zookeeper`, run straight from its jar: no systemd here) listening on 127.0.0.1 only,
 * with the admin web server off (it would bind 0.0.0.0:8080).
 */
export function zookeeperCommand(dir: string, clientPort: number): { command: string; args: string[] } {
  const conf = join(dir, 'conf')
  mkdirSync(conf, { recursive: true })
  mkdirSync(join(dir, 'data'), { recursive: true })
  writeFileSync(
    join(conf, 'zoo.cfg'),
    [
      'tickTime=1000',
      'initLimit=10',
      'syncLimit=5',
      `dataDir=${join(dir, 'data')}`,
      `clientPort=${clientPort}`,
      'clientPortAddress=127.0.0.1',
      'admin.enableServer=false',
      'maxSessionTimeout=60000',
      '',
    ].join('\n'),
  )
  return {
    command: '/usr/bin/java',
    args: [
      '-Xmx256m',
      '-cp',
      `${conf}:/usr/share/java/zookeeper.jar`,
      'org.apache.zookeeper.server.quorum.QuorumPeerMain',
      join(conf, 'zoo.cfg'),
    ],
  }
}
