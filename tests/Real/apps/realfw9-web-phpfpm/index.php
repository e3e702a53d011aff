<?php
// The shop's front page, served through PHP-FPM.
header('Content-Type: text/html; charset=utf-8');
echo '<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1><p>Welcome.</p></body></html>';
