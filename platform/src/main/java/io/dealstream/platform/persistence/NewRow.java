package io.dealstream.platform.persistence;

import io.dealstream.platform.problem.Problem;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import java.util.Map;
import org.hibernate.exception.ConstraintViolationException;

/** A new row under an id a request chose: written at once, so that an id already taken is a 409 naming it. */
public final class NewRow {

    private NewRow() {
    }

    /**
     * Inserts {@code row}, the {@code what} with this {@code id}: flushing here turns a duplicate id, even one racing
     * this request, into {@link #taken}.
     */
    public static void insert(PanacheEntityBase row, String what, String id) {
        try {
            row.persistAndFlush();
        } catch (ConstraintViolationException e) {
            throw taken(what, id);
        }
    }

    /** The 409 that a {@code what} with this {@code id} already exists, the id as the {@code <what>Id} member. */
    public static Problem taken(String what, String id) {
        return Problem.conflict(what + " '" + id + "' already exists", Map.of(what + "Id", id));
    }
}
