-- A search by name narrowed by status, or sorted by another column than the date, holds a few
-- thousand requests at most (the 9,000 of the commonest surname in a board of a million). Their
-- statuses, tabs and sort keys are read here, by id, without the table: only the page's 50 rows are
-- then read whole. Through the table, each match was a random read (about 60 ms for 9,000).
CREATE INDEX requests_search_hits_idx ON requests (id)
  INCLUDE (board_id, school_id, tab, status, requested_at, completed_at, search_last, search_first);
