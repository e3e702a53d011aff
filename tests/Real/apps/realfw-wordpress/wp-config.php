<?php
// wp-config.php of the real-software tests, as wp-config-sample.php lays it out; Start-RealWordPress fills the
// placeholders (database, a per-run password, MariaDB's socket in the test's temporary folder).
define('DB_NAME', '__NAME__');
define('DB_USER', '__NAME__');
define('DB_PASSWORD', '__PASSWORD__');
define('DB_HOST', 'localhost:__SOCKET__');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$table_prefix = 'wp_';
define('WP_DEBUG', false);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
