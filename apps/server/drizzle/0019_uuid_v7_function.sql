-- UUIDv7 for rows written set-based in SQL (INSERT … SELECT), where the application cannot hand out ids: the
-- first 48 bits are the Unix time in milliseconds, then version 7, the RFC variant and random bits (from
-- gen_random_uuid, version 4, whose version nibble 0100 becomes 0111). PostgreSQL 15 has no uuidv7().
CREATE OR REPLACE FUNCTION anzhi_uuid_v7() RETURNS uuid AS $$
  SELECT encode(
    set_bit(
      set_bit(
        overlay(uuid_send(gen_random_uuid())
          placing substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
          FROM 1 FOR 6),
        52, 1),
      53, 1),
    'hex')::uuid
$$ LANGUAGE sql VOLATILE;
