-- The checksum of the bytes a transcript delivery sent, which may differ from the stored file's (the
-- request named in RequestTrackingID, the destination, a reissue marked): a later retraction names
-- what the destination received.
ALTER TABLE deliveries ADD COLUMN sent_sha256 text;
