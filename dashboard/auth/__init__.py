"""Who sees what: users (bcrypt hashes), login rate limiting, sessions, the access and data policy, audit log.

- `users`     the users file (TOML outside git, `config.users_file()`), bcrypt hashes only, atomic writes
- `ratelimit` failed sign-ins per login and per client: locked for a while after too many
- `audit`     the append-only audit log (JSON lines under `config.audit_dir()`, fsync on every write)
- `policy`    pure rules: which pages a role may open, what data it may see (`DataPolicy.apply`)
- `session`   sign-in / sign-out / idle timeout in `st.session_state` (the only module that imports streamlit)
"""
