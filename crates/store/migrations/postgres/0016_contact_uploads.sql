-- Contact logs uploaded in the browser (issue 7): every step after the upload (the
-- mapping, the import and its progress page) may land on another instance, so what they
-- need lives here, not in one process's memory.

-- A file waiting for its mapping, kept at most two hours (then purged) and deleted when
-- its import starts. token is the 256-bit random handle in the mapping page's address.
CREATE TABLE contact_uploads (
    token      TEXT PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisations (id),
    user_id    BIGINT NOT NULL,
    file_name  TEXT NOT NULL,
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX contact_uploads_created ON contact_uploads (created_at);

-- The file itself, in parts of up to 4 MB (part 0, 1, ...).
CREATE TABLE contact_upload_parts (
    token TEXT NOT NULL REFERENCES contact_uploads (token) ON DELETE CASCADE,
    part  BIGINT NOT NULL,
    data  BYTEA NOT NULL,
    PRIMARY KEY (token, part)
);

-- An import started in the browser: its handle (the progress page's address), the
-- rows the file holds (from the mapping step's scan), the rows handled so far (written
-- while it runs where the database allows a second writer, i.e. on PostgreSQL) and the
-- first bad rows as JSON [[line, column or null, reason], ...].
ALTER TABLE contact_imports ADD COLUMN token TEXT;
ALTER TABLE contact_imports ADD COLUMN total_rows BIGINT;
ALTER TABLE contact_imports ADD COLUMN handled BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contact_imports ADD COLUMN errors TEXT;
CREATE UNIQUE INDEX contact_imports_token ON contact_imports (token);
