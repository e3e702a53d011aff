// Express with graphql-http as its README sets it up: app.all('/graphql', createHandler({ schema })).
// Run: node server.js PORT
const express = require('express');
const { createHandler } = require('graphql-http/lib/use/express');
const { buildSchema } = require('graphql');

const schema = buildSchema(`
  type Query { hello: String, stock(sku: String!): Int }
  type Mutation { restock(sku: String!, count: Int!): Int }
`);
const rootValue = { hello: () => 'world', stock: () => 3, restock: ({ count }) => count };
const app = express();
app.all('/graphql', createHandler({ schema, rootValue }));
app.listen(Number(process.argv[2]), '127.0.0.1');
