// The bookshop's CatalogService with custom READ handlers (CAP's "Providing Services" guide) instead of a database, so
// the app needs no native SQLite driver. Run: PORT=N node node_modules/@sap/cds/bin/serve.js
const cds = require('@sap/cds')

const books = [{ ID: 1, title: 'Wuthering Heights', stock: 12 }, { ID: 2, title: 'Jane Eyre', stock: 11 }]
const authors = [{ ID: 1, name: 'Emily Brontë' }, { ID: 2, name: 'Charlotte Brontë' }]
const byKey = (rows, req) => rows.find(r => r.ID === Number(req.params[0]?.ID ?? req.params[0]))

module.exports = class CatalogService extends cds.ApplicationService {
  init() {
    this.on('READ', 'Books', req => (req.params.length ? byKey(books, req) : books))
    this.on('READ', 'Authors', req => (req.params.length ? byKey(authors, req) : authors))
    return super.init()
  }
}
