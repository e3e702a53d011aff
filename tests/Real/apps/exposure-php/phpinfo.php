<?php
// The diagnostic page left behind after setting the server up.
phpinfo();
