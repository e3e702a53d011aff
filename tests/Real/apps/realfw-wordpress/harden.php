<?php
/*
 * Plugin Name: Hardening (must-use)
 * Description: What WordPress's hardening guide and common security plugins apply: the REST users routes answer
 * logged-in users only, and XML-RPC is switched off.
 */
add_filter('xmlrpc_enabled', '__return_false');
add_filter('rest_endpoints', function ($endpoints) {
    if (is_user_logged_in()) {
        return $endpoints;
    }
    foreach (array_keys($endpoints) as $route) {
        if (strpos($route, '/wp/v2/users') === 0) {
            unset($endpoints[$route]);
        }
    }
    return $endpoints;
});
