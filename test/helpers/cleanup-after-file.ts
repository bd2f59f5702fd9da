import { afterAll } from 'vitest'

import { cleanUpAll } from './leftovers.js'

// every test file, whatever happened in it: what it started and the folders it made are removed when it ends
afterAll(cleanUpAll)
