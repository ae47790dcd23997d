package org.oncofhir.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upkeep H2's background writer would do, for a file database opened with {@code WRITE_DELAY=0}.
 *
 * <p>That setting stores every commit before it is acknowledged (the SIGKILL promise) and, as a side effect, runs
 * H2 without its background writer, which is also what rewrites half-empty chunks: after ~5,500 writes the file held
 * 280 MB for 18 MB of live data, 94 % of it old page versions. Two things keep it near its live size:
 *
 * <ul>
 *   <li>when less than {@link #FILL_RATE_PERCENT} of the stored chunks is live data, the emptiest are rewritten,
 *       a few MB per round;
 *   <li>the space of dead chunks is reused once they are {@link #RETENTION} old instead of H2's default 45 s. H2
 *       waits that long because it assumes the operating system has written a chunk to disk by then (a power cut
 *       must not find a newer chunk on disk but not the older one it replaced); this task makes that true sooner by
 *       forcing the file to disk (fsync) every {@link #INTERVAL}, a fifth of the retention time.
 * </ul>
 *
 * Acknowledged writes are unaffected: only chunks no open transaction can still read are overwritten (H2's own
 * rule), and every commit still reaches the file before its answer.
 */
public final class H2FileUpkeep implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration RETENTION = Duration.ofSeconds(5);
    static final int FILL_RATE_PERCENT = 50;

    private static final Logger LOG = LoggerFactory.getLogger(H2FileUpkeep.class);

    private final DataSource dataSource;
    private final int retentionMillis;
    private final ScheduledExecutorService scheduler;

    private H2FileUpkeep(DataSource dataSource, Duration interval, Duration retention) {
        this.dataSource = dataSource;
        this.retentionMillis = Math.toIntExact(retention.toMillis());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "h2-file-upkeep");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts the upkeep if the DataSource is an H2 file database that stores each commit at once; else nothing. */
    public static Optional<H2FileUpkeep> startIfNeeded(DataSource dataSource) {
        return startIfNeeded(dataSource, INTERVAL, RETENTION);
    }

    static Optional<H2FileUpkeep> startIfNeeded(DataSource dataSource, Duration interval, Duration retention) {
        try (Connection connection = dataSource.getConnection()) {
            if (commitAtOnceFileStore(connection).isEmpty()) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the database to set up its upkeep", e);
        }
        return Optional.of(new H2FileUpkeep(dataSource, interval, retention));
    }

    /** One round: force the file to disk, then rewrite the emptiest chunks if the file is mostly old versions. */
    void runOnce() {
        try (Connection connection = dataSource.getConnection()) {
            Optional<MVStore> found = commitAtOnceFileStore(connection);
            if (found.isEmpty()) {
                return;
            }
            MVStore store = found.get();
            store.sync();
            // Set every round: the setting is not stored in the file and H2 may have reopened it.
            store.setRetentionTime(retentionMillis);
            int fillRate = store.getFileStore().getChunksFillRate();
            // In bites of a quarter of H2's auto-commit buffer, as H2's own housekeeping while the store is busy:
            // the rewrite holds the store's lock, and commits wait for it.
            if (fillRate < FILL_RATE_PERCENT && store.compact(FILL_RATE_PERCENT, store.getAutoCommitMemory() / 4)) {
                LOG.debug(
                        "Rewrote chunks {} % live, file {} KiB",
                        fillRate, store.getFileStore().size() / 1024);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("H2 file upkeep failed this round; the next round tries again", e);
        }
    }

    private static Optional<MVStore> commitAtOnceFileStore(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return Optional.empty();
        }
        MVStore store = session.getDatabase().getStore().getMvStore();
        boolean fileBacked = store.getFileStore() != null && !store.isReadOnly();
        return fileBacked && store.getAutoCommitDelay() == 0 ? Optional.of(store) : Optional.empty();
    }

    @Override
    public void close() {
        // Not shutdownNow: an interrupt inside the file I/O would make H2 close the database.
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
