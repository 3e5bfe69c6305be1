-- The tracking ID an application centre gave a PESC Transcript Request when it is not one of our
-- reference numbers (PESC RequestTrackingID: any 1 to 35 characters). The request is filed under a
-- reference number the central assigns; every PESC document sent back about it (acknowledgement,
-- Transcript Responses, transcripts) echoes this ID. One ID names one request per application
-- centre: filing the same document again finds it. Its leading column serves the staff search.
ALTER TABLE requests ADD COLUMN partner_tracking_id text;
CREATE UNIQUE INDEX requests_partner_tracking_idx ON requests (partner_tracking_id, origin)
  WHERE partner_tracking_id IS NOT NULL;
