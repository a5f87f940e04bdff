-- Conversations on the Ask page and `cairn ask --thread`: a thread is the questions asked one after
-- another, each with its answer and the passages it cites. The cited passages are copied, not
-- referenced: a thread stays readable after its documents are re-indexed or removed.
CREATE TABLE threads (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the first question, shortened
    title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- when the last question was asked; the list shows the most recent first
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX threads_by_update ON threads (updated_at DESC, id DESC);

CREATE TABLE thread_turns (
    thread_id    bigint NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    -- 1, 2, ... in the order the questions were asked
    position     int NOT NULL CHECK (position >= 1),
    question     text NOT NULL,
    -- what retrieval searched for: the question itself, or a follow-up rewritten to stand alone
    searched_for text NOT NULL,
    answer       text NOT NULL,
    -- the language model that wrote the answer; '' when it was put together from the passages
    writer       text NOT NULL DEFAULT '',
    -- what a person should know about how the answer was made (e.g. the model was unreachable)
    note         text NOT NULL DEFAULT '',
    asked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (thread_id, position)
);

CREATE TABLE thread_citations (
    thread_id  bigint NOT NULL,
    position   int NOT NULL,
    -- the n of the answer's [n] marker
    n          int NOT NULL CHECK (n >= 1),
    path       text NOT NULL,
    title      text,
    page       int,
    snippet    text NOT NULL,
    passage    text NOT NULL,
    char_start int NOT NULL,
    char_end   int NOT NULL,
    score      double precision NOT NULL,
    -- where the passage is in its document, in words: "p. 4", "slide 4", "sheet Budget, rows 2-40"
    place      text NOT NULL DEFAULT '',
    PRIMARY KEY (thread_id, position, n),
    FOREIGN KEY (thread_id, position) REFERENCES thread_turns (thread_id, position) ON DELETE CASCADE
);
