"""The server's rules for access by home: the owner-run functions, the row-level security policies
and the triggers that ``carehome-desk access grant`` sets up (idempotent; store/access.py runs them).

* Each row finds its home through every link it has: a link row (``incident_staff``,
  ``incident_children``) belongs to a home only when BOTH its sides do, for reading, adding,
  changing and removing alike.
* ``settings`` keys named for one home (``setup_hidden:{home id}``) follow that home's rule; the
  provider-wide keys are the owner's to change; and a settings change with no audit row about it
  in the same transaction is refused.
* The audit trail's chain is checked by the server on every row a member adds: its id must be the
  newest row's + 1, its ``prev_hash`` the newest row's hash, and its hash the one its content makes
  (recomputed with ``sha256()`` over the same canonical text as models/audit_chain.py: Python's
  ``json.dumps`` with ASCII escapes, rebuilt by ``carehome_json_text``).
* The owner-run functions are not callable by PUBLIC: each is granted to the roles that need it.
"""

from __future__ import annotations

from collections.abc import Iterator

from carehome_desk.models.audit_chain import FORMAT
from carehome_desk.store.schema import audit_log, homes, metadata, settings

ACCESS_TABLE = "carehome_access"
#: Link columns that lead from a row to the record whose home it is, and the function that follows each.
_VIA = {"staff_id": "carehome_staff_home", "incident_id": "carehome_incident_home",
        "certificate_id": "carehome_certificate_home", "child_id": "carehome_child_home"}
#: Settings keys that belong to one home: the prefix before the home's id.
HOME_SETTING_PREFIXES = ("setup_hidden:",)
#: Functions every member's policies call (so every granted role may execute them).
POLICY_FUNCTIONS = ("carehome_member()", "carehome_reads(integer)", "carehome_writes(integer)",
                    "carehome_writes_shared()", "carehome_my_access()", "carehome_staff_home(integer)",
                    "carehome_incident_home(integer)", "carehome_certificate_home(integer)",
                    "carehome_child_home(integer)", "carehome_setting_home(text)",
                    "carehome_audit_home(text, text, text, text)", "carehome_audit_max()")
#: Functions only a manager (a writer) needs.
WRITER_FUNCTIONS = ("carehome_audit_head()",)
#: Functions no member calls directly (triggers run them as the owner).
TRIGGER_FUNCTIONS = ("carehome_audit_chain()", "carehome_settings_audited()", "carehome_json_text(text)")
#: A home id no home has: a row whose links lead to two different homes belongs to none.
NO_HOME = -1


def _home_links(name: str) -> list[tuple[str, str | None]]:
    """How a row of table ``name`` finds its home: each (column, the function that follows it, if any);
    empty for the shared tables."""
    table = metadata.tables[name]
    if table is homes:
        return [("id", None)]
    if "home_id" in table.c:
        return [("home_id", None)]
    return [(column, function) for column, function in _VIA.items() if column in table.c]


def _follow(column: str, function: str | None, value: str | None = None) -> str:
    found = value or column
    return found if function is None else f"{function}({found})"


def _rule(name: str, check: str) -> str | None:
    """SQL true when ``check`` (carehome_reads / carehome_writes) holds for every home the row leads to."""
    if name == settings.name:
        return (f"CASE WHEN carehome_setting_home(key) IS NULL THEN {'carehome_member()' if check == 'carehome_reads' else 'false'} "
                f"ELSE {check}(carehome_setting_home(key)) END")
    links = _home_links(name)
    if not links:
        return None
    return " AND ".join(f"coalesce({check}({_follow(c, f)}), false)" for c, f in links)


def _definer(name: str, args: str, returns: str, body: str, language: str = "sql", volatility: str = "STABLE") -> str:
    # SECURITY DEFINER: runs as the owner, so it reads past the policies (a fixed search_path keeps
    # it from being tricked by another schema's objects).
    return (f"CREATE OR REPLACE FUNCTION {name}({args}) RETURNS {returns} LANGUAGE {language} {volatility} "
            f"SECURITY DEFINER SET search_path = public, pg_temp AS $fn$ {body} $fn$")


def _audit_home_body() -> str:
    # The home of an audited record, from the record as the audit row holds it (after, else before);
    # NO_HOME when its links lead to two different homes.
    cases = []
    for table in metadata.sorted_tables:
        links = _home_links(table.name)
        if links and table is not homes:
            found = [_follow(c, f, f"(j->>'{c}')::integer") for c, f in links]
            if len(found) == 1:
                cases.append(f"IF t = '{table.name}' THEN RETURN {found[0]}; END IF;")
            else:
                cases.append(f"IF t = '{table.name}' THEN h := {found[0]}; IF h IS DISTINCT FROM {found[1]} "
                             f"THEN RETURN {NO_HOME}; END IF; RETURN h; END IF;")
    return ("DECLARE j json := coalesce(a, b)::json; h integer; BEGIN "
            "IF t = 'homes' THEN RETURN r::integer; END IF; "
            "IF t = 'settings' THEN RETURN carehome_setting_home(r); END IF; IF j IS NULL THEN RETURN NULL; END IF; "
            + " ".join(cases) + " RETURN NULL; END")


