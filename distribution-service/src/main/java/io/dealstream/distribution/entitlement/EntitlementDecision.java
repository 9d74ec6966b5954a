package io.dealstream.distribution.entitlement;

import io.dealstream.distribution.right.Cloud;
import io.dealstream.distribution.right.Mode;
import io.dealstream.distribution.right.Product;
import io.dealstream.distribution.right.Right;
import io.dealstream.events.right.RightStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides an entitlement from the rights alone, in this order:
 * <ol>
 * <li>a product asked for in a mode it does not come in is refused;</li>
 * <li>another cloud's exclusive right for the product and mode, unless LAPSED, refuses every other cloud (while
 * PENDING too: the exclusivity is agreed, only not yet in force);</li>
 * <li>the cloud's own right decides: ACTIVE allows, PENDING and LAPSED refuse;</li>
 * <li>without one, it is refused: the deal grants no such right.</li>
 * </ol>
 */
public final class EntitlementDecision {

    /** Among several rights, the one in force first, then the one still pending; ties by id. */
    private static final Comparator<Right> STRONGEST = Comparator
            .comparingInt((Right r) -> switch (r.status()) {
                case ACTIVE -> 0;
                case PENDING -> 1;
                case LAPSED -> 2;
            })
            .thenComparing(Right::id);

    private EntitlementDecision() {
    }

    public static Entitlement decide(Collection<Right> rights, Product product, Cloud cloud, Mode mode) {
        if (!product.offeredIn(mode)) {
            Optional<Right> productRight = rights.stream()
                    .filter(r -> r.product() == product)
                    .min(Comparator.comparing((Right r) -> r.cloud() != cloud).thenComparing(STRONGEST));
            return refused(product + " is offered " + product.modes() + " only, never " + mode
                    + productRight.map(r -> "; right " + r.id() + " covers " + scope(r) + " through " + r.cloud())
                            .orElse(""), productRight);
        }
        List<Right> scope = rights.stream().filter(r -> r.product() == product && r.mode() == mode).toList();
        Optional<Right> exclusive = strongest(scope.stream()
                .filter(r -> r.exclusive() && r.cloud() != cloud && r.status() != RightStatus.LAPSED).toList());
        if (exclusive.isPresent()) {
            Right r = exclusive.get();
            return refused("right " + r.id() + " (" + r.holder() + ", " + r.status() + ") gives " + r.cloud()
                    + " exclusive cloud distribution of " + scope(r) + ", so " + cloud + " may not offer it", exclusive);
        }
        Optional<Right> own = strongest(scope.stream().filter(r -> r.cloud() == cloud).toList());
        if (own.isPresent()) {
            Right r = own.get();
            return switch (r.status()) {
                case ACTIVE -> new Entitlement(true, "right " + r.id() + " (" + r.holder()
                        + (r.exclusive() ? ", exclusive" : "") + ") is ACTIVE: " + cloud + " may offer " + scope(r),
                        r.id());
                case PENDING -> refused("right " + r.id() + " (" + r.holder() + ") for " + scope(r) + " through "
                        + cloud + " is PENDING until its condition is met: " + r.condition().text(), own);
                case LAPSED -> refused("right " + r.id() + " (" + r.holder() + ") for " + scope(r) + " through "
                        + cloud + " has LAPSED: " + r.reason(), own);
            };
        }
        Optional<Right> elsewhere = strongest(scope);
        return refused("no right lets " + cloud + " offer " + product + " " + mode
                + elsewhere.map(r -> "; right " + r.id() + " grants it through " + r.cloud() + " only").orElse(""),
                elsewhere);
    }

    private static Optional<Right> strongest(List<Right> rights) {
        return rights.stream().min(STRONGEST);
    }

    private static String scope(Right r) {
        return r.product() + " " + r.mode();
    }

    private static Entitlement refused(String why, Optional<Right> naming) {
        return new Entitlement(false, why, naming.map(Right::id).orElse(null));
    }
}
