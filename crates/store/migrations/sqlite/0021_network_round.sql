-- A network's round by e-mail (issue 14): a deadline, the round's language and mail
-- texts, respondent lists, and completions counted per day.

-- The last day to answer (ISO date, 'YYYY-MM-DD', in Danish time); NULL: none.
ALTER TABLE rounds ADD COLUMN deadline TEXT;
-- 1: the round closes itself once its deadline day has ended.
ALTER TABLE rounds ADD COLUMN close_after_deadline INTEGER NOT NULL DEFAULT 0;
-- The language of the round's mails and of a respondent's first page by default.
ALTER TABLE rounds ADD COLUMN language TEXT NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en'));
-- The organiser's own invitation and reminder texts (NULL: the catalogue's default).
-- Placeholders: {organisation}, {link}, {deadline}, {sender}.
ALTER TABLE rounds ADD COLUMN invitation_subject TEXT;
ALTER TABLE rounds ADD COLUMN invitation_body TEXT;
ALTER TABLE rounds ADD COLUMN reminder_subject TEXT;
ALTER TABLE rounds ADD COLUMN reminder_body TEXT;

-- One address on a round's respondent list. It knows whether its person has completed
-- (through its link's state), never what they answered: the link's response is cleared
-- on submit, and a response keeps no link, address or time. Deleted with the round's
-- retention, or by the organiser once the round has closed.
CREATE TABLE respondents (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    -- The address lower-cased: one row per address and round.
    email_key   TEXT NOT NULL,
    role        TEXT,
    -- Who put the address on the list: the organiser, or the organisation's own staff
    -- (whose links then follow the rule for staff-made links).
    listed_by   TEXT NOT NULL CHECK (listed_by IN ('organiser', 'staff')),
    -- The single-use link mailed to this address (made when the invitation is sent).
    link_id     INTEGER REFERENCES invitations (id) ON DELETE SET NULL,
    -- Mails that went to this address (invitation and reminders).
    mails_sent  INTEGER NOT NULL DEFAULT 0,
    -- The server's reply when the address was refused for good.
    failed      TEXT,
    UNIQUE (round_id, email_key)
);
CREATE INDEX respondents_round_org ON respondents (round_id, org_id);

-- Completed questionnaires per organisation and day, for the participation chart: a
-- count, never a row per response, so a day cannot be tied to an answer.
CREATE TABLE completions_per_day (
    round_id INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    org_id   INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    count    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, org_id, day)
);
