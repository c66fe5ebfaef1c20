// kg's graph schema: the constraints and indexes every other query relies on.
// Applied by `Database.apply_schema()`; every statement is idempotent (IF NOT EXISTS).
CREATE CONSTRAINT license_id IF NOT EXISTS FOR (l:License) REQUIRE l.id IS UNIQUE;
CREATE CONSTRAINT right_name IF NOT EXISTS FOR (r:Right) REQUIRE r.name IS UNIQUE;
CREATE CONSTRAINT duty_name IF NOT EXISTS FOR (d:Duty) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT restriction_id IF NOT EXISTS FOR (r:Restriction) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT term_key IF NOT EXISTS FOR (t:Term) REQUIRE (t.license, t.activity, t.form) IS UNIQUE;
CREATE CONSTRAINT activity_type_name IF NOT EXISTS FOR (a:ActivityType) REQUIRE a.name IS UNIQUE;
CREATE CONSTRAINT policy_name IF NOT EXISTS FOR (p:Policy) REQUIRE p.name IS UNIQUE;
CREATE CONSTRAINT kb_id IF NOT EXISTS FOR (k:KnowledgeBase) REQUIRE k.id IS UNIQUE;
CREATE CONSTRAINT work_id IF NOT EXISTS FOR (w:Work) REQUIRE w.id IS UNIQUE;
CREATE CONSTRAINT derivation_id IF NOT EXISTS FOR (a:Activity) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT release_key IF NOT EXISTS FOR (r:Release) REQUIRE (r.work, r.policy, r.form) IS UNIQUE;
CREATE CONSTRAINT assessment_key IF NOT EXISTS FOR (a:Assessment) REQUIRE (a.work, a.policy, a.form) IS UNIQUE;
CREATE INDEX work_name IF NOT EXISTS FOR (w:Work) ON (w.name);
CREATE INDEX work_type IF NOT EXISTS FOR (w:Work) ON (w.type);
CREATE INDEX finding_code IF NOT EXISTS FOR (f:Finding) ON (f.code);
CREATE INDEX assessment_status IF NOT EXISTS FOR (a:Assessment) ON (a.status);
CREATE CONSTRAINT source_file IF NOT EXISTS FOR (s:Source) REQUIRE s.file IS UNIQUE;
CREATE CONSTRAINT alias_id IF NOT EXISTS FOR (a:Alias) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT import_lock_id IF NOT EXISTS FOR (l:ImportLock) REQUIRE l.id IS UNIQUE;
CREATE CONSTRAINT import_digest_file IF NOT EXISTS FOR (d:ImportDigest) REQUIRE d.file IS UNIQUE;
CREATE CONSTRAINT pending_assessment_token IF NOT EXISTS FOR (a:PendingAssessment) REQUIRE a.token IS UNIQUE;
CREATE INDEX pending_assessment_at IF NOT EXISTS FOR (a:PendingAssessment) ON (a.at);
