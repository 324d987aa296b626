-- Who sees what (issue 12): when an admin first chose the workspace's tier. Until one has, the web workspace asks
-- its admins to choose (the tier itself defaults to 'full' meanwhile).
ALTER TABLE "workspaces" ADD COLUMN "visibility_chosen_at" timestamp with time zone;
