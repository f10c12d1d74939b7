-- API keys can be revoked (API_KEY_REVOKED): the row stays as a tombstone, so that an issued event arriving or
-- replayed after its revocation never brings the key back.
ALTER TABLE api_keys ADD COLUMN revoked_at timestamptz;
