-- The exchange with agents, intake clients and colleges: a delivery still pending when its
-- transcript is replaced is cancelled (never sent); deliveries are claimed by one transmission at a
-- time; every transmission leaves a record.

ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'CANCELLED'));
ALTER TABLE deliveries ADD COLUMN claimed_at timestamptz;
ALTER TABLE deliveries ADD COLUMN cancelled_at timestamptz;

DROP INDEX IF EXISTS deliveries_pending_idx;
CREATE INDEX deliveries_pending_idx ON deliveries (destination_code, id) WHERE status IN ('PENDING', 'FAILED');
CREATE INDEX deliveries_request_idx ON deliveries (request_id);

CREATE TABLE transmissions (
  id text PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  -- Per destination: {code: {transcripts, retractions, sent, failed, target}}.
  summary jsonb
);

-- The central's own work queue: uploaded files waiting for the processor.
CREATE INDEX requests_uploaded_idx ON requests (updated_at, id) WHERE status = 'TRANSCRIPT_UPLOADED';

CREATE INDEX machine_credentials_board_idx ON machine_credentials (board_id);
