-- Who started an investigation and who cancelled it: the names of their API keys (OATS_API_KEYS
-- takes name=KEY), shown in the UI and the API. Null for investigations from before this migration
-- and for those not cancelled. Plain ALTER TABLE ... ADD COLUMN: valid on H2 and PostgreSQL.
ALTER TABLE investigations ADD COLUMN started_by VARCHAR(200);
ALTER TABLE investigations ADD COLUMN cancelled_by VARCHAR(200);
