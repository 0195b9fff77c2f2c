-- An issued report is immutable (issue #5): no UPDATE or DELETE of a row whose status is 'issued', and its
-- history rows are append-only. Works on PGlite and PostgreSQL; the report service checks first and gives a clear
-- error, this trigger is the backstop for any other writer.
CREATE OR REPLACE FUNCTION report_issued_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'issued' THEN
    RAISE EXCEPTION 'report % is issued and immutable: % is not allowed', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_issued_no_update_delete BEFORE UPDATE OR DELETE ON report
  FOR EACH ROW EXECUTE FUNCTION report_issued_immutable();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_event_no_update_delete BEFORE UPDATE OR DELETE ON report_event
  FOR EACH ROW EXECUTE FUNCTION report_event_append_only();
