import { MemoryKvStore } from '../helpers/fakes.js'
import { kvStoreSemantics } from './kv-store-contract.js'

// the unit tests' in-memory store keeps the promises the real adapters keep
kvStoreSemantics('in-memory store of the unit tests', { live: async () => new MemoryKvStore(), lossless: true })
