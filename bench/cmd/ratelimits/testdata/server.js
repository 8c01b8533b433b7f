// A server behind express-rate-limit, as its README configures it, announcing its
// quota in the fields of draft-ietf-httpapi-ratelimit-headers-08 (RateLimit and
// RateLimit-Policy). It listens on a loopback port of its own and prints
// "listening PORT" once it does. LIMIT requests per WINDOW_MS for each client address.
const express = require('express')
const { rateLimit } = require('express-rate-limit')

const app = express()
app.use(rateLimit({
  windowMs: Number(process.env.WINDOW_MS || 1000),
  limit: Number(process.env.LIMIT || 40),
  standardHeaders: 'draft-8',
  legacyHeaders: false,
}))
app.get('/item', (req, res) => res.json({ ok: true }))

const server = app.listen(0, '127.0.0.1', () => {
  console.log('listening ' + server.address().port)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
