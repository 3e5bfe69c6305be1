-- Core schema: boards, schools, users, sessions, requests and their append-only events,
-- transcripts (every version kept), deliveries, notification settings, the e-mail log,
-- machine credentials. Unqualified names: the connection's search_path picks the schema.

CREATE TABLE boards (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE schools (
  id serial PRIMARY KEY,
  board_id int NOT NULL REFERENCES boards(id),
  bsid text NOT NULL UNIQUE,
  name text NOT NULL,
  city text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schools_board_idx ON schools (board_id, name);

CREATE TABLE users (
  id serial PRIMARY KEY,
  -- Case-sensitive on purpose: the guide says sign-in information is case-sensitive.
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  email text,
  role text NOT NULL CHECK (role IN ('SCHOOL', 'BOARD', 'ADMIN')),
  board_id int REFERENCES boards(id),
  school_id int REFERENCES schools(id),
  password_hash text NOT NULL,
  language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
  failed_logins int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'SCHOOL' AND school_id IS NOT NULL AND board_id IS NOT NULL)
      OR (role = 'BOARD' AND board_id IS NOT NULL)
      OR role = 'ADMIN')
);

CREATE TABLE sessions (
  -- sha256 of the cookie token: a stolen database does not yield live sessions.
  id text PRIMARY KEY,
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expiry_idx ON sessions (expires_at);

CREATE SEQUENCE request_reference_seq;

CREATE TABLE requests (
  id bigserial PRIMARY KEY,
  reference_number text NOT NULL UNIQUE,
  application_number text,
  account_number text,
  origin text NOT NULL CHECK (origin IN ('OCAS', 'OUAC')),
  request_type text NOT NULL CHECK (request_type IN ('ORIGINAL', 'REISSUE')),
  -- The date the applicant paid: the guide's « Date demandée » and the reports' date range.
  requested_at date NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  send_timing text NOT NULL DEFAULT 'NOW' CHECK (send_timing IN ('NOW', 'END_OF_TERM')),
  first_name text,
  last_name text,
  previous_last_name text,
  birth_date date,
  gender text CHECK (gender IN ('M', 'F', 'X')),
  oen text,
  student_number text,
  board_id int NOT NULL REFERENCES boards(id),
  school_id int NOT NULL REFERENCES schools(id),
  school_bsid text NOT NULL,
  date_last_attended text CHECK (date_last_attended ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  amount_collected numeric(10, 2) NOT NULL DEFAULT 0,
  transcript_count int NOT NULL DEFAULT 1,
  destination_code text,
  destination_name text,
  applicant_email text,
  applicant_language text NOT NULL DEFAULT 'fr' CHECK (applicant_language IN ('fr', 'en')),
  status text NOT NULL CHECK (status IN ('ACTION_REQUIRED', 'AUTO_PROCESS_ERROR', 'UPLOAD_ERROR', 'ON_HOLD_FINANCIAL',
    'NO_ACADEMIC_DATA', 'STUDENT_NOT_FOUND', 'TRANSCRIPT_UPLOADED', 'E_TRANSCRIPT_SENT', 'PAPER_SENT', 'CANCELLED')),
  tab text GENERATED ALWAYS AS (CASE status
    WHEN 'ACTION_REQUIRED' THEN 'TO_PROCESS' WHEN 'AUTO_PROCESS_ERROR' THEN 'TO_PROCESS'
    WHEN 'UPLOAD_ERROR' THEN 'INCOMPLETE' WHEN 'ON_HOLD_FINANCIAL' THEN 'INCOMPLETE'
    WHEN 'NO_ACADEMIC_DATA' THEN 'INCOMPLETE' WHEN 'STUDENT_NOT_FOUND' THEN 'INCOMPLETE'
    WHEN 'TRANSCRIPT_UPLOADED' THEN 'IN_PROGRESS'
    ELSE 'COMPLETED' END) STORED,
  auto_error_reason text,
  -- Set when staff pick one of the matcher's candidates: the agent then sends that student's transcript.
  pinned_student_number text,
  -- The matcher's decision for « Erreur d'autotraitement »: ranked candidates with per-field comparison.
  match_result jsonb,
  last_updated_by text NOT NULL DEFAULT 'System/Système',
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  completion_method text CHECK (completion_method IN ('AUTO', 'MANUAL_XML', 'PDF', 'PAPER')),
  version int NOT NULL DEFAULT 1,
  lease_owner text,
  lease_expires_at timestamptz,
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- Accent-free lower-case names, filled by the application, for search and sorting by name.
  search_first text NOT NULL DEFAULT '',
  search_last text NOT NULL DEFAULT ''
);

-- Tab pages: for each scope (board, school) and each sortable column, an index whose order is the
-- ORDER BY of the page (column, then the tab's date, then id), so a page is a short index range scan
-- in either direction, whatever the size of the tab.
CREATE INDEX requests_board_tab_requested_idx ON requests (board_id, tab, requested_at, id);
CREATE INDEX requests_school_tab_requested_idx ON requests (school_id, tab, requested_at, id);
CREATE INDEX requests_board_tab_completed_idx ON requests (board_id, tab, completed_at, id);
CREATE INDEX requests_school_tab_completed_idx ON requests (school_id, tab, completed_at, id);
CREATE INDEX requests_board_tab_name_idx ON requests (board_id, tab, search_last, search_first, id);
CREATE INDEX requests_school_tab_name_idx ON requests (school_id, tab, search_last, search_first, id);
CREATE INDEX requests_board_tab_reference_idx ON requests (board_id, tab, reference_number);
CREATE INDEX requests_school_tab_reference_idx ON requests (school_id, tab, reference_number);
CREATE INDEX requests_board_tab_last_attended_idx ON requests (board_id, tab, date_last_attended, requested_at, id);
CREATE INDEX requests_board_tab_type_idx ON requests (board_id, tab, request_type, requested_at, id);
CREATE INDEX requests_board_tab_timing_idx ON requests (board_id, tab, send_timing, requested_at, id);
CREATE INDEX requests_board_tab_status_idx ON requests (board_id, tab, status, requested_at, id);
CREATE INDEX requests_board_tab_updated_by_idx ON requests (board_id, tab, last_updated_by, requested_at, id);
-- Search and reports.
CREATE INDEX requests_application_idx ON requests (application_number);
CREATE INDEX requests_account_idx ON requests (account_number);
CREATE INDEX requests_oen_idx ON requests (oen);
CREATE INDEX requests_school_requested_idx ON requests (school_id, requested_at);
CREATE INDEX requests_board_requested_idx ON requests (board_id, requested_at);
CREATE INDEX requests_received_idx ON requests (board_id, received_at);
-- The agent's queue: only pending requests, so leasing stays fast at any size.
CREATE INDEX requests_pending_idx ON requests (board_id, requested_at, id) WHERE status = 'ACTION_REQUIRED';

-- Counts per tab without scanning: kept by a trigger, one row per school and status.
CREATE TABLE request_counts (
  school_id int NOT NULL,
  status text NOT NULL,
  n bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (school_id, status)
);

CREATE FUNCTION request_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE request_counts SET n = n - 1 WHERE school_id = OLD.school_id AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO request_counts (school_id, status, n) VALUES (NEW.school_id, NEW.status, 1)
      ON CONFLICT (school_id, status) DO UPDATE SET n = request_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER requests_count_insert AFTER INSERT ON requests FOR EACH ROW EXECUTE FUNCTION request_counts_keep();
CREATE TRIGGER requests_count_delete AFTER DELETE ON requests FOR EACH ROW EXECUTE FUNCTION request_counts_keep();
CREATE TRIGGER requests_count_update AFTER UPDATE OF status, school_id ON requests FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.school_id IS DISTINCT FROM NEW.school_id)
  EXECUTE FUNCTION request_counts_keep();

CREATE TABLE request_events (
  id bigserial PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES requests(id),
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  reason text,
  details jsonb
);
CREATE INDEX request_events_request_idx ON request_events (request_id, id);

-- The history is evidence: the database itself refuses to change or remove it.
CREATE FUNCTION request_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'request_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER request_events_no_update BEFORE UPDATE OR DELETE ON request_events
  FOR EACH ROW EXECUTE FUNCTION request_events_append_only();
CREATE TRIGGER request_events_no_truncate BEFORE TRUNCATE ON request_events
  FOR EACH STATEMENT EXECUTE FUNCTION request_events_append_only();

CREATE TABLE transcripts (
  id bigserial PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES requests(id),
  version int NOT NULL,
  format text NOT NULL CHECK (format IN ('XML', 'PDF')),
  content bytea NOT NULL,
  sha256 text NOT NULL,
  byte_size int NOT NULL,
  source text NOT NULL CHECK (source IN ('AUTO', 'UPLOAD', 'SIS_PICK')),
  student_number text,
  document_id text,
  -- A repeated submit (after a crash, a retry) carries the same key and finds the first transcript.
  submission_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  superseded_at timestamptz,
  superseded_by bigint REFERENCES transcripts(id),
  UNIQUE (request_id, version)
);
CREATE UNIQUE INDEX transcripts_current_idx ON transcripts (request_id) WHERE superseded_at IS NULL;

CREATE TABLE deliveries (
  id bigserial PRIMARY KEY,
  transcript_id bigint NOT NULL REFERENCES transcripts(id),
  request_id bigint NOT NULL REFERENCES requests(id),
  destination_code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('TRANSCRIPT', 'RETRACTION')),
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts int NOT NULL DEFAULT 0,
  transmission_id text,
  sent_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (transcript_id, destination_code, kind)
);
CREATE INDEX deliveries_pending_idx ON deliveries (destination_code, id) WHERE status <> 'SENT';

CREATE TABLE notification_settings (
  id serial PRIMARY KEY,
  board_id int REFERENCES boards(id),
  school_id int REFERENCES schools(id),
  -- 'school:<id>' or 'board:<id>': one configuration per scope.
  scope_key text NOT NULL UNIQUE,
  enabled boolean NOT NULL DEFAULT false,
  include_auto_completed boolean NOT NULL DEFAULT false,
  days smallint[] NOT NULL DEFAULT '{}',
  hour smallint NOT NULL DEFAULT 8 CHECK (hour BETWEEN 0 AND 23),
  minute smallint NOT NULL DEFAULT 0 CHECK (minute BETWEEN 0 AND 59),
  time_zone text NOT NULL DEFAULT 'America/Toronto',
  emails text[] NOT NULL DEFAULT '{}',
  pending_threshold_hours int CHECK (pending_threshold_hours >= 0),
  notify_each_pending boolean NOT NULL DEFAULT false,
  last_summary_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  CHECK ((board_id IS NULL) <> (school_id IS NULL))
);

CREATE TABLE email_log (
  id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL,
  request_id bigint REFERENCES requests(id),
  recipient text NOT NULL,
  language text NOT NULL DEFAULT 'fr',
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  status text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'SENDING', 'SENT', 'FAILED')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  last_error text,
  message_id text,
  -- One e-mail per event: the same key is never queued twice.
  dedupe_key text UNIQUE
);
CREATE INDEX email_log_queue_idx ON email_log (next_attempt_at, id) WHERE status IN ('QUEUED', 'SENDING');
CREATE INDEX email_log_request_idx ON email_log (request_id);

CREATE TABLE machine_credentials (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('AGENT', 'INTAKE')),
  board_id int REFERENCES boards(id),
  label text NOT NULL,
  secret_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  CHECK (kind <> 'AGENT' OR board_id IS NOT NULL)
);
