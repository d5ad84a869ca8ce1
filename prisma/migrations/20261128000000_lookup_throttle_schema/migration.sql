-- The lookup throttle's shared counts (auth/lookup-throttle.ts). When the API runs on PostgreSQL,
-- its library, rate-limiter-flexible, creates and cleans its own table `lookup_throttle.failures` at
-- start; this schema keeps that table apart from the read model, whose `public` schema holds
-- exactly what schema.prisma describes. Under the embedded database it stays empty (the throttle
-- counts in memory there).
CREATE SCHEMA IF NOT EXISTS "lookup_throttle";
