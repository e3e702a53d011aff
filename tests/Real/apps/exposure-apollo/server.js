// Apollo Server 4's getting-started server, unchanged but for the port. In development (NODE_ENV unset) its
// landing page embeds Apollo Sandbox and introspection is on; with NODE_ENV=production both are off.
// Usage: node server.js <port>
const { ApolloServer } = require('@apollo/server');
const { startStandaloneServer } = require('@apollo/server/standalone');

const typeDefs = `#graphql
  type Book { title: String, author: String }
  type Query { books: [Book] }
`;
const books = [{ title: 'The Awakening', author: 'Kate Chopin' }, { title: 'City of Glass', author: 'Paul Auster' }];
const resolvers = { Query: { books: () => books } };

const server = new ApolloServer({ typeDefs, resolvers });
startStandaloneServer(server, { listen: { port: Number(process.argv[2] || 4000), host: '127.0.0.1' } })
  .then(({ url }) => console.log(`Server ready at ${url} (${process.env.NODE_ENV || 'development'})`));
