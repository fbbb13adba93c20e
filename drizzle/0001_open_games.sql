ALTER TABLE "games" ADD COLUMN "delete_token_hash" text;--> statement-breakpoint
CREATE INDEX "games_open_created_idx" ON "games" USING btree ("created_at") WHERE "games"."session_id" is null;