-- An intake credential may be bound to the application centre it files for (OCAS or OUAC): it then
-- files, cancels and reads only that centre's requests. A credential without one acts for both.
ALTER TABLE machine_credentials ADD COLUMN origin text CHECK (origin IN ('OCAS', 'OUAC'));
ALTER TABLE machine_credentials ADD CONSTRAINT machine_credentials_origin_intake
  CHECK (origin IS NULL OR kind = 'INTAKE');
