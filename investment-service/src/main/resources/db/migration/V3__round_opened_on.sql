-- The day a round opened: no funding, trigger or due day of its tranches comes before it. The deal's round opened on
-- the announcement day, 2026-02-26 (deal/InvestmentTerms.ROUND_OPENED_ON). A round recorded before this column
-- existed opens on that day too, or earlier if one of its tranches already records an earlier day, so that no stored
-- history breaks the rule.
alter table funding_round add column opened_on date;

update funding_round r
   set opened_on = least(date '2026-02-26',
                         (select min(least(t.due_on, t.trigger_occurred_on, t.funded_on))
                            from tranche t
                           where t.round_id = r.id));

alter table funding_round alter column opened_on set not null;
