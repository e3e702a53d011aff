// Express 4 with express-openapi as its getting-started guide sets it up: initialize() with the apiDoc (basePath /v1),
// the handlers of ./api-v1/paths and their service. express-openapi publishes the completed apiDoc at basePath +
// docsPath (/v1/api-docs by default). Nothing else is served: Express answers every other path "Cannot GET".
// Run: node app.js PORT
const path = require('path')
const express = require('express')
const { initialize } = require('express-openapi')

const app = express()
app.use(express.json())
initialize({
  app,
  apiDoc: require('./api-v1/api-doc'),
  dependencies: { worldsService: require('./api-v1/worldsService') },
  paths: path.join(__dirname, 'api-v1/paths')
})

app.listen(Number(process.argv[2]), '127.0.0.1')
