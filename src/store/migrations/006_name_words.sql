-- Name search by word: a name matches when one of its words starts with the text typed, so
-- « Tremblay » finds Côté-Tremblay and « sou » finds D'Souza. Every place a word can start gets a
-- row here (its tail: the name from that word to the end), kept by triggers, so that a search is a
-- range of one btree read without the table: the total and the page of a very common surname are
-- read from the index alone. Rows never change after they are written (names and the request date
-- are set once), so vacuum keeps the pages all-visible and the scans stay index-only.

-- The forms a name is searched under: the application's search key (accents, case and apostrophes
-- gone: « ONeil » finds O'Neil) and, when it differs, the same with apostrophes and inner capitals as
-- word breaks (« Neil » finds O'Neil, « Blanc » finds LeBlanc).
CREATE FUNCTION request_name_forms(key text, raw text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_remove(array_remove(ARRAY[key, NULLIF(trim(regexp_replace(lower(regexp_replace(
    regexp_replace(normalize(raw, NFD), '[\u0300-\u036f]', '', 'g'), '([a-z])([A-Z])', '\1 \2', 'g')), '[^a-z0-9]+', ' ', 'g')), key)], NULL), '')
$$;

CREATE TABLE request_name_words (
  request_id bigint NOT NULL,
  board_id int NOT NULL,
  school_id int NOT NULL,
  requested_at date NOT NULL,
  part "char" NOT NULL CHECK (part IN ('f', 'l')),
  -- Byte order, so that « starts with » is a plain range whatever the database's collation.
  tail text COLLATE "C" NOT NULL,
  -- How many leading characters this tail shares with the one before it (in byte order) of the same
  -- request and part: a text that starts this tail and is no longer than that starts the one before
  -- too. Searches keep only the first tail a text starts, so a request is counted and paged once
  -- without grouping.
  shared smallint NOT NULL,
  other text NOT NULL
);

-- The rows of every request: one per word start of the first name ('f') and of the last names ('l',
-- current and previous). Each carries the other part's forms (a space before each, ' / ' between
-- them) so that a search on both names reads the range of one and filters on the other in the same
-- index. A view, so that the trigger and a bulk fill share one definition planned as a whole.
CREATE VIEW request_name_words_source AS
  SELECT r.id AS request_id, r.board_id, r.school_id, r.requested_at, x.part, t.tail, t.shared, ' ' || array_to_string(x.other, ' / ') AS other
  FROM requests r,
    LATERAL (SELECT request_name_forms(r.search_first, r.first_name) AS f,
                    request_name_forms(r.search_last, concat_ws(' ', r.last_name, r.previous_last_name)) AS l) AS n,
    LATERAL (VALUES ('f'::"char", n.f, n.l), ('l'::"char", n.l, n.f)) AS x(part, own, other),
    LATERAL (SELECT d.tail, CASE WHEN d.prev IS NULL THEN 0 ELSE
                      (SELECT count(*) FROM generate_series(1, least(length(d.prev), length(d.tail))) AS c WHERE left(d.prev, c) = left(d.tail, c)) END::smallint AS shared
             FROM (SELECT u.tail, lag(u.tail) OVER (ORDER BY u.tail) AS prev
                   FROM (SELECT DISTINCT array_to_string(w[i:], ' ') COLLATE "C" AS tail
                         FROM unnest(x.own) AS form, string_to_array(form, ' ') AS w, generate_subscripts(w, 1) AS i) AS u) AS d) AS t;

-- New and removed requests are handled once per statement, so that a COPY of a million requests
-- fills the words in one set-based insert; a change of name, school or date (rare) row by row.
CREATE FUNCTION request_name_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO request_name_words (request_id, board_id, school_id, requested_at, part, tail, shared, other)
    SELECT request_id, board_id, school_id, requested_at, part, tail, shared, other
    FROM request_name_words_source WHERE request_id IN (SELECT id FROM new_requests);
  RETURN NULL;
END $$;

CREATE FUNCTION request_name_words_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM request_name_words WHERE request_id IN (SELECT id FROM old_requests);
  RETURN NULL;
END $$;

CREATE FUNCTION request_name_words_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM request_name_words WHERE request_id = OLD.id;
  INSERT INTO request_name_words (request_id, board_id, school_id, requested_at, part, tail, shared, other)
    SELECT request_id, board_id, school_id, requested_at, part, tail, shared, other FROM request_name_words_source WHERE request_id = NEW.id;
  RETURN NULL;
END $$;

-- The triggers come before the fill: they lock requests against writes until this migration commits,
-- so no request is missed between the two.
CREATE TRIGGER requests_name_words_insert AFTER INSERT ON requests REFERENCING NEW TABLE AS new_requests
  FOR EACH STATEMENT EXECUTE FUNCTION request_name_words_add();
CREATE TRIGGER requests_name_words_delete AFTER DELETE ON requests REFERENCING OLD TABLE AS old_requests
  FOR EACH STATEMENT EXECUTE FUNCTION request_name_words_remove();
CREATE TRIGGER requests_name_words_update
  AFTER UPDATE OF first_name, last_name, previous_last_name, search_first, search_last, board_id, school_id, requested_at ON requests
  FOR EACH ROW
  WHEN ((OLD.first_name, OLD.last_name, OLD.previous_last_name, OLD.search_first, OLD.search_last, OLD.board_id, OLD.school_id, OLD.requested_at)
    IS DISTINCT FROM (NEW.first_name, NEW.last_name, NEW.previous_last_name, NEW.search_first, NEW.search_last, NEW.board_id, NEW.school_id, NEW.requested_at))
  EXECUTE FUNCTION request_name_words_change();

INSERT INTO request_name_words (request_id, board_id, school_id, requested_at, part, tail, shared, other)
  SELECT request_id, board_id, school_id, requested_at, part, tail, shared, other FROM request_name_words_source;

-- Search within a board (a school filters on the included school_id, the whole province reads each
-- board's range): the range of a name, in request date order within one tail.
CREATE INDEX request_name_words_search_idx ON request_name_words (board_id, part, tail, requested_at, request_id) INCLUDE (school_id, shared, other);
CREATE INDEX request_name_words_request_idx ON request_name_words (request_id);
-- Index-only scans skip the table only on pages vacuum has marked all-visible; by default autovacuum
-- comes after 20 % new rows (months of requests), here after 1 %.
ALTER TABLE request_name_words SET (autovacuum_vacuum_insert_scale_factor = 0.01);

-- « Contains » search is gone: the trigram (or prefix) indexes on requests serve nothing now.
DROP INDEX IF EXISTS requests_search_last_trgm_idx;
DROP INDEX IF EXISTS requests_search_first_trgm_idx;
DROP INDEX IF EXISTS requests_search_last_prefix_idx;
DROP INDEX IF EXISTS requests_search_first_prefix_idx;
