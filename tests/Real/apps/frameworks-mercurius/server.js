// Fastify with Mercurius as its README sets it up: app.register(mercurius, { schema, resolvers, graphiql: true })
// (GraphQL at /graphql, GraphiQL at /graphiql, introspection on). APITHREAT_SAFE=1 keeps GraphiQL off (its default) and
// refuses introspection with graphql-js's own validation rule (mercurius's validationRules option).
// Run: node server.js PORT
const Fastify = require('fastify');
const mercurius = require('mercurius');
const { NoSchemaIntrospectionCustomRule } = require('graphql');

const app = Fastify();
const schema = `
  type Recipe { id: ID!, name: String! }
  type Query { recipes: [Recipe!]!, recipe(id: ID!): Recipe, add(x: Int, y: Int): Int }
  type Mutation { addRecipe(name: String!): Recipe! }
`;
const recipes = [{ id: '1', name: 'Bread' }];
const resolvers = {
  Query: { recipes: async () => recipes, recipe: async (_, { id }) => recipes.find((r) => r.id === id), add: async (_, { x, y }) => x + y },
  Mutation: { addRecipe: async (_, { name }) => ({ id: '2', name }) },
};
const safe = process.env.APITHREAT_SAFE === '1';
app.register(mercurius, { schema, resolvers, graphiql: !safe, validationRules: safe ? [NoSchemaIntrospectionCustomRule] : [] });
app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
