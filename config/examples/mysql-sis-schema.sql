-- A sample student information system in MariaDB, shaped like a typical Ontario SIS (the same
-- tables as postgres-sis-schema.sql). MariaDB has no expression indexes, so the normalised names
-- eTMS looks students up by are indexed generated columns. The utf8mb4_unicode_ci collation makes
-- comparisons case- and accent-insensitive ('BELANGER' = 'Bélanger'); the generated columns remove
-- apostrophes and turn hyphens and other punctuation into spaces, then split multi-part surnames.

CREATE TABLE board (
  board_id     INT AUTO_INCREMENT PRIMARY KEY,
  board_number VARCHAR(10) NOT NULL UNIQUE,
  name         VARCHAR(200) NOT NULL
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE school (
  school_id INT AUTO_INCREMENT PRIMARY KEY,
  bsid      VARCHAR(6) NOT NULL UNIQUE,
  name      VARCHAR(200) NOT NULL,
  city      VARCHAR(100),
  board_id  INT REFERENCES board (board_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE student (
  student_id     BIGINT AUTO_INCREMENT PRIMARY KEY,
  student_number VARCHAR(20) NOT NULL UNIQUE,
  oen            CHAR(9),
  home_school_id INT,
  KEY student_oen_idx (oen)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE student_demographics (
  student_id           BIGINT PRIMARY KEY,
  legal_first_name     VARCHAR(100),
  legal_middle_names   VARCHAR(100),
  legal_last_name      VARCHAR(100) NOT NULL,
  preferred_first_name VARCHAR(100),
  birth_date           DATE NOT NULL,
  gender               CHAR(1),
  last_name_key VARCHAR(100) AS (UPPER(TRIM(REGEXP_REPLACE(REGEXP_REPLACE(legal_last_name, '[''’‘`´]', ''), '[^[:alnum:]]+', ' ')))) PERSISTENT,
  last_name_part1 VARCHAR(100) AS (SUBSTRING_INDEX(last_name_key, ' ', 1)) PERSISTENT,
  last_name_part2 VARCHAR(100) AS (IF(LOCATE(' ', last_name_key) > 0, SUBSTRING_INDEX(SUBSTRING_INDEX(last_name_key, ' ', 2), ' ', -1), NULL)) PERSISTENT,
  last_name_part3 VARCHAR(100) AS (IF(CHAR_LENGTH(last_name_key) - CHAR_LENGTH(REPLACE(last_name_key, ' ', '')) >= 2, SUBSTRING_INDEX(SUBSTRING_INDEX(last_name_key, ' ', 3), ' ', -1), NULL)) PERSISTENT,
  last_name_joined VARCHAR(100) AS (IF(LOCATE(' ', last_name_key) > 0, REPLACE(last_name_key, ' ', ''), NULL)) PERSISTENT,
  first_name_key VARCHAR(100) AS (UPPER(TRIM(REGEXP_REPLACE(REGEXP_REPLACE(legal_first_name, '[''’‘`´]', ''), '[^[:alnum:]]+', ' ')))) PERSISTENT,
  first_name_part1 VARCHAR(100) AS (SUBSTRING_INDEX(first_name_key, ' ', 1)) PERSISTENT,
  preferred_first_name_key VARCHAR(100) AS (UPPER(TRIM(REGEXP_REPLACE(REGEXP_REPLACE(preferred_first_name, '[''’‘`´]', ''), '[^[:alnum:]]+', ' ')))) PERSISTENT,
  middle_name_part1 VARCHAR(100) AS (SUBSTRING_INDEX(UPPER(TRIM(REGEXP_REPLACE(legal_middle_names, '[^[:alnum:]]+', ' '))), ' ', 1)) PERSISTENT,
  middle_names_key VARCHAR(100) AS (UPPER(TRIM(REGEXP_REPLACE(REGEXP_REPLACE(legal_middle_names, '[''’‘`´]', ''), '[^[:alnum:]]+', ' ')))) PERSISTENT,
  -- Birth dates, with the normalised names so that candidatesByNamesOnBirthDates tests them in the
  -- index (index condition pushdown) and reads only the rows that match.
  KEY student_demographics_birth_idx (birth_date, last_name_key, first_name_key, middle_names_key, preferred_first_name_key),
  KEY student_demographics_surname_idx (last_name_key, birth_date),
  KEY student_demographics_part1_idx (last_name_part1, birth_date),
  KEY student_demographics_part2_idx (last_name_part2, birth_date),
  KEY student_demographics_part3_idx (last_name_part3, birth_date),
  KEY student_demographics_joined_idx (last_name_joined, birth_date)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE student_previous_name (
  student_id BIGINT NOT NULL,
  last_name  VARCHAR(100) NOT NULL,
  changed_on DATE NOT NULL,
  last_name_key VARCHAR(100) AS (UPPER(TRIM(REGEXP_REPLACE(REGEXP_REPLACE(last_name, '[''’‘`´]', ''), '[^[:alnum:]]+', ' ')))) PERSISTENT,
  last_name_part1 VARCHAR(100) AS (SUBSTRING_INDEX(last_name_key, ' ', 1)) PERSISTENT,
  last_name_part2 VARCHAR(100) AS (IF(LOCATE(' ', last_name_key) > 0, SUBSTRING_INDEX(SUBSTRING_INDEX(last_name_key, ' ', 2), ' ', -1), NULL)) PERSISTENT,
  KEY student_previous_name_student_idx (student_id),
  KEY student_previous_name_key_idx (last_name_key),
  KEY student_previous_name_part1_idx (last_name_part1),
  KEY student_previous_name_part2_idx (last_name_part2)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE student_school_enrolment (
  enrolment_id BIGINT AUTO_INCREMENT PRIMARY KEY,
  student_id   BIGINT NOT NULL,
  school_id    INT NOT NULL,
  entry_date   DATE NOT NULL,
  exit_date    DATE,
  KEY student_school_enrolment_student_idx (student_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE transcript_mark (
  mark_id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  student_id         BIGINT NOT NULL,
  course_code        VARCHAR(6) NOT NULL,
  course_title       VARCHAR(200) NOT NULL,
  grade_level        SMALLINT,
  completion_date    DATE NOT NULL,
  mark               VARCHAR(4) NOT NULL,
  credit_value       DECIMAL(3, 2) NOT NULL DEFAULT 1,
  credit_earned      DECIMAL(3, 2) NOT NULL DEFAULT 0,
  compulsory         TINYINT(1) NOT NULL DEFAULT 0,
  attempt_status     CHAR(1),
  notes              VARCHAR(200),
  delivery_school_id INT,
  KEY transcript_mark_student_idx (student_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE diploma_requirement (
  student_id      BIGINT PRIMARY KEY,
  community_hours DECIMAL(5, 1) NOT NULL DEFAULT 0,
  literacy_status VARCHAR(8) NOT NULL DEFAULT 'NOT_YET',
  online_learning VARCHAR(8),
  shsm_sector     VARCHAR(100),
  diploma_type    VARCHAR(4),
  diploma_date    DATE
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
