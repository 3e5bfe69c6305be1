-- Account security: what happened to staff accounts and machine credentials (sign-ins refused or
-- locked, unlocks, enables, revocations) is kept as append-only events; failed attempts per address
-- are counted here so that every replica sharing the database applies one limit.

CREATE TABLE account_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  -- Who did it: a staff user name, `cli:<system user>`, or `address:<ip>` for an anonymous caller.
  actor text NOT NULL,
  user_id int REFERENCES users(id) ON DELETE SET NULL,
  credential_id text REFERENCES machine_credentials(id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN (
    'SIGNED_IN', 'SIGN_IN_REFUSED', 'LOCKED', 'UNLOCKED', 'ENABLED', 'DISABLED',
    'PASSWORD_RESET', 'CREATED', 'CREDENTIAL_CREATED', 'CREDENTIAL_REVOKED')),
  details jsonb
);
CREATE INDEX account_events_user_idx ON account_events (user_id, id);
CREATE INDEX account_events_credential_idx ON account_events (credential_id, id);

CREATE FUNCTION account_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A deleted user or credential leaves its events behind (the reference is cleared, nothing else).
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
     AND NEW.kind = OLD.kind AND NEW.details IS NOT DISTINCT FROM OLD.details
     AND (NEW.user_id IS NULL OR NEW.user_id = OLD.user_id)
     AND (NEW.credential_id IS NULL OR NEW.credential_id = OLD.credential_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'account_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER account_events_no_update BEFORE UPDATE OR DELETE ON account_events
  FOR EACH ROW EXECUTE FUNCTION account_events_append_only();
CREATE TRIGGER account_events_no_truncate BEFORE TRUNCATE ON account_events
  FOR EACH STATEMENT EXECUTE FUNCTION account_events_append_only();

-- Fixed windows of counted attempts per key (`sign-in:<address>`, `exchange:<address>`).
CREATE TABLE attempt_windows (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  attempts int NOT NULL
);
CREATE INDEX attempt_windows_start_idx ON attempt_windows (window_start);
