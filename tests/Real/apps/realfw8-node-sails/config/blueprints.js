/**
 * Blueprint API configuration, as `sails new` writes config/blueprints.js: every option commented out, so Sails' defaults
 * hold (actions off, rest on, shortcuts on). The generated config/env/production.js turns shortcuts off, the documented
 * safe setting; run.sh's MODE safe gives it as Sails' environment variable sails_blueprints__shortcuts=false
 * (https://sailsjs.com/documentation/reference/configuration/sails-config-blueprints).
 */
module.exports.blueprints = {
  // actions: false,
  // rest: true,
  // shortcuts: true,
};
