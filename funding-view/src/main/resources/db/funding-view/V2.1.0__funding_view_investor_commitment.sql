-- The investor's total commitment in the round that each tranche event carries (TrancheSnapshot.investorCommitment),
-- as of the tranche's latest applied event; null for a tranche whose events all predate the field. Numbered after the
-- services' own V2, so that a database already at V2 applies it.
alter table funding_view_tranche add column investor_commitment numeric(19, 2);
