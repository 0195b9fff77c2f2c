-- Audit log is append-only (docs/domain.md SEC-02/SEC-03; GB/T 22239 安全审计 — records protected from change).
-- The same trigger works on PGlite and PostgreSQL. On PostgreSQL, also run the application as a role that
-- has only INSERT and SELECT on audit_event (see docs/SECURITY.md):
--   REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM tracewater_app;
-- A superuser can still disable the trigger; the hash chain (`tracewater audit verify`) detects what it changes.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
