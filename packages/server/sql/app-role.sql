-- Tracewater on PostgreSQL: the application's own database role (issue #3; docs/SECURITY.md §5; GB/T 22239 安全审计 —
-- audit records protected from modification; docs/domain.md SEC-02/SEC-03).
--
-- Run as the OWNER of the Tracewater tables (the role that ran the migrations), in the Tracewater database, AFTER the
-- migrations (first `npm start` / any `tracewater` command with that role's DATABASE_URL):
--   psql "$OWNER_DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/server/sql/app-role.sql
--   psql "$OWNER_DATABASE_URL" -c "ALTER ROLE tracewater_app PASSWORD '<secret>'"
-- then run the server with DATABASE_URL=postgres://tracewater_app:<secret>@host/db. Run the script again after each
-- upgrade that adds tables (it is idempotent). New migrations are applied with the owner's DATABASE_URL.
--
-- What it gives: SELECT/INSERT/UPDATE/DELETE on every table EXCEPT audit_event, where the role may only SELECT and
-- INSERT: no UPDATE, DELETE or TRUNCATE. The append-only trigger (migration 0005) is a second layer; the role does
-- not own the table, so it cannot disable that trigger either. Purging old audit rows (retention) is an owner task.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracewater_app') THEN
    CREATE ROLE tracewater_app LOGIN;
  END IF;
END
$$;

-- CREATE on the database: the migrator runs `CREATE SCHEMA IF NOT EXISTS drizzle` at every start (PostgreSQL checks
-- the privilege even when the schema exists); it reads its journal and creates nothing when up to date. Schemas the
-- role could create give it no right on the owner's tables.
GRANT CONNECT, CREATE ON DATABASE :"DBNAME" TO tracewater_app;
GRANT USAGE ON SCHEMA public TO tracewater_app;
GRANT USAGE, CREATE ON SCHEMA drizzle TO tracewater_app;
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO tracewater_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tracewater_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO tracewater_app;

-- the audit log: append and read only
REVOKE ALL ON audit_event FROM tracewater_app;
GRANT SELECT, INSERT ON audit_event TO tracewater_app;
