-- Account deletion (注销, PIPL Art 47): the user row stays as a tombstone so past registrations keep their owner key,
-- but its openid is replaced and its unionid erased, so nothing links it to a WeChat account any more.
ALTER TABLE users ADD COLUMN deleted_at DATETIME(6) NULL AFTER last_login_at;
