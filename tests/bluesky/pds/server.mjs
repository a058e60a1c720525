// A real Bluesky PDS with an in-memory did:plc directory, for the publishing tests.
// The environment gives the ports and secrets (see tests/bluesky_server.py); prints READY when both listen,
// and stops both on SIGTERM.
import * as plc from '@did-plc/server'
import { PDS, envToCfg, envToSecrets, readEnv } from '@atproto/pds'

const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: Number(process.env.PLC_PORT) })
await plcServer.start()
const env = readEnv()
env.version = env.version || '0.0.0-test'
const pds = await PDS.create(envToCfg(env), envToSecrets(env))
await pds.start()
console.log(`READY ${process.env.PDS_PORT}`)

process.on('SIGTERM', async () => {
  await pds.destroy()
  await plcServer.destroy()
  process.exit(0)
})
