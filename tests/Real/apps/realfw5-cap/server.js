// CAP loads a project's server.js before it serves (capire: "Custom server.js"); this one only keeps the server on
// loopback, since cds.server calls app.listen(port) on every interface.
const cds = require('@sap/cds')

cds.on('bootstrap', app => {
  const listen = app.listen.bind(app)
  app.listen = port => listen(port, '127.0.0.1')
})

module.exports = cds.server
