/**
 * User.js: the model every Sails app starts from (https://sailsjs.com/documentation/concepts/models-and-orm/models),
 * here with a display name only. With blueprints at their defaults, Sails serves REST routes for it (GET/POST /user,
 * GET/PATCH/DELETE /user/:id) and, in development, the shortcut routes GET /user/find, /user/create,
 * /user/update/:id, /user/destroy/:id (https://sailsjs.com/documentation/reference/blueprint-api#?shortcut-blueprint-routes).
 */
module.exports = {
  attributes: {
    fullName: { type: 'string', required: true },
  },
};
