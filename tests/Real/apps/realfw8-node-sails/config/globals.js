/**
 * Global variables, as `sails new` writes config/globals.js (without Lodash as a global, which this app does not use):
 * https://sailsjs.com/documentation/reference/configuration/sails-config-globals
 */
module.exports.globals = {
  _: false,
  async: false,
  models: true,
  sails: true,
};