def _setting_home_body() -> str:
    cases = " ".join(f"WHEN left(k, {len(p)}) = '{p}' THEN coalesce(substring(k FROM {len(p) + 1}) ~ '^[0-9]{{1,9}}$', false)"
                     for p in HOME_SETTING_PREFIXES)
    values = " ".join(f"WHEN left(k, {len(p)}) = '{p}' THEN substring(k FROM {len(p) + 1})::integer" for p in HOME_SETTING_PREFIXES)
    # A per-home key with no readable home id belongs to no home.
    return f"SELECT CASE WHEN NOT (CASE {cases} ELSE true END) THEN {NO_HOME} ELSE CASE {values} ELSE NULL END END"


def functions() -> Iterator[str]:
    """The owner-run functions the policies and the writer call."""
    me = f"SELECT a FROM {ACCESS_TABLE} a WHERE a.role_name = session_user"
    yield _definer("carehome_member", "", "boolean", f"SELECT EXISTS ({me})")
    yield _definer("carehome_reads", "h integer", "boolean",
                   f"SELECT EXISTS ({me} AND (a.kind = 'responsible_individual' OR a.home_id = h))")
    yield _definer("carehome_writes", "h integer", "boolean", f"SELECT EXISTS ({me} AND a.kind = 'manager' AND a.home_id = h)")
    yield _definer("carehome_writes_shared", "", "boolean", f"SELECT EXISTS ({me} AND a.kind = 'manager')")
    yield _definer("carehome_my_access", "", "text", f"SELECT a.kind FROM {ACCESS_TABLE} a WHERE a.role_name = session_user")
    yield _definer("carehome_staff_home", "s integer", "integer", "SELECT home_id FROM staff WHERE id = s")
    yield _definer("carehome_incident_home", "i integer", "integer", "SELECT home_id FROM incidents WHERE id = i")
    yield _definer("carehome_child_home", "c integer", "integer", "SELECT home_id FROM children WHERE id = c")
    yield _definer("carehome_certificate_home", "c integer", "integer",
                   "SELECT s.home_id FROM dbs_certificates d JOIN staff s ON s.id = d.staff_id WHERE d.id = c")
    yield _definer("carehome_setting_home", "k text", "integer", _setting_home_body())
    yield _definer("carehome_audit_home", "t text, r text, b text, a text", "integer", _audit_home_body(), "plpgsql")
    # The newest audit id of the whole trail, without any lock: what a window's change watcher polls.
    yield _definer("carehome_audit_max", "", "integer", "SELECT coalesce(max(id), 0) FROM audit_log")
    # The writer's view of the trail's newest link: a manager reads only their homes' audit rows, but
    # the chain runs through every home's, so this reads it as the owner, after queueing writers.
    yield ("CREATE OR REPLACE FUNCTION carehome_audit_head(OUT id integer, OUT hash text) LANGUAGE plpgsql "
           "VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$ BEGIN "
           "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE; "
           "SELECT x.id, x.hash INTO id, hash FROM audit_log x ORDER BY x.id DESC LIMIT 1; END $fn$")
    yield _JSON_TEXT
    # A member's audit row must continue the chain: the next id, and the newest row's hash as its prev_hash,
    # and carry the hash its content makes.
    yield _definer("carehome_audit_chain", "", "trigger", (
        "DECLARE head_id integer; head_hash text; content text; BEGIN "
        "IF NOT carehome_member() THEN RETURN NEW; END IF; "
        "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE; "
        "SELECT x.id, x.hash INTO head_id, head_hash FROM audit_log x ORDER BY x.id DESC LIMIT 1; "
        f"IF NEW.id IS DISTINCT FROM coalesce(head_id, 0) + 1 OR NEW.prev_hash IS DISTINCT FROM "
        f"coalesce(head_hash, repeat('0', 64)) THEN RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', "
        "MESSAGE = 'row-level security: an audit row must continue the trail (the next id, after the newest row''s hash)'; "
        "END IF; "
        f"content := '[' || carehome_json_text('{FORMAT}') || ',' || NEW.id || ',' || carehome_json_text("
        "to_char(NEW.at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00') || ',' || carehome_json_text(NEW.user_label) "
        "|| ',' || carehome_json_text(NEW.table_name) || ',' || carehome_json_text(NEW.record_id) || ',' || "
        "carehome_json_text(NEW.action) || ',' || carehome_json_text(NEW.before_json) || ',' || "
        "carehome_json_text(NEW.after_json) || ']'; "
        "IF NEW.hash IS DISTINCT FROM encode(sha256(convert_to(NEW.prev_hash || chr(10) || content, 'UTF8')), 'hex') "
        "THEN RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', "
        "MESSAGE = 'row-level security: an audit row''s hash must be the one its content makes'; END IF; "
        "RETURN NEW; END"), "plpgsql", "VOLATILE")
    # A member's settings change must have its audit row in the same transaction (checked at commit).
    yield _definer("carehome_settings_audited", "", "trigger", (
        "DECLARE k text := CASE WHEN TG_OP = 'DELETE' THEN OLD.key ELSE NEW.key END; BEGIN "
        "IF NOT carehome_member() THEN RETURN NULL; END IF; "
        "IF NOT EXISTS (SELECT 1 FROM audit_log x WHERE x.table_name = 'settings' AND x.record_id = k "
        "AND x.xmin = pg_current_xact_id()::xid) THEN RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', "
        "MESSAGE = 'row-level security: a settings change needs its audit row'; END IF; RETURN NULL; END"),
        "plpgsql", "VOLATILE")


