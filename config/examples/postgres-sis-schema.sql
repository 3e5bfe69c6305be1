-- A sample student information system in PostgreSQL, shaped like a typical Ontario SIS:
-- students with their OEN in its own column, legal names and birth date in student_demographics,
-- former surnames, school enrolments, transcript marks and diploma requirements.
-- The eTMS queries in postgres-sis.json read it; the etms_* functions and the indexes
-- below are what a board adds so that candidate lookups stay fast with a million students.
-- Objects are unqualified: create them in the schema of your choice (search_path).

-- Name normalisation as eTMS does it: accents stripped, upper case, apostrophes removed,
-- hyphens and other punctuation to spaces, blanks collapsed. IMMUTABLE so it can be indexed.
CREATE FUNCTION etms_norm_name(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
  -- translate() maps accented letters and deletes apostrophes (listed past the end of its target);
  -- one regular expression then turns every other run of punctuation or blanks into one space.
  SELECT btrim(regexp_replace(
    upper(replace(replace(replace(replace(replace(translate(name,
      'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸŁł''’‘`´',
      'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyYLl'),
      'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ß', 'ss')),
    '[^A-Z0-9]+', ' ', 'g'))
$$;

-- The keys a surname is found by: whole, each part, and the parts run together (also with St/Ste
-- before another word read as Saint/Sainte, as eTMS reads it).
-- The normalisation is repeated rather than calling etms_norm_name: index builds run with a
-- restricted search_path (PostgreSQL 17+), where an unqualified call would not be found.
CREATE FUNCTION etms_name_keys(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
  SELECT CASE WHEN n = '' THEN ARRAY[]::text[]
              ELSE ARRAY(SELECT DISTINCT k FROM unnest(string_to_array(n, ' ') || n || replace(n, ' ', '')
                                                        || replace(regexp_replace(n, '\m(ST)(E?) ', 'SAINT\2 ', 'g'), ' ', '')) AS k) END
  FROM (SELECT btrim(regexp_replace(
    upper(replace(replace(replace(replace(replace(translate(name,
      'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸŁł''’‘`´',
      'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyYLl'),
      'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ß', 'ss')),
    '[^A-Z0-9]+', ' ', 'g')) AS n) AS normalised
$$;

-- Part k (1, 2, 3) of a multi-part surname, or with k = 0 the parts run together. Indexed with the
-- birth date for names that have a separator, so "SMITH" finds "Smith-Jones" by an exact index
-- lookup rather than by re-normalising every Smith-something.
CREATE FUNCTION etms_name_part(name text, k int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
  SELECT CASE WHEN k = 0 THEN replace(n, ' ', '') ELSE nullif(split_part(n, ' ', k), '') END
  FROM (SELECT btrim(regexp_replace(
    upper(replace(replace(replace(replace(replace(translate(name,
      'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸŁł''’‘`´',
      'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyYLl'),
      'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ß', 'ss')),
    '[^A-Z0-9]+', ' ', 'g')) AS n) AS normalised
$$;

-- Every "YYYY-MM-DD:KEY" of a student: the birth date joined to each key of the legal first,
-- middle, preferred and legal last names: each word, and each run of the last words together (the
-- whole name glued, and "DE LA FUENTE GARCIA" also as FUENTEGARCIA, the form eTMS gives a surname
-- without its leading particles), with St/Ste before another word read as Saint/Sainte, as eTMS
-- does. Its GIN index finds, in one lookup, the students born on any of a request's birth dates who
-- share a name with it (candidatesByNamesOnBirthDates). to_char with numeric fields only gives the
-- same text whatever the locale or DateStyle; the normalisation is repeated, as in etms_name_keys.
CREATE FUNCTION etms_date_name_keys(birth_date date, first_name text, middle_names text, preferred_first_name text, last_name text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT to_char(birth_date, 'YYYY-MM-DD') || ':' || k), ARRAY[]::text[])
  FROM unnest(ARRAY[first_name, middle_names, preferred_first_name, last_name]) AS name,
       LATERAL (SELECT btrim(regexp_replace(
         upper(replace(replace(replace(replace(replace(translate(name,
           'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸŁł''’‘`´',
           'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyYLl'),
           'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ß', 'ss')),
         '[^A-Z0-9]+', ' ', 'g')) AS n) AS normalised,
       LATERAL (SELECT string_to_array(regexp_replace(n, '\m(ST)(E?) ', 'SAINT\2 ', 'g'), ' ') AS w) AS split,
       LATERAL (SELECT w[i] FROM generate_subscripts(w, 1) AS i
                UNION SELECT array_to_string(w[i:], '') FROM generate_subscripts(w, 1) AS i) AS keys(k)
  WHERE n <> ''
$$;

-- Every "YYYY:SURNAME:GIVEN" of a student: the birth year with each key of the legal last name and
-- each key of the legal first, middle and preferred names (keys as in etms_date_name_keys). Its GIN
-- index finds, in one lookup, the students born in a request's birth years who share a surname and
-- a given name with it, either way round (candidatesByNamesInBirthYears). Former surnames live in
-- their own table: the query reaches them through etms_name_keys. The normalisation is repeated.
CREATE FUNCTION etms_year_name_pairs(birth_date date, first_name text, middle_names text, preferred_first_name text, last_name text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH keys AS (
    SELECT DISTINCT role, k
      FROM (VALUES ('S', last_name), ('G', first_name), ('G', middle_names), ('G', preferred_first_name)) AS names(role, name),
           LATERAL (SELECT btrim(regexp_replace(
             upper(replace(replace(replace(replace(replace(translate(name,
               'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸŁł''’‘`´',
               'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyYLl'),
               'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ß', 'ss')),
             '[^A-Z0-9]+', ' ', 'g')) AS n) AS normalised,
           LATERAL (SELECT string_to_array(regexp_replace(n, '\m(ST)(E?) ', 'SAINT\2 ', 'g'), ' ') AS w) AS split,
           LATERAL (SELECT w[i] FROM generate_subscripts(w, 1) AS i
                    UNION SELECT array_to_string(w[i:], '') FROM generate_subscripts(w, 1) AS i) AS keys(k)
     WHERE n <> '')
  SELECT coalesce(array_agg(to_char(birth_date, 'YYYY') || ':' || s.k || ':' || g.k), ARRAY[]::text[])
    FROM keys s JOIN keys g ON s.role = 'S' AND g.role = 'G'
$$;

-- A student's full name as eTMS counts it: the legal first name and the legal last name, each
-- normalised and run together (St/Ste before another word read as Saint/Sainte), "FIRST:LAST"; NULL
-- when either is empty. Its index finds how many students share a full name in one short read
-- (candidatesByFullNames). The normalisation is repeated, as in etms_name_keys.
CREATE FUNCTION etms_full_name(first_name text, last_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
  SELECT CASE WHEN min(k) = '' THEN NULL ELSE string_agg(k, ':' ORDER BY o) END
  FROM unnest(ARRAY[first_name, last_name]) WITH ORDINALITY AS names(name, o),
       LATERAL (SELECT replace(regexp_replace(btrim(regexp_replace(
         upper(replace(replace(replace(replace(replace(translate(name,
           'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸŁł''’‘`´',
           'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyYLl'),
           'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ß', 'ss')),
         '[^A-Z0-9]+', ' ', 'g')), '\m(ST)(E?) ', 'SAINT\2 ', 'g'), ' ', '') AS k) AS normalised
$$;

CREATE TABLE board (
  board_id     serial PRIMARY KEY,
  board_number varchar(10) NOT NULL UNIQUE,
  name         text NOT NULL
);

CREATE TABLE school (
  school_id serial PRIMARY KEY,
  bsid      varchar(6) NOT NULL UNIQUE,  -- the Ministry's board school identification number (MIDENT)
  name      text NOT NULL,
  city      text,
  board_id  int REFERENCES board
);

CREATE TABLE student (
  student_id     bigserial PRIMARY KEY,
  student_number varchar(20) NOT NULL UNIQUE,
  oen            char(9),                 -- Ontario Education Number, when assigned
  home_school_id int REFERENCES school
);

CREATE TABLE student_demographics (
  student_id           bigint PRIMARY KEY REFERENCES student ON DELETE CASCADE,
  legal_first_name     text,
  legal_middle_names   text,
  legal_last_name      text NOT NULL,
  preferred_first_name text,
  birth_date           date NOT NULL,
  gender               char(1) CHECK (gender IN ('M', 'F', 'X'))
);

CREATE TABLE student_previous_name (
  student_id bigint NOT NULL REFERENCES student ON DELETE CASCADE,
  last_name  text NOT NULL,
  changed_on date NOT NULL
);

CREATE TABLE student_school_enrolment (
  enrolment_id bigserial PRIMARY KEY,
  student_id   bigint NOT NULL REFERENCES student ON DELETE CASCADE,
  school_id    int NOT NULL REFERENCES school,
  entry_date   date NOT NULL,
  exit_date    date
);

CREATE TABLE transcript_mark (
  mark_id            bigserial PRIMARY KEY,
  student_id         bigint NOT NULL REFERENCES student ON DELETE CASCADE,
  course_code        varchar(6) NOT NULL,
  course_title       text NOT NULL,
  grade_level        smallint,
  completion_date    date NOT NULL,
  mark               varchar(4) NOT NULL,  -- 0-100, or a word for non-credit courses
  credit_value       numeric(3, 2) NOT NULL DEFAULT 1,
  credit_earned      numeric(3, 2) NOT NULL DEFAULT 0,
  compulsory         boolean NOT NULL DEFAULT false,
  attempt_status     char(1) CHECK (attempt_status IN ('R', 'W', 'X')),
  notes              text,                 -- e.g. 'EQUIVALENCY;ELEARNING'
  delivery_school_id int REFERENCES school
);

CREATE TABLE diploma_requirement (
  student_id       bigint PRIMARY KEY REFERENCES student ON DELETE CASCADE,
  community_hours  numeric(5, 1) NOT NULL DEFAULT 0,
  literacy_status  varchar(8) NOT NULL DEFAULT 'NOT_YET',  -- OSSLT, OLC4O, NOT_YET
  online_learning  varchar(8),                            -- MET, EXEMPT, NOT_MET
  shsm_sector      text,
  diploma_type     varchar(4),                            -- OSSD, OSSC
  diploma_date     date
);

-- Lookups by identifier.
CREATE INDEX student_oen_idx ON student (oen);
-- Lookups by birth date (and given name on a birth date).
CREATE INDEX student_demographics_birth_idx ON student_demographics (birth_date);
-- Surname within a birth-year window: the whole normalised surname with the birth date, and the
-- student id so that common surnames are read from the index alone (no per-row re-normalisation).
CREATE INDEX student_demographics_surname_idx ON student_demographics (etms_norm_name(legal_last_name), birth_date) INCLUDE (student_id);
-- Parts of multi-part and hyphenated surnames: only names with a separator, so these stay small.
CREATE INDEX student_demographics_surname_part1_idx ON student_demographics (etms_name_part(legal_last_name, 1), birth_date)
  INCLUDE (student_id) WHERE legal_last_name ~ '[^[:alnum:]''’‘`´]';
CREATE INDEX student_demographics_surname_part2_idx ON student_demographics (etms_name_part(legal_last_name, 2), birth_date)
  INCLUDE (student_id) WHERE legal_last_name ~ '[^[:alnum:]''’‘`´]';
CREATE INDEX student_demographics_surname_part3_idx ON student_demographics (etms_name_part(legal_last_name, 3), birth_date)
  INCLUDE (student_id) WHERE legal_last_name ~ '[^[:alnum:]''’‘`´]';
CREATE INDEX student_demographics_surname_joined_idx ON student_demographics (etms_name_part(legal_last_name, 0), birth_date)
  INCLUDE (student_id) WHERE legal_last_name ~ '[^[:alnum:]''’‘`´]';
-- The three GIN indexes of name keys compare them byte by byte (COLLATE "C"): the keys are
-- upper-case ASCII, and the database's own collation (en_US.UTF-8, C.UTF-8…) would be consulted
-- for every comparison of a lookup, which makes each key looked up about twice as slow. The
-- queries name the same collation on the indexed expression; without it the index is not used.
-- Names on any of a request's birth dates, in one lookup (see etms_date_name_keys).
CREATE INDEX student_demographics_date_name_keys_idx ON student_demographics
  USING gin ((etms_date_name_keys(birth_date, legal_first_name, legal_middle_names, preferred_first_name, legal_last_name)) COLLATE "C");
-- A surname and a given name in any of a request's birth years, in one lookup (see etms_year_name_pairs).
CREATE INDEX student_demographics_year_name_pairs_idx ON student_demographics
  USING gin ((etms_year_name_pairs(birth_date, legal_first_name, legal_middle_names, preferred_first_name, legal_last_name)) COLLATE "C");
-- Full names (first name and surname run together), for counting who shares one; the student id
-- included so that the count is read from the index alone.
CREATE INDEX student_demographics_full_name_idx ON student_demographics
  ((etms_full_name(legal_first_name, legal_last_name)) COLLATE "C") INCLUDE (student_id);
-- Former surnames.
CREATE INDEX student_previous_name_keys_idx ON student_previous_name USING gin ((etms_name_keys(last_name)) COLLATE "C");
CREATE INDEX student_previous_name_student_idx ON student_previous_name (student_id);
-- With exit_date, the last date attended (max(exit_date)) is read from the index alone.
CREATE INDEX student_school_enrolment_student_idx ON student_school_enrolment (student_id, exit_date);
CREATE INDEX transcript_mark_student_idx ON transcript_mark (student_id);
