<?php
// Slim 3's "First Application Walkthrough" routes (GET/POST on a resource, JSON through Response::withJson), run by
// PHP's built-in server as the walkthrough does ("php -S localhost:8080"):
// https://www.slimframework.com/docs/v3/tutorial/first-app.html and https://www.slimframework.com/docs/v3/objects/response.html#returning-json
// Debian's php-slim installs Slim 3 with its own autoloader. Run: php -S 127.0.0.1:PORT index.php
require '/usr/share/php/Slim/autoload.php';

use Psr\Http\Message\ResponseInterface as Response;
use Psr\Http\Message\ServerRequestInterface as Request;

$tickets = [['id' => 1, 'title' => 'Printer jam'], ['id' => 2, 'title' => 'VPN down']];
$app = new \Slim\App(['settings' => ['displayErrorDetails' => getenv('SLIM_DISPLAY_ERRORS') === '1']]);

$app->get('/hello/{name}', function (Request $request, Response $response, array $args) {
    $response->getBody()->write('Hello, ' . htmlspecialchars($args['name']));
    return $response;
});
$app->get('/tickets', function (Request $request, Response $response) use ($tickets) {
    return $response->withJson($tickets);
});
$app->get('/ticket/{id}', function (Request $request, Response $response, array $args) use ($tickets) {
    foreach ($tickets as $t) {
        if ((string) $t['id'] === $args['id']) {
            return $response->withJson($t);
        }
    }
    return $response->withJson(['error' => 'not found'], 404);
});
$app->post('/ticket/new', function (Request $request, Response $response) {
    return $response->withJson(['id' => 3], 201);
});
$app->run();
