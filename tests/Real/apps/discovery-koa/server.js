// Koa with @koa/router and koa-static: the usual small single-page app. public/ holds the page and its script,
// which calls the JSON API under /api; nothing lists the API anywhere else.
// Run: node server.js PORT
const Koa = require('koa');
const Router = require('@koa/router');
const serve = require('koa-static');
const path = require('path');

const app = new Koa();
const router = new Router({ prefix: '/api' });
const notes = [{ id: 1, text: 'buy milk' }];
router.get('/notes', (ctx) => { ctx.body = notes; });
router.post('/notes', (ctx) => { ctx.status = 201; ctx.body = { id: 2 }; });
router.get('/notes/:id', (ctx) => { ctx.body = notes[0]; });
router.get('/session', (ctx) => { ctx.body = { user: null }; });
app.use(router.routes()).use(router.allowedMethods());
app.use(serve(path.join(__dirname, 'public')));
app.listen(Number(process.argv[2]), '127.0.0.1');
