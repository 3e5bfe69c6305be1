-- Reports and notifications.
-- The outbox claim: a worker stamps the rows it takes with its own token, so that only the worker
-- still holding a row may mark it sent or failed (a row whose worker died is re-claimed after the
-- lease, kept in next_attempt_at, has expired).
ALTER TABLE email_log ADD COLUMN claim_token text;
ALTER TABLE email_log ADD COLUMN scope_key text;
CREATE INDEX email_log_scope_idx ON email_log (scope_key, created_at) WHERE scope_key IS NOT NULL;

-- Reports: a date range of one scope, read in (payment date, reference) order for the detailed
-- report's pages and exports; the included columns let the summary's GROUP BY read the index only.
CREATE INDEX requests_board_report_idx ON requests (board_id, requested_at, reference_number)
  INCLUDE (school_id, status, request_type, origin, completion_method, received_at, completed_at);
CREATE INDEX requests_school_report_idx ON requests (school_id, requested_at, reference_number)
  INCLUDE (status, request_type, origin, completion_method, received_at, completed_at);
CREATE INDEX requests_report_idx ON requests (requested_at, reference_number);

-- Summary notices count requests completed by Auto-eTMS since the last notice.
CREATE INDEX requests_auto_completed_idx ON requests (board_id, completed_at) WHERE completion_method = 'AUTO';
