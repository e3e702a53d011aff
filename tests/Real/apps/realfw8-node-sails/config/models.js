/**
 * Model settings, as `sails new` writes config/models.js: the conventional id and timestamps, and migrate 'alter' for
 * development (https://sailsjs.com/documentation/reference/configuration/sails-config-models).
 */
module.exports.models = {
  migrate: 'alter',
  attributes: {
    createdAt: { type: 'number', autoCreatedAt: true },
    updatedAt: { type: 'number', autoUpdatedAt: true },
    id: { type: 'number', autoIncrement: true },
  },
  cascadeOnDestroy: true,
};
