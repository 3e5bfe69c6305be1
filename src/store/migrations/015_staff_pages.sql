-- How applicants reach their board: the contact (telephone, e-mail, web page) that every applicant
-- e-mail gives beside the school's and the board's names. Set by the board on the « Avis » page.
ALTER TABLE boards ADD COLUMN applicant_contact text;

-- Per-request notices go out grouped, one message per configuration and run; each request a
-- message named is kept here so it is never named again for the same configuration.
CREATE TABLE pending_notice_marks (
  request_id int NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  scope_key text NOT NULL,
  dedupe_key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, scope_key)
);
