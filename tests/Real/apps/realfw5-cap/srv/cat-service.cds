// CAP serves this service at its default path, /odata/v4/catalog, with $metadata and a welcome page at / in development.
using my.bookshop as my from '../db/schema';
service CatalogService {
  @readonly entity Books as projection on my.Books;
  entity Authors as projection on my.Authors;
}
