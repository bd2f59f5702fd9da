// Bundled into the etcd3 chunk by scripts/bundle.mjs, in place of etcd3's call to @grpc/proto-loader's loadSync:
// the same gRPC package definition (paths, stream flags, (de)serialisers with etcd3's options, camel-cased method
// aliases), built from etcd3's protos as protobufjs JSON made at build time and held in the chunk. What it leaves out is what only a gRPC
// server's reflection uses: the encoded file descriptors of every message, which proto-loader computes eagerly
// (≈ 20 ms at every start), and the eager code generation of every message type (protobufjs does it on first use).
const camelCase = require('lodash.camelcase')
const protobuf = require('protobufjs')

/** What proto-loader's serialiser does: an object checked and encoded by its message type. */
const serializer = (type) => (arg) => {
  if (Array.isArray(arg))
    throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`)
  return type.encode(type.fromObject(arg)).finish()
}
const deserializer = (type, options) => (buffer) => type.toObject(type.decode(buffer), options)

function serviceDefinition(service, fullName, options) {
  const definition = {}
  for (const method of service.methodsArray) {
    method.resolve()
    const request = method.resolvedRequestType
    const response = method.resolvedResponseType
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request, options),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response, options),
      originalName: camelCase(method.name),
    }
  }
  return definition
}

/** Every service under `namespace`, by its full name (`etcdserverpb.KV`), as proto-loader names them. */
function servicesOf(namespace, prefix, options, out) {
  for (const nested of namespace.nestedArray) {
    const fullName = prefix ? `${prefix}.${nested.name}` : nested.name
    if (nested instanceof protobuf.Service) out[fullName] = serviceDefinition(nested, fullName, options)
    else if (nested instanceof protobuf.Namespace && !(nested instanceof protobuf.Type))
      servicesOf(nested, fullName, options, out)
  }
  return out
}

/** The client definition from the protos as protobufjs JSON text (held by the chunk itself: no file is read). */
module.exports = function etcd3PackageDefinition(jsonText, options) {
  const root = protobuf.Root.fromJSON(JSON.parse(jsonText))
  return servicesOf(root, '', options, {})
}
