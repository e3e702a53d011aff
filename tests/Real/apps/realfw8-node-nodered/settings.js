// Copied by run.sh into Node-RED's user directory, where `node-red -u DIR` reads it. Node-RED's own default settings file
// (the settings.js that `node-red` copies into a new user directory; NODE_RED_HOME is its package folder), changed only
// where the tests must: the editor and Admin API on 127.0.0.1 (its default is every interface) and telemetry off (no
// update check leaves the machine). With APITHREAT_NODERED_HASH set (a bcrypt hash, made by run.sh), adminAuth as
// https://nodered.org/docs/user-guide/runtime/securing-node-red#editor--admin-api-security sets it: one user, every
// permission, the "credentials" strategy.
const defaults = require(require('path').join(process.env.NODE_RED_HOME, 'settings.js'));

const settings = Object.assign({}, defaults, {
    uiHost: '127.0.0.1',
    telemetry: { enabled: false, updateNotification: false },
});
if (process.env.APITHREAT_NODERED_HASH) {
    settings.adminAuth = {
        type: 'credentials',
        users: [{ username: 'admin', password: process.env.APITHREAT_NODERED_HASH, permissions: '*' }],
    };
}
module.exports = settings;
