package io.dealstream.platform.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.platform.http.RequestBody;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.security.Principal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Answers a request to an {@link Idempotent} method that carries an {@code Idempotency-Key}: the first with a key is
 * written, and its answer (status, Location, ETag, Content-Type, body) kept with the key in the same transaction; a
 * repeat with the key and the same request gets that answer back and writes nothing; the key with another body or on
 * another route is a 422. Keys are each caller's own (the token's subject). Only a 2xx answer is kept: a refused
 * request rolls back with its key, so its retry is judged again. A repeat sent while the first is still running waits
 * on the key's row and then replays its answer, or writes itself if the first was refused: never two writes. Keys are
 * kept {@code dealstream.idempotency.keep}; an older one is purged (a batch at a time, by the writes that record new
 * keys) and counts as new. Without the header nothing changes. Every log line of the request carries the key
 * ({@code idempotencyKey} in the MDC), and this class logs what became of it.
 *
 * <p>After the security check, outside Bean Validation: a body refused as invalid rolls back with the key.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class IdempotentWrites {

    private static final String MDC_KEY = "idempotencyKey";
    /** Expired rows a write purges at most, so a backlog costs no write much. */
    private static final int PURGE_AT_MOST = 100;
    private static final Logger LOG = Logger.getLogger(IdempotentWrites.class);

    private final CurrentVertxRequest http;
    private final SecurityIdentity identity;
    private final DataSource database;
    private final TransactionManager transactions;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration keep;

    IdempotentWrites(CurrentVertxRequest http, SecurityIdentity identity, DataSource database,
            TransactionManager transactions, ObjectMapper json, Clock clock, IdempotencySettings settings) {
        this.http = http;
        this.identity = identity;
        this.database = database;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.keep = settings.keep();
    }

    @AroundInvoke
    Object answer(InvocationContext invocation) throws Exception {
        HttpServerRequest request = http.getCurrent().request();
        String key = IdempotencyKey.read(request.headers().getAll(IdempotencyKey.HEADER));
        if (key == null) {
            return invocation.proceed();
        }
        Method method = invocation.getMethod();
        KeyedRequest keyed = KeyedRequest.of(caller(), key, request.method().name(), request.path(),
                json.writeValueAsBytes(RequestBody.of(method, invocation.getParameters())));
        MDC.put(MDC_KEY, key);
        try {
            Idempotent idempotent = method.isAnnotationPresent(Idempotent.class)
                    ? method.getAnnotation(Idempotent.class)
                    : method.getDeclaringClass().getAnnotation(Idempotent.class);
            return idempotent.ownTransactions()
                    ? besideItsTransactions(invocation, keyed)
                    : withTheWrite(invocation, keyed);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The key's row in the transaction the write joins: both commit, or neither. */
    private Object withTheWrite(InvocationContext invocation, KeyedRequest request) throws Exception {
        transactions.begin();
        return answerOnce(invocation, request, null);
    }

    /**
     * The key's row held on a connection of its own while the method runs its own transactions, and recorded after
     * them. Should the process stop between the method's commits and the key's, the key is not kept and its retry runs
     * the method again: which the funding view's repairs allow (a re-drive goes on from where the last stopped, a
     * rebuild ends in the same view).
     */
    private Object besideItsTransactions(InvocationContext invocation, KeyedRequest request) throws Exception {
        try (Connection own = database.getConnection()) {
            own.setAutoCommit(false);
            return answerOnce(invocation, request, own);
        }
    }

    /**
     * Claims the key: a first request is answered by the method and, if it succeeded, its answer kept and committed
     * with the key; a repeat is answered again; anything else rolls the key back. The key's row is on {@code own}, or
     * in the write's transaction when that is null.
     */
    private Object answerOnce(InvocationContext invocation, KeyedRequest request, Connection own) throws Exception {
        try {
            IdempotencyLedger.Claim claim = onLedger(own,
                    db -> IdempotencyLedger.claim(db, request, clock.instant(), expiredBefore()));
            if (!(claim instanceof IdempotencyLedger.FirstTime)) {
                rollback(own);
                return answerAgain(claim, request);
            }
            Response answer = answerOf(invocation);
            if (!successful(answer)) {
                rollback(own);
                return answer;
            }
            KeptAnswer kept = KeptAnswer.of(answer, json);
            onLedger(own, db -> {
                IdempotencyLedger.keep(db, request, kept);
                return IdempotencyLedger.purge(db, expiredBefore(), PURGE_AT_MOST);
            });
            if (own != null) {
                own.commit();
            } else {
                transactions.commit();
            }
            logKept(request, kept);
            return kept.response(false);
        } catch (Throwable failure) {
            rollback(own);
            throw failure;
        }
    }

    /** Work on the {@code idempotency_key} table. */
    @FunctionalInterface
    private interface LedgerWork<T> {
        T on(Connection db) throws SQLException;
    }

    /** {@code work} on {@code own}, or on a connection of the write's transaction when that is null. */
    private <T> T onLedger(Connection own, LedgerWork<T> work) throws SQLException {
        if (own != null) {
            return work.on(own);
        }
        try (Connection db = database.getConnection()) {
            return work.on(db);
        }
    }

    /** Rolls back the key's transaction, if it has not ended. */
    private void rollback(Connection own) throws Exception {
        if (own != null) {
            own.rollback();
        } else if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
            transactions.rollback();
        }
    }

    /** The answer the key got before, or the 422 that it stands for another request. */
    private static Response answerAgain(IdempotencyLedger.Claim claim, KeyedRequest request) {
        if (claim instanceof IdempotencyLedger.Replay replay) {
            LOG.infof("idempotency key %s of %s: %s answered again with the %d of %s", LogSafe.of(request.key()),
                    LogSafe.of(request.caller()), LogSafe.of(request.request()), replay.answer().status(),
                    replay.answeredAt());
            return replay.answer().response(true);
        }
        String first = ((IdempotencyLedger.OtherRequest) claim).request();
        String message = first.equals(request.request())
                ? "was sent before with another body to " + first
                : "was sent before to " + first + ", not " + request.request();
        LOG.infof("idempotency key %s of %s: %s refused, the key %s", LogSafe.of(request.key()),
                LogSafe.of(request.caller()), LogSafe.of(request.request()), LogSafe.of(message));
        throw Problem.unprocessable(IdempotencyKey.HEADER, "'" + request.key() + "' " + message
                + "; a key stands for one request: send a new key with a new request");
    }

    private void logKept(KeyedRequest request, KeptAnswer kept) {
        LOG.infof("idempotency key %s of %s: %s answered %d, kept for %s", LogSafe.of(request.key()),
                LogSafe.of(request.caller()), LogSafe.of(request.request()), kept.status(), keep);
    }

    private static Response answerOf(InvocationContext invocation) throws Exception {
        if (!(invocation.proceed() instanceof Response answer)) {
            throw new IllegalStateException("@Idempotent " + invocation.getMethod() + " must answer a Response");
        }
        return answer;
    }

    private static boolean successful(Response answer) {
        return answer.getStatus() >= 200 && answer.getStatus() < 300;
    }

    private Instant expiredBefore() {
        return clock.instant().minus(keep);
    }

    /** Whose keys these are: the token's subject. */
    private String caller() {
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return principal == null ? "" : principal.getName();
    }
}
