package org.oncofhir.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's PostgreSQL client programs ({@code postgresql-client}: {@code pg_dump}, {@code psql}) against the test
 * PostgreSQL server, as an operator backs up and restores a database. Debian 12's client is 15.x, the embedded
 * server's major version (pg_dump refuses newer servers); the upgrade fixture, dumped by 15.18, needs psql 15.14 or
 * later (its {@code \restrict} line).
 */
public final class PostgresClient {

    private static final Path PSQL = Path.of("/usr/bin/psql");
    private static final Path PG_DUMP = Path.of("/usr/bin/pg_dump");

    private PostgresClient() {}

    /** Skips the test without the programs on a developer machine; fails it on CI. */
    public static void require() {
        SystemPrograms.require("postgresql-client", PSQL, PG_DUMP);
    }

    /** {@code pg_dump} of the database, in plain SQL, into the file. */
    public static void dump(String database, Path file) throws IOException, InterruptedException {
        run(command(PG_DUMP, database, "--file", file.toString()), null);
    }

    /** Runs a plain SQL dump through {@code psql} into the database, stopping at the first error. */
    public static void restore(InputStream sql, String database) throws IOException, InterruptedException {
        run(command(PSQL, database, "--quiet", "--set", "ON_ERROR_STOP=1", "--output", "/dev/null"), sql);
    }

    private static List<String> command(Path program, String database, String... more) {
        List<String> command = new ArrayList<>(List.of(
                program.toString(),
                "--host=127.0.0.1",
                "--port=" + TestDatabase.postgresPort(),
                "--username=postgres",
                "--dbname=" + database));
        command.addAll(List.of(more));
        return command;
    }

    private static void run(List<String> command, InputStream input) throws IOException, InterruptedException {
        SystemPrograms.run(
                command,
                Map.of("PGPASSWORD", "postgres"),
                input,
                Path.of("target", "postgres-client.log"),
                Duration.ofMinutes(5));
    }
}
