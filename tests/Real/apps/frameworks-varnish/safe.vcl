# Varnish configured not to announce itself: its own Via and X-Varnish headers removed on delivery (the documented
# vcl_deliver way). __BACKEND__ is filled in by the test.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "__BACKEND__";
}

sub vcl_deliver {
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
