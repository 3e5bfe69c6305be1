-- Admin pages: the language and the school chosen in the board selector belong to the session;
-- an uploaded file waiting on the validation screen is held here, bound to the session that sent
-- it, until staff confirm or cancel (it is not a transcript yet).
ALTER TABLE sessions ADD COLUMN language text CHECK (language IN ('fr', 'en'));
ALTER TABLE sessions ADD COLUMN selected_school_id int REFERENCES schools(id) ON DELETE SET NULL;

CREATE TABLE pending_uploads (
  id text PRIMARY KEY,
  session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  request_id bigint NOT NULL REFERENCES requests(id),
  request_version int NOT NULL,
  format text NOT NULL CHECK (format IN ('XML', 'PDF')),
  file_name text,
  content bytea NOT NULL,
  diff jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX pending_uploads_expiry_idx ON pending_uploads (expires_at);
CREATE INDEX pending_uploads_session_idx ON pending_uploads (session_id);
