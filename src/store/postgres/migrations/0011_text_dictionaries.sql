-- zstd dictionaries the descriptions' frames are compressed with (store/text_codec.h): a
-- frame names its dictionary's id in its header; frames without one need none. Rows are only
-- added, never changed or deleted, so every frame stays readable.
CREATE TABLE text_dictionaries (
  dict_id    bigint PRIMARY KEY,    -- the zstd dictionary id (ZDICT_getDictID)
  created_at bigint NOT NULL,       -- Unix seconds
  dictionary bytea NOT NULL         -- the dictionary, as zstd's trainer made it
);
