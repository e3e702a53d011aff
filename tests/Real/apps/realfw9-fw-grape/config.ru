# Grape 1.6's basic usage, as its README shows it (https://github.com/ruby-grape/grape#basic-usage): the Twitter::API
# class, versioned by an Accept header (so no /v1 in the paths), JSON format, the /api prefix, and the statuses
# resource with its public timeline and a status read by id (route_param). The README's authenticated routes and
# writes are left out: they need its helpers. A path no route matches gets Grape's "404 Not Found" in text/plain with
# X-Cascade: pass (the Rack convention that lets another app answer).
# Run: rackup -o 127.0.0.1 -p PORT config.ru   (Debian ruby-grape, served by WEBrick from ruby-webrick)
require 'grape'

module Twitter
  class API < Grape::API
    version 'v1', using: :header, vendor: 'twitter'
    format :json
    prefix :api

    STATUSES = [{ id: 1, text: 'Hello, Grape' }, { id: 2, text: 'Second status' }].freeze

    resource :statuses do
      desc 'Return a public timeline.'
      get :public_timeline do
        STATUSES
      end

      desc 'Return a status.'
      params do
        requires :id, type: Integer, desc: 'Status ID.'
      end
      route_param :id do
        get do
          STATUSES.find { |s| s[:id] == params[:id] } || error!('Not Found', 404)
        end
      end
    end
  end
end

run Twitter::API
