// Hono 4 on Node.js with @hono/zod-openapi and @hono/swagger-ui as Hono's "Zod OpenAPI" and "Swagger UI" examples set
// them up: routes declared with createRoute, the OpenAPI document served by app.doc('/doc'), Swagger UI at /ui naming
// it. Hono answers unknown paths with its default plain-text "404 Not Found".
// Run: node server.mjs PORT
import { serve } from '@hono/node-server'
import { swaggerUI } from '@hono/swagger-ui'
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'

const books = [{ id: '1', title: 'Dune' }, { id: '2', title: 'Emma' }]

const Book = z.object({ id: z.string().openapi({ example: '1' }), title: z.string() }).openapi('Book')
const Params = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '1' }) })
const NewBook = z.object({ title: z.string() })

const app = new OpenAPIHono()

app.openapi(createRoute({ method: 'get', path: '/books', responses: { 200: { content: { 'application/json': { schema: z.array(Book) } }, description: 'The books' } } }),
  (c) => c.json(books, 200))

app.openapi(createRoute({ method: 'post', path: '/books', request: { body: { content: { 'application/json': { schema: NewBook } } } },
  responses: { 201: { content: { 'application/json': { schema: Book } }, description: 'The book created' } } }),
  (c) => { const book = { id: String(books.length + 1), title: c.req.valid('json').title }; books.push(book); return c.json(book, 201) })

app.openapi(createRoute({ method: 'get', path: '/books/{id}', request: { params: Params },
  responses: { 200: { content: { 'application/json': { schema: Book } }, description: 'One book' }, 404: { description: 'No such book' } } }),
  (c) => { const book = books.find((b) => b.id === c.req.valid('param').id); return book ? c.json(book, 200) : c.body(null, 404) })

app.doc('/doc', { openapi: '3.0.0', info: { version: '1.0.0', title: 'Bookshelf API' } })
app.get('/ui', swaggerUI({ url: '/doc' }))

serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: '127.0.0.1' })
