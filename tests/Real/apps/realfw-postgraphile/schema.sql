-- The schema PostGraphile exposes in the real-software tests: its tutorial's shape (a schema of its own, two tables
-- joined by a foreign key, a few rows). PostGraphile derives queries, connections and CRUD mutations from it.
CREATE SCHEMA bakery;
CREATE TABLE bakery.baker (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE bakery.loaf (id serial PRIMARY KEY, title text NOT NULL, price numeric(6,2) NOT NULL, baker_id int REFERENCES bakery.baker (id));
CREATE INDEX ON bakery.loaf (baker_id);
INSERT INTO bakery.baker (name) VALUES ('Ann'), ('Ben');
INSERT INTO bakery.loaf (title, price, baker_id) VALUES ('Sourdough', 4.50, 1), ('Rye', 3.80, 2);
