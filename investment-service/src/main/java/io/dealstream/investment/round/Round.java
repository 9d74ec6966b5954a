package io.dealstream.investment.round;

import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.platform.http.Page;
import io.dealstream.platform.persistence.IdPage;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A funding round of the company: its size, the pre-money valuation and what each investor committed. */
@Entity
@Table(name = "funding_round")
public class Round extends PanacheEntityBase {

    /** A round is never changed once opened: it has one version, its ETag {@code "1"}. */
    public static final long VERSION = 1;

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    /** The money the round raises, in USD. */
    @Column(nullable = false, precision = 19, scale = 2)
    public BigDecimal amount;

    @Column(name = "pre_money_valuation", nullable = false, precision = 19, scale = 2)
    public BigDecimal preMoneyValuation;

    /** The day the round opened: none of its tranches is funded, triggered or due before it. */
    @Column(name = "opened_on", nullable = false)
    public LocalDate openedOn;

    /** In the order the round listed them. */
    @ElementCollection
    @CollectionTable(name = "round_investor", joinColumns = @JoinColumn(name = "round_id"))
    @OrderColumn(name = "position")
    public List<RoundInvestor> investors = new ArrayList<>();

    public Optional<RoundInvestor> investor(String name) {
        return investors.stream().filter(i -> i.investor.equals(name)).findFirst();
    }

    /** A page of the rounds by id, after {@code after} (null: from the first). */
    static Page<Round> page(String after, int limit) {
        return IdPage.after(after).read((query, parameters) -> find(query, parameters), limit, r -> r.id);
    }

    public List<InvestorCommitment> commitments() {
        return investors.stream().map(i -> new InvestorCommitment(i.investor, i.committed)).toList();
    }

    /** The round as its RoundOpened event carries it (the API returns {@link RoundView}). */
    public RoundSnapshot snapshot() {
        return new RoundSnapshot(id, name, amount, preMoneyValuation, openedOn,
                investors.stream().map(i -> new RoundCommitment(i.investor, i.committed)).toList());
    }
}
