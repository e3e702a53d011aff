// GraphQL Yoga as its quick start sets it up: createYoga({ schema }) on Node's http server, every default kept
// (endpoint /graphql, GraphiQL for browsers, introspection). APITHREAT_SAFE=1 is the documented hardening:
// graphiql: false, maskedErrors (the default) and introspection disabled by a validation rule.
// Run: node server.js PORT
const { createServer } = require('node:http');
const { createSchema, createYoga } = require('graphql-yoga');
const { NoSchemaIntrospectionCustomRule } = require('graphql');

const books = [{ id: '1', title: 'Dune', author: 'Frank Herbert' }];
const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Book { id: ID!, title: String!, author: String }
    type Query { books: [Book!]!, book(id: ID!): Book }
    type Mutation { addBook(title: String!, author: String): Book! }
  `,
  resolvers: {
    Query: { books: () => books, book: (_, { id }) => books.find((b) => b.id === id) },
    Mutation: { addBook: (_, { title, author }) => ({ id: String(books.length + 1), title, author }) },
  },
});
const safe = process.env.APITHREAT_SAFE === '1';
const yoga = createYoga({
  schema,
  graphiql: !safe,
  plugins: safe ? [{ onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) }] : [],
});
createServer(yoga).listen(Number(process.argv[2]), '127.0.0.1');
