// Fortune.js's documented HTTP set-up (fortune-http with the fortune-json-api serializer) on its in-memory adapter: a
// JSON:API server whose root lists every type under "links" and whose resources link to their items and relations.
// Run: node server.js PORT
const http = require('http')
const fortune = require('fortune')
const fortuneHTTP = require('fortune-http')
const jsonApiSerializer = require('fortune-json-api')

const store = fortune({
  user: { name: String, posts: [Array('post'), 'author'] },
  post: { title: String, author: ['user', 'posts'] }
})
const listener = fortuneHTTP(store, { serializers: [[jsonApiSerializer]] })
const server = http.createServer((req, res) => listener(req, res).catch(() => {}))

store.connect()
  .then(() => store.create('user', [{ id: 1, name: 'Ada' }]))
  .then(() => store.create('post', [{ id: 1, title: 'Hello', author: 1 }]))
  .then(() => server.listen(Number(process.argv[2]), '127.0.0.1'))
