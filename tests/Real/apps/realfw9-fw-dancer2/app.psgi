# Dancer2 0.400's REST layout from its Cookbook ("Using serializers", /usr/share/perl5/Dancer2/Cookbook.pod;
# https://metacpan.org/pod/Dancer2::Cookbook#Using-serializers): an HTML app at / and a JSON API app (set serializer =>
# 'JSON') mounted at /api with Plack::Builder, whose root lists its resources and whose prefix '/users' holds view,
# view/:id and add. Dancer2 sends "Server: Perl Dancer2 <version>"; unknown paths get its HTML error page at / and a
# JSON error under /api.
# Run: plackup -l 127.0.0.1:PORT app.psgi   (Debian libdancer2-perl)
use strict; use warnings;
package MyApp;
use Dancer2;
get '/' => sub { '<!doctype html><html><head><title>MyApp</title></head><body><h1>MyApp</h1></body></html>' };

package MyApp::API;
use Dancer2;
set serializer => 'JSON';
my %users = (1 => { id => 1, name => 'sawyer_x' }, 2 => { id => 2, name => 'xsawyerx' });
# The Cookbook leaves %resources to the reader: here it names each collection's path, as API roots commonly do.
my %resources = (users => '/api/users/view');
get '/' => sub { +{ resources => \%resources } };
prefix '/users' => sub {
    get '/view'     => sub { [ map { $users{$_} } sort keys %users ] };
    get '/view/:id' => sub { $users{ route_parameters->get('id') } // send_error('no such user', 404) };
    put '/add'      => sub { +{ added => body_parameters->get('user') } };
};

package main;
use Plack::Builder;
builder {
    mount '/'    => MyApp->to_app;
    mount '/api' => MyApp::API->to_app;
};
