# A Sinatra API as its README sets it up (Debian's ruby-sinatra on WEBrick). APP_ENV is Sinatra's own switch:
# development shows exceptions and route hints, production neither.
# Run: APP_ENV=development|production ruby app.rb PORT
require 'sinatra'
require 'json'

set :bind, '127.0.0.1'
set :port, Integer(ARGV[0])

ITEMS = [{ id: 1, name: 'Kettle' }].freeze

get '/api/items' do
  content_type :json
  ITEMS.to_json
end

get '/api/items/:id' do
  content_type :json
  ITEMS.find { |i| i[:id] == Integer(params[:id]) }.to_json
end
