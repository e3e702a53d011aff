# The plain twin: a Mojolicious::Lite website (two templated pages linking each other, a stylesheet) with no API, run
# in production mode (MOJO_MODE=production): Mojolicious answers, but nothing here is an API.
# Run: MOJO_MODE=production perl site.pl daemon -l http://127.0.0.1:PORT
use Mojolicious::Lite -signatures;

get '/'      => 'index';
get '/about' => 'about';

app->start;

__DATA__
@@ index.html.ep
% layout 'default';
% title 'Harbour Bakery';
<h1>Harbour Bakery</h1>
<p>Fresh bread every morning. <a href="/about">About us</a></p>

@@ about.html.ep
% layout 'default';
% title 'About';
<h1>About</h1>
<p>Baking since 1987. <a href="/">Home</a></p>

@@ layouts/default.html.ep
<!DOCTYPE html>
<html>
  <head><title><%= title %></title><link rel="stylesheet" href="/site.css"></head>
  <body><%= content %></body>
</html>

@@ site.css
body { font-family: serif; }
