<?php
// A tutorial-style PHP page with the classic bug: a variable read before it is set. With display_errors on (the
// developer's php.ini), PHP prints the warning, with the script's path, into the page.
$greeting = "Hello, " . $name;
header("Content-Type: text/html; charset=utf-8");
echo "<!doctype html><html><head><title>Shop</title></head><body><h1>" . htmlspecialchars($greeting) . "</h1></body></html>";
