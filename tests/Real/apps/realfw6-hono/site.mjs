// The plain twin: a Hono website on Node.js (two HTML pages linking each other) with no API and no OpenAPI add-on.
// Hono still answers unknown paths with its plain-text "404 Not Found".
// Run: node site.mjs PORT
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const page = (title, body) => `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`

const app = new Hono()
app.get('/', (c) => c.html(page('Harbour Bakery', '<h1>Harbour Bakery</h1><p>Fresh bread every morning. <a href="/about">About us</a></p>')))
app.get('/about', (c) => c.html(page('About', '<h1>About</h1><p>Baking since 1987. <a href="/">Home</a></p>')))

serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: '127.0.0.1' })
