-- Trigram indexes for « contains » name search when pg_trgm is installed (it is in PGlite and in
-- PostgreSQL's contrib); without it, the btree indexes on search_last still serve prefix search.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX requests_search_last_trgm_idx ON requests USING gin (search_last gin_trgm_ops)';
    EXECUTE 'CREATE INDEX requests_search_first_trgm_idx ON requests USING gin (search_first gin_trgm_ops)';
  ELSE
    EXECUTE 'CREATE INDEX requests_search_last_prefix_idx ON requests (search_last text_pattern_ops)';
    EXECUTE 'CREATE INDEX requests_search_first_prefix_idx ON requests (search_first text_pattern_ops)';
  END IF;
END $$;
