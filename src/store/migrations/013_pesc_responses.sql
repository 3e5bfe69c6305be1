-- Colleges receive PESC: a request that ends without a transcript (not found, no academic data, on
-- hold, paper sent, cancelled) is told to its destination by a PESC Transcript Response, delivered
-- like a transcript. A RESPONSE delivery has no transcript; it names the status it tells.
ALTER TABLE deliveries ALTER COLUMN transcript_id DROP NOT NULL;
ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check
  CHECK (kind IN ('TRANSCRIPT', 'RETRACTION', 'RESPONSE'));
ALTER TABLE deliveries ADD COLUMN response_status text;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_response_check
  CHECK ((kind = 'RESPONSE') = (response_status IS NOT NULL AND transcript_id IS NULL));
CREATE UNIQUE INDEX deliveries_response_idx ON deliveries (request_id, destination_code, response_status)
  WHERE kind = 'RESPONSE';
