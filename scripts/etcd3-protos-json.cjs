// etcd3's .proto files as protobufjs JSON text, parsed as @grpc/proto-loader parses them (keepCase): what the etcd3
// chunk of the start-up bundle holds for scripts/etcd3-package-definition.cjs (used by scripts/bundle.mjs at build time).
const { createRequire } = require('node:module')
const path = require('node:path')

/** @param {string} root the checkout, whose node_modules hold etcd3 */
module.exports = function etcd3ProtosJson(root) {
  const require = createRequire(path.join(root, 'package.json'))
  const etcd3 = path.dirname(require.resolve('etcd3/package.json'))
  const protobuf = createRequire(require.resolve('@grpc/proto-loader'))('protobufjs')
  const protos = new protobuf.Root()
  protos.resolvePath = (/** @type {string} */ _origin, /** @type {string} */ target) =>
    target.startsWith('/') ? target : path.join(etcd3, 'proto', target)
  protos.loadSync(path.join(etcd3, 'proto', 'rpc.proto'), { keepCase: true })
  return JSON.stringify(protos.toJSON())
}
