// NestJS with @nestjs/swagger as its OpenAPI introduction sets it up (SwaggerModule.setup('api', app, document)),
// written in plain JavaScript: the decorators are applied by hand instead of by the TypeScript compiler.
// The defaults serve Swagger UI at /api and the document at /api-json and /api-yaml.
// Run: node main.js PORT
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { Module, Controller, Get, Post, Param, Body } = require('@nestjs/common');
const { SwaggerModule, DocumentBuilder } = require('@nestjs/swagger');

class CatsController {
  findAll() { return [{ id: 1, name: 'Tom' }]; }
  findOne(id) { return { id, name: 'Tom' }; }
  create(cat) { return cat; }
}
function decorate(method, decorators, params = []) {
  const descriptor = Object.getOwnPropertyDescriptor(CatsController.prototype, method);
  for (const d of decorators) d(CatsController.prototype, method, descriptor);
  params.forEach((p, i) => p(CatsController.prototype, method, i));
}
decorate('findAll', [Get()]);
decorate('findOne', [Get(':id')], [Param('id')]);
decorate('create', [Post()], [Body()]);
Controller('cats')(CatsController);

class OwnersController { list() { return []; } }
Get()(OwnersController.prototype, 'list', Object.getOwnPropertyDescriptor(OwnersController.prototype, 'list'));
Controller('owners')(OwnersController);

class AppModule {}
Module({ controllers: [CatsController, OwnersController] })(AppModule);

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { logger: false });
  const config = new DocumentBuilder().setTitle('Cats example').setVersion('1.0').build();
  SwaggerModule.setup('api', app, () => SwaggerModule.createDocument(app, config));
  await app.listen(Number(process.argv[2]), '127.0.0.1');
}
bootstrap().catch((e) => { console.error(e); process.exit(1); });
