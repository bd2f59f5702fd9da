// Preloaded with `node -r` by the start-up test: on exit, writes the Node built-in modules the process loaded to
// stderr. Inside the start-up bundle npm packages are not files, so the built-ins they pull in (http2 and tls for
// gRPC and undici) show whether their code ran.
const { writeSync } = require('node:fs')
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13))
  writeSync(2, `\nBUILTINS ${JSON.stringify(builtins)}\n`)
})
