// Apollo Server 4+/5 with startStandaloneServer, as its getting-started guide: GraphQL served at the root path.
// Run: node server.js PORT
const { ApolloServer } = require('@apollo/server');
const { startStandaloneServer } = require('@apollo/server/standalone');

const typeDefs = `#graphql
  type Book { title: String, author: String }
  type Query { books: [Book], book(title: String!): Book }
  type Mutation { addBook(title: String!, author: String): Book }
`;
const books = [{ title: 'The Awakening', author: 'Kate Chopin' }];
const resolvers = {
  Query: { books: () => books, book: (_, { title }) => books.find((b) => b.title === title) },
  Mutation: { addBook: (_, b) => b },
};

startStandaloneServer(new ApolloServer({ typeDefs, resolvers }), { listen: { port: Number(process.argv[2]), host: '127.0.0.1' } })
  .catch((e) => { console.error(e); process.exit(1); });