#: A text as Python's ``json.dumps(..., ensure_ascii=True)`` writes it ('null' for NULL), for the chain's hash.
_JSON_TEXT = (
    "CREATE OR REPLACE FUNCTION carehome_json_text(s text) RETURNS text LANGUAGE plpgsql IMMUTABLE "
    "SET search_path = public, pg_temp AS $fn$ DECLARE o text := ''; c text; n integer; BEGIN "
    "IF s IS NULL THEN RETURN 'null'; END IF; "
    "IF s ~ '^[ -~]*$' AND position('\"' IN s) = 0 AND position('\\' IN s) = 0 THEN RETURN '\"' || s || '\"'; END IF; "
    "FOR i IN 1..length(s) LOOP c := substr(s, i, 1); n := ascii(c); "
    "IF c = '\"' THEN o := o || '\\\"'; ELSIF c = '\\' THEN o := o || '\\\\'; "
    "ELSIF n = 8 THEN o := o || '\\b'; ELSIF n = 12 THEN o := o || '\\f'; ELSIF n = 10 THEN o := o || '\\n'; "
    "ELSIF n = 13 THEN o := o || '\\r'; ELSIF n = 9 THEN o := o || '\\t'; "
    "ELSIF n BETWEEN 32 AND 126 THEN o := o || c; "
    "ELSIF n < 65536 THEN o := o || '\\u' || lpad(to_hex(n), 4, '0'); "
    "ELSE n := n - 65536; o := o || '\\u' || to_hex(55296 + (n >> 10)) || '\\u' || to_hex(56320 + (n & 1023)); "
    "END IF; END LOOP; RETURN '\"' || o || '\"'; END $fn$")


def setup_statements() -> Iterator[str]:
    """The DDL that turns access by home on (idempotent: run again after an upgrade adds a table)."""
    yield (f"CREATE TABLE IF NOT EXISTS {ACCESS_TABLE} (role_name name PRIMARY KEY, kind text NOT NULL "
           "CHECK (kind IN ('manager', 'responsible_individual', 'visitor')), home_id integer REFERENCES homes(id), "
           "CHECK ((kind = 'responsible_individual') = (home_id IS NULL)))")
    yield f"REVOKE ALL ON {ACCESS_TABLE} FROM PUBLIC"
    yield from functions()
    for function in POLICY_FUNCTIONS + WRITER_FUNCTIONS + TRIGGER_FUNCTIONS:
        yield f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC"
    yield "DROP TRIGGER IF EXISTS carehome_audit_chain ON audit_log"
    yield ("CREATE TRIGGER carehome_audit_chain BEFORE INSERT ON audit_log FOR EACH ROW "
           "EXECUTE FUNCTION carehome_audit_chain()")
    yield "DROP TRIGGER IF EXISTS carehome_settings_audited ON settings"
    yield ("CREATE CONSTRAINT TRIGGER carehome_settings_audited AFTER INSERT OR UPDATE OR DELETE ON settings "
           "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION carehome_settings_audited()")
    for table in metadata.sorted_tables:
        yield f"ALTER TABLE {table.name} ENABLE ROW LEVEL SECURITY"
        for policy in ("carehome_read", "carehome_add", "carehome_change", "carehome_remove"):
            yield f"DROP POLICY IF EXISTS {policy} ON {table.name}"
        if table is audit_log:
            home = "carehome_audit_home(table_name, record_id, before_json, after_json)"
            yield (f"CREATE POLICY carehome_read ON audit_log FOR SELECT USING (CASE WHEN {home} IS NULL "
                   f"THEN carehome_member() ELSE carehome_reads({home}) END)")
            # A manager's audit rows carry their role, and are about their own homes' records (or shared ones).
            yield ("CREATE POLICY carehome_add ON audit_log FOR INSERT WITH CHECK (carehome_writes_shared() "
                   "AND right(user_label, length(session_user) + 2) = '[' || session_user || ']' AND "
                   f"CASE WHEN {home} IS NULL THEN true ELSE carehome_writes({home}) END)")
            continue
        read = _rule(table.name, "carehome_reads") or "carehome_member()"
        write = _rule(table.name, "carehome_writes") or "carehome_writes_shared()"
        yield f"CREATE POLICY carehome_read ON {table.name} FOR SELECT USING ({read})"
        yield f"CREATE POLICY carehome_add ON {table.name} FOR INSERT WITH CHECK ({write})"
        yield f"CREATE POLICY carehome_change ON {table.name} FOR UPDATE USING ({write}) WITH CHECK ({write})"
        yield f"CREATE POLICY carehome_remove ON {table.name} FOR DELETE USING ({write})"
