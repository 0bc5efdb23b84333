-- Initial dated facts for registry rows loaded before health, labour capacity and placement were dated:
-- each fact starts on the first day the person (or household) is in the registry (first membership). No household
-- could be closed before this migration, so every placement period is open.
INSERT INTO "person_health" ("id", "county_code", "person_id", "health", "disability_grade", "valid_from")
SELECT gen_random_uuid(), p."county_code", p."id", p."health", p."disability_grade",
  coalesce((SELECT min(m."valid_from") FROM "household_members" m WHERE m."person_id" = p."id"), p."created_at"::date)
FROM "persons" p
WHERE NOT EXISTS (SELECT 1 FROM "person_health" f WHERE f."person_id" = p."id");
--> statement-breakpoint
INSERT INTO "person_labour" ("id", "county_code", "person_id", "labour_capacity", "valid_from")
SELECT gen_random_uuid(), p."county_code", p."id", p."labour_capacity",
  coalesce((SELECT min(m."valid_from") FROM "household_members" m WHERE m."person_id" = p."id"), p."created_at"::date)
FROM "persons" p
WHERE NOT EXISTS (SELECT 1 FROM "person_labour" f WHERE f."person_id" = p."id");
--> statement-breakpoint
INSERT INTO "household_placement" ("id", "county_code", "household_id", "placement", "site_id", "building", "unit", "room", "destination_village_code", "valid_from")
SELECT gen_random_uuid(), h."county_code", h."id", h."placement", h."site_id", h."building", h."unit", h."room", h."destination_village_code",
  coalesce((SELECT min(m."valid_from") FROM "household_members" m WHERE m."household_id" = h."id"), h."handover_date", h."created_at"::date)
FROM "households" h
WHERE NOT EXISTS (SELECT 1 FROM "household_placement" f WHERE f."household_id" = h."id");
