# A Rails 6.1 API-mode application in one file (Debian's ruby-rails), the shape `rails new bookshelf --api` plus
# `rails generate scaffold Book title:string author:string` gives: resources :books with the scaffold's JSON controller,
# ActiveRecord on SQLite (in memory here), and a health route. RAILS_ENV picks the environment as `rails server` does:
# development shows the routing-error page that lists every route; production answers a bare 404.
#   ruby app.rb PORT            (RAILS_ENV=development|production)
require "rails"
require "active_record/railtie"
require "action_controller/railtie"
require "rack/handler/webrick"

port = Integer(ARGV.fetch(0))
ENV["SECRET_KEY_BASE"] ||= "real-software-wing-throwaway-key-base-" + "0" * 64

class Bookshelf < Rails::Application
  config.root = __dir__
  config.load_defaults 6.1
  config.api_only = true
  config.eager_load = Rails.env.production?
  config.logger = Logger.new($stdout)
  config.log_level = :info
  config.hosts.clear
  # What config/environments/<env>.rb of a new app sets.
  config.consider_all_requests_local = !Rails.env.production?
  config.active_record.migration_error = false
end

Bookshelf.initialize!
ActiveRecord::Schema.verbose = false
ActiveRecord::Schema.define do
  create_table :books do |t|
    t.string :title
    t.string :author
    t.timestamps
  end
end

class ApplicationRecord < ActiveRecord::Base
  self.abstract_class = true
end

class Book < ApplicationRecord
end

class ApplicationController < ActionController::API
end

# The controller `rails generate scaffold Book title:string author:string` writes in an API-only app.
class BooksController < ApplicationController
  before_action :set_book, only: [:show, :update, :destroy]

  # GET /books
  def index
    @books = Book.all
    render json: @books
  end

  # GET /books/1
  def show
    render json: @book
  end

  # POST /books
  def create
    @book = Book.new(book_params)
    if @book.save
      render json: @book, status: :created, location: @book
    else
      render json: @book.errors, status: :unprocessable_entity
    end
  end

  # PATCH/PUT /books/1
  def update
    if @book.update(book_params)
      render json: @book
    else
      render json: @book.errors, status: :unprocessable_entity
    end
  end

  # DELETE /books/1
  def destroy
    @book.destroy
  end

  private

  def set_book
    @book = Book.find(params[:id])
  end

  def book_params
    params.require(:book).permit(:title, :author)
  end
end

class HealthController < ApplicationController
  def show
    render json: { status: "ok" }
  end
end

Bookshelf.routes.draw do
  resources :books
  get "up", to: "health#show"
end

Book.create!(title: "Practical Object-Oriented Design", author: "Sandi Metz")
# Hand the one connection back to the pool, so the server's threads can take it.
ActiveRecord::Base.connection_pool.release_connection
Rack::Handler::WEBrick.run(Bookshelf, Host: "127.0.0.1", Port: port, AccessLog: [], Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
