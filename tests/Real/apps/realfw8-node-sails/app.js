/**
 * app.js, as `sails new --no-frontend` writes it, lifting Sails from this folder. The port and address come from
 * run.sh (sails_port, sails_explicitHost: Sails' environment-variable configuration). No frontend: no Grunt, no views;
 * the sockets hook (sails-hook-sockets) is not installed, as in an HTTP-only API.
 */
process.chdir(__dirname);
const sails = require('sails');
const rc = require('sails/accessible/rc');
sails.lift(Object.assign(rc('sails'), { hooks: { grunt: false, views: false } }), (err) => {
  if (err) { console.error(err); process.exit(1); }
  console.log('apithreat-ready: Sails lifted');
});
