package org.oncofhir.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2FileUpkeepTest {

    private static final int ROWS = 200;
    private static final int UPDATES = 4_000;

    @TempDir
    Path dir;

    @Test
    void keepsTheFileNearItsLiveSizeUnderSmallCommits() throws Exception {
        JdbcDataSource without = dataSource("without", "WRITE_DELAY=0");
        JdbcDataSource with = dataSource("with", "WRITE_DELAY=0");
        Optional<H2FileUpkeep> upkeep = H2FileUpkeep.startIfNeeded(with, Duration.ofHours(1), Duration.ZERO);
        assertThat(upkeep).isPresent();
        long expected;
        try (Connection a = without.getConnection();
                Connection b = with.getConnection()) {
            createRows(a);
            createRows(b);
            for (int round = 0; round < 20; round++) {
                churn(a, round);
                churn(b, round);
                upkeep.get().runOnce();
            }
            long grown = Files.size(dir.resolve("without.mv.db"));
            long kept = Files.size(dir.resolve("with.mv.db"));
            assertThat(kept)
                    .as("file with upkeep %d bytes, without %d", kept, grown)
                    .isLessThan(grown / 10);
            expected = checksum(a);
            assertThat(checksum(b)).isEqualTo(expected);
        } finally {
            upkeep.get().close();
        }
        try (Connection reopened = with.getConnection()) {
            assertThat(checksum(reopened)).isEqualTo(expected);
        }
    }

    @Test
    void leavesAloneWhatH2KeepsItself() throws Exception {
        assertThat(H2FileUpkeep.startIfNeeded(dataSource("delayed", "WRITE_DELAY=500")))
                .isEmpty();
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:upkeep");
        assertThat(H2FileUpkeep.startIfNeeded(memory)).isEmpty();
    }

    private JdbcDataSource dataSource(String name, String settings) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve(name) + ";" + settings + ";DB_CLOSE_DELAY=0");
        dataSource.setUser("sa");
        return dataSource;
    }

    private static void createRows(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY, version INT, body VARCHAR(2000))");
            statement.execute("CREATE INDEX item_version ON item (version)");
            statement.execute("INSERT INTO item SELECT x, 0, REPEAT('x', 1000) FROM SYSTEM_RANGE(1, " + ROWS + ")");
        }
    }

    /** Single-row commits, as the server's writes are: each one stores a new chunk. */
    private static void churn(Connection connection, int round) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE item SET version = ?, body = REPEAT(?, 1000) WHERE id = ?")) {
            for (int i = 0; i < UPDATES / 20; i++) {
                update.setInt(1, round * UPDATES + i);
                update.setString(2, Integer.toString(i % 10));
                update.setInt(3, 1 + (i * 7 + round) % ROWS);
                update.executeUpdate();
            }
        }
    }

    private static long checksum(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet sums = statement.executeQuery("SELECT SUM(id * version + LENGTH(body)) FROM item")) {
            sums.next();
            return sums.getLong(1);
        }
    }
}
