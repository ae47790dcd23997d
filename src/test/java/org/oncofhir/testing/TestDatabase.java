package org.oncofhir.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.ActiveProfilesResolver;

/**
 * The database an integration test's server runs on: a fresh H2 file, or, in Failsafe's {@code postgres} execution
 * ({@code -Doncofhir.it.database=postgres}), a fresh database on a real PostgreSQL server (embedded binaries, one
 * server per test JVM) with the application's {@code postgres} profile active.
 */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty("oncofhir.it.database"));
    }

    /** Spring properties that point a new server at a new, empty database of the kind under test. */
    public static Map<String, String> freshDatabase() {
        if (isPostgres()) {
            return freshPostgresDatabase();
        }
        return Map.of(
                "spring.datasource.url",
                "jdbc:h2:file:./target/it-data/" + UUID.randomUUID() + "/oncofhir;WRITE_DELAY=0");
    }

    /** A new, empty database on the shared PostgreSQL server, as Spring datasource properties. */
    public static Map<String, String> freshPostgresDatabase() {
        return postgresProperties(newPostgresDatabase());
    }

    /** Creates a new, empty database on the shared PostgreSQL server and returns its name. */
    public static String newPostgresDatabase() {
        String name = "oncofhir_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = postgres().getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return name;
    }

    /** Spring datasource properties for a database on the shared PostgreSQL server. */
    public static Map<String, String> postgresProperties(String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", postgres().getJdbcUrl("postgres", database));
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        return properties;
    }

    /** The port the shared PostgreSQL server listens on (loopback, user and password {@code postgres}). */
    public static int postgresPort() {
        return postgres().getPort();
    }

    /**
     * Command-line arguments for a server started by the test itself: the given profiles (plus {@code postgres} when
     * PostgreSQL is under test) and the database properties.
     */
    public static List<String> commandLine(Map<String, String> database, String... profiles) {
        List<String> active = new ArrayList<>(Arrays.asList(profiles));
        if (database.get("spring.datasource.url").startsWith("jdbc:postgresql:")) {
            active.add("postgres");
        }
        List<String> args = new ArrayList<>();
        if (!active.isEmpty()) {
            args.add("--spring.profiles.active=" + String.join(",", active));
        }
        database.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                File log = new File("target/it-postgres.log");
                postgres = EmbeddedPostgres.builder()
                        // Several servers (each with its connection pool) share this PostgreSQL in one test JVM.
                        .setServerConfig("max_connections", "300")
                        .setOutputRedirector(Redirect.appendTo(log))
                        .setErrorRedirector(Redirect.appendTo(log))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // The JVM is exiting; the server's temporary folder is removed by the OS later.
                }
            }));
        }
        return postgres;
    }

    /** {@code @ActiveProfiles} resolver: the {@code postgres} profile when PostgreSQL is under test. */
    public static final class Profiles implements ActiveProfilesResolver {
        @Override
        public String[] resolve(Class<?> testClass) {
            return isPostgres() ? new String[] {"postgres"} : new String[0];
        }
    }
}
