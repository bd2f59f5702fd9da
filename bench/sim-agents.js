// SIMULATED Patroni agents for the fleet benchmark (not Patroni): one process listening on `count` loopback ports,
// each answering a Patroni agent's health endpoints as a healthy member would. Member i of a cluster of three is the
// leader when i % 3 === 0 and streams to the two after it. Prints {"ports": [...], "control": port} on stdout; GET
// /stats on the control port answers how many connections were open at most at once (then resets the count).
import { createServer } from 'node:http'

const count = Number(process.argv[2] ?? '3')
let open = 0
let maxOpen = 0
let requests = 0

function answer(i, req, res) {
  requests++
  const leader = i % 3 === 0
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const state = {
    state: 'running',
    role: leader ? 'master' : 'replica',
    server_version: 150018,
    database_system_identifier: '7277694203142172922',
    patroni: { version: '3.0.2' },
  }
  switch (req.url) {
    case '/health':
      return send(200, state)
    case '/primary':
      return send(leader ? 200 : 503, state)
    case '/replica':
      return send(leader ? 503 : 200, state)
    case '/patroni':
      return send(200, {
        ...state,
        ...(leader
          ? {
              replication: [1, 2].map((k) => ({ application_name: `m${i + k}`, state: 'streaming' })),
            }
          : {}),
      })
    default:
      return send(404, {})
  }
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
}

const ports = []
for (let i = 0; i < count; i++) {
  const server = createServer((req, res) => answer(i, req, res))
  server.on('connection', (socket) => {
    open++
    maxOpen = Math.max(maxOpen, open)
    socket.on('close', () => open--)
  })
  ports.push(await listen(server))
}
const control = createServer((req, res) => {
  res.end(JSON.stringify({ maxOpen, open, requests }))
  maxOpen = open
  requests = 0
})
process.stdout.write(`${JSON.stringify({ ports, control: await listen(control) })}\n`)
