-- The name words of a long name cost milliseconds: how many leading characters a tail shares with
-- the one before it was counted by comparing every prefix length (each comparison as long as the
-- prefix), about cubic in the name's length (a 1,000-character name of one-letter words: 18 s
-- holding the request's row lock). Here a binary search over the prefix length: log2 of the length
-- comparisons, so a tail costs about its length times 10 instead of its length squared. The rows
-- written are the same (test/store/name-words-cost.test.ts checks them against a model).
CREATE FUNCTION request_name_shared(prev text, tail text) RETURNS smallint
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  -- lo characters are known shared, more than hi are known not to be.
  lo int := 0;
  hi int := least(length(prev), length(tail));
  mid int;
BEGIN
  IF prev IS NULL THEN RETURN 0; END IF;
  WHILE lo < hi LOOP
    mid := (lo + hi + 1) / 2;
    IF left(prev, mid) = left(tail, mid) THEN lo := mid; ELSE hi := mid - 1; END IF;
  END LOOP;
  RETURN lo;
END $$;

CREATE OR REPLACE VIEW request_name_words_source AS
  SELECT r.id AS request_id, r.board_id, r.school_id, r.requested_at, x.part, t.tail, t.shared, ' ' || array_to_string(x.other, ' / ') AS other
  FROM requests r,
    LATERAL (SELECT request_name_forms(r.search_first, r.first_name) AS f,
                    request_name_forms(r.search_last, concat_ws(' ', r.last_name, r.previous_last_name)) AS l) AS n,
    LATERAL (VALUES ('f'::"char", n.f, n.l), ('l'::"char", n.l, n.f)) AS x(part, own, other),
    LATERAL (SELECT d.tail, request_name_shared(d.prev, d.tail) AS shared
             FROM (SELECT u.tail, lag(u.tail) OVER (ORDER BY u.tail) AS prev
                   FROM (SELECT DISTINCT array_to_string(w[i:], ' ') COLLATE "C" AS tail
                         FROM unnest(x.own) AS form, string_to_array(form, ' ') AS w, generate_subscripts(w, 1) AS i) AS u) AS d) AS t;
