/**
 * Seed data, where `sails new` puts it (config/bootstrap.js runs before Sails serves):
 * https://sailsjs.com/documentation/reference/configuration/sails-config-bootstrap
 */
module.exports.bootstrap = async function () {
  if (await User.count() > 0) { return; }
  await User.createEach([{ fullName: 'Ada' }, { fullName: 'Grace' }]);
};
