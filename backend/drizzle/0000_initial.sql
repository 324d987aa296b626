CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"kind" text DEFAULT 'api' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"address" text NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"last_touch_at" timestamp with time zone,
	"seq" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_domains" (
	"workspace_id" text NOT NULL,
	"domain" text NOT NULL,
	"customer_id" text NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_domains_workspace_id_domain_pk" PRIMARY KEY("workspace_id","domain")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"attributes" jsonb NOT NULL,
	"last_touch_at" timestamp with time zone,
	"seq" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_customers" (
	"email_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "email_customers_customer_id_email_id_pk" PRIMARY KEY("customer_id","email_id")
);
--> statement-breakpoint
CREATE TABLE "email_syncs" (
	"email_id" text NOT NULL,
	"user_id" text NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_syncs_email_id_user_id_pk" PRIMARY KEY("email_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "emails" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"message_key" text NOT NULL,
	"message_id" text NOT NULL,
	"thread_key" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"from_header" text NOT NULL,
	"to_header" text DEFAULT '' NOT NULL,
	"cc_header" text DEFAULT '' NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"direction" text NOT NULL,
	"snippet" text DEFAULT '' NOT NULL,
	"text_body" text,
	"html_body" text,
	"source" text NOT NULL,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exclusions" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"user_id" text,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"seq" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "index_tombstones" (
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"item_id" text NOT NULL,
	"user_id" text,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"internal_domains" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"settings" jsonb NOT NULL,
	"inbound_key" text NOT NULL,
	"index_seq" bigint DEFAULT 0 NOT NULL,
	"index_epoch" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_inbound_key_unique" UNIQUE("inbound_key")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_domains" ADD CONSTRAINT "customer_domains_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_customers" ADD CONSTRAINT "email_customers_email_id_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_customers" ADD CONSTRAINT "email_customers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_syncs" ADD CONSTRAINT "email_syncs_email_id_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_syncs" ADD CONSTRAINT "email_syncs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exclusions" ADD CONSTRAINT "exclusions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exclusions" ADD CONSTRAINT "exclusions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "index_tombstones" ADD CONSTRAINT "index_tombstones_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_workspace_address" ON "contacts" USING btree ("workspace_id","address");--> statement-breakpoint
CREATE INDEX "contacts_customer" ON "contacts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contacts_workspace_seq" ON "contacts" USING btree ("workspace_id","seq");--> statement-breakpoint
CREATE INDEX "customer_domains_customer" ON "customer_domains" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customers_workspace_name" ON "customers" USING btree ("workspace_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "customers_workspace_seq" ON "customers" USING btree ("workspace_id","seq");--> statement-breakpoint
CREATE INDEX "email_customers_history" ON "email_customers" USING btree ("customer_id","sent_at" DESC NULLS LAST,"email_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "email_customers_email" ON "email_customers" USING btree ("email_id");--> statement-breakpoint
CREATE INDEX "email_syncs_user" ON "email_syncs" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "emails_workspace_message_key" ON "emails" USING btree ("workspace_id","message_key");--> statement-breakpoint
CREATE INDEX "emails_workspace_thread" ON "emails" USING btree ("workspace_id","thread_key");--> statement-breakpoint
CREATE UNIQUE INDEX "exclusions_unique" ON "exclusions" USING btree ("workspace_id",coalesce("user_id", ''),"kind","value");--> statement-breakpoint
CREATE INDEX "exclusions_workspace_seq" ON "exclusions" USING btree ("workspace_id","seq");--> statement-breakpoint
CREATE INDEX "index_tombstones_workspace_seq" ON "index_tombstones" USING btree ("workspace_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "users_workspace_email" ON "users" USING btree ("workspace_id","email");--> statement-breakpoint
CREATE INDEX "users_email" ON "users" USING btree ("email");