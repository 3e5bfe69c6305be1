-- Why Auto-eTMS handed a request to staff, kept as a code (NOT_FOUND, AMBIGUOUS, NO_ACADEMIC_DATA…)
-- that each page turns into its own language, with the agent's English sentence beside the French
-- one (auto_error_reason) for the reasons that carry details (a transcript that could not be built).
ALTER TABLE requests ADD COLUMN auto_error_code text;
ALTER TABLE requests ADD COLUMN auto_error_reason_en text;
