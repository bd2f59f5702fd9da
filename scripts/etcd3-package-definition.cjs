// Bundled into the etcd3 chunk by scripts/bundle.mjs, in place of etcd3's call to @grpc/proto-loader's loadSync:
// the same gRPC package definition (paths, stream flags, (de)serialisers with etcd3's options, camel-cased method
// aliases), built from etcd3's protos as protobufjs JSON made at build time and held in the chunk. What it leaves out
// is what only a gRPC server's reflection uses: the encoded file descriptors of every message, which proto-loader computes eagerly
// (≈ 20 ms at every start), and the eager code generation of every message type (protobufjs does it on first use).
/** @type {(s: string) => string} */
// @ts-expect-error lodash.camelcase has no types of its own (it is @grpc/proto-loader's dependency, not ours)
const camelCase = require('lodash.camelcase')
const protobuf = require('protobufjs')

/** @typedef {import('protobufjs').IConversionOptions} Options */
/** @typedef {{ path: string, requestStream: boolean, responseStream: boolean, originalName: string, requestSerialize(o: object): Uint8Array, requestDeserialize(b: Uint8Array): object, responseSerialize(o: object): Uint8Array, responseDeserialize(b: Uint8Array): object }} MethodDefinition */

/** What proto-loader's serialiser does: an object checked and encoded by its message type. */
const serializer = (/** @type {import('protobufjs').Type} */ type) => (/** @type {object} */ arg) => {
  if (Array.isArray(arg))
    throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`)
  return type.encode(type.fromObject(arg)).finish()
}
/**
 * @param {import('protobufjs').Type} type
 * @param {Options} options
 */
const deserializer = (type, options) => (/** @type {Uint8Array} */ buffer) =>
  type.toObject(type.decode(buffer), options)

/**
 * @param {import('protobufjs').Service} service
 * @param {string} fullName
 * @param {Options} options
 */
function serviceDefinition(service, fullName, options) {
  /** @type {Record<string, MethodDefinition>} */
  const definition = {}
  for (const method of service.methodsArray) {
    method.resolve()
    const request = method.resolvedRequestType
    const response = method.resolvedResponseType
    if (!request || !response)
      throw new Error(`etcd3's ${fullName}.${method.name} names a message type it does not define`)
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
/**
 * @param {import('protobufjs').NamespaceBase} namespace
 * @param {string} prefix
 * @param {Options} options
 * @param {Record<string, Record<string, MethodDefinition>>} out
 */
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
/**
 * @param {string} jsonText
 * @param {Options} options
 */
module.exports = function etcd3PackageDefinition(jsonText, options) {
  const root = protobuf.Root.fromJSON(JSON.parse(jsonText))
  return servicesOf(root, '', options, {})
}
