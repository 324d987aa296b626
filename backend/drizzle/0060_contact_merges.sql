-- Web workspace (issue 11): merging two contacts of one customer keeps both addresses (both still match the
-- customer in every index) and shows them as one person: the merged contact points at the one it joined.
ALTER TABLE "contacts" ADD COLUMN "merged_into" text REFERENCES "contacts"("id") ON DELETE SET NULL;
--> statement-breakpoint
CREATE INDEX "contacts_merged_into" ON "contacts" ("merged_into") WHERE "merged_into" IS NOT NULL;
