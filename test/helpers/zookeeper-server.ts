import { zookeeperCommand } from '../../src/sandbox/dcs-servers.js'
import { freePorts } from '../../src/sandbox/ports.js'
import { startServer, type ServerProcess } from './server-process.js'
import { tempDir } from './leftovers.js'

/** A real ZooKeeper 3.8 (Debian) on a free loopback port, stopped by its PID. */
export async function startZooKeeper(): Promise<ServerProcess> {
  const [port = 0] = await freePorts(1)
  const dir = tempDir('ptctl-zk-')
  const { command, args } = zookeeperCommand(dir, port)
  return startServer(command, args, port, dir, 60_000)
}
