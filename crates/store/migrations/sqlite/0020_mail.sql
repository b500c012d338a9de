-- Mail (issue 14): an organisation's contact address, the address an account invitation
-- was mailed to, and the queue every mail goes through.

-- Where the organisation's contact account is invited ("invite every organisation's
-- contact"); filled by hand, by `trappe org add --contact-email` or by an import.
ALTER TABLE organisations ADD COLUMN contact_email TEXT;

-- The address an invitation was mailed to (NULL: shown as a link, not mailed), so
-- inviting every contact again skips those with an open invitation.
ALTER TABLE account_invitations ADD COLUMN email TEXT;

-- One mail to one recipient. A sender (one at a time, through the `mail` job's lease)
-- marks it 'sending' and commits before it talks to the server, so a process killed
-- mid-send leaves it 'sending', which the next sender turns into 'unknown': listed for
-- the organiser to resend by choice, never resent by itself. The body (which may hold
-- a single-use link) is deleted when the mail is sent or refused for good; what stays
-- is the recipient, the subject, the state and the server's reply.
CREATE TABLE mail_messages (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT,
    body_html       TEXT,
    -- What the mail is, e.g. 'account_invitation'.
    kind            TEXT NOT NULL,
    org_id          INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
    round_id        INTEGER REFERENCES rounds (id) ON DELETE CASCADE,
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- Unix seconds: not before this time (a retry's backoff).
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    sent_at         INTEGER,
    -- The server's last reply (or the connection's error), for the organiser.
    reply           TEXT,
    -- The Message-ID header of the last attempt (also the outbox file's name).
    message_id      TEXT,
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX mail_messages_due ON mail_messages (state, next_attempt_at, id);
