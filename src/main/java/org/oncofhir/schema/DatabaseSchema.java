package org.oncofhir.schema;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.MigrationTaskList;
import ca.uhn.fhir.jpa.migrate.SchemaMigrator;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Brings a database to the schema this build needs with HAPI's migrator (the versioned tasks HAPI ships for its JPA
 * schema, as its {@code migrate-database} command runs them), then OncoFHIR's own tasks. Each migration holds
 * HAPI's lock row in its migration table, so instances started together on one database migrate it once, one after
 * the other; the rest find nothing left to do.
 */
public final class DatabaseSchema {

    private static final String ONCOFHIR_MIGRATION_TABLE = "ONCOFHIR_MIGRATION";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSchema.class);

    private DatabaseSchema() {}

    /** Applies every task not yet recorded in the database: HAPI's, then OncoFHIR's. */
    public static void migrate(DataSource dataSource) {
        DriverTypeEnum driver = driverOf(dataSource);
        long start = System.nanoTime();
        MigrationResult hapi = migrate(
                dataSource,
                driver,
                SchemaMigrator.HAPI_FHIR_MIGRATION_TABLENAME,
                new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values()));
        MigrationResult own = migrate(
                dataSource,
                driver,
                ONCOFHIR_MIGRATION_TABLE,
                new OncoFhirMigrationTasks().getAllTasks(OncoFhirMigrationTasks.Release.values()));
        LOG.info(
                "Database schema up to date in {} ms: HAPI FHIR {}, OncoFHIR {}",
                (System.nanoTime() - start) / 1_000_000,
                hapi.summary(),
                own.summary());
    }

    private static MigrationResult migrate(
            DataSource dataSource, DriverTypeEnum driver, String migrationTable, MigrationTaskList tasks) {
        HapiMigrator migrator = new HapiMigrator(migrationTable, dataSource, driver);
        createMigrationTable(migrator);
        migrator.addTasks(tasks);
        return migrator.migrate();
    }

    /**
     * Two instances starting on an empty database both find no migration table and both create it; the loser's
     * CREATE fails, and on a second look the table is there. Everything after this runs under the lock row.
     */
    private static void createMigrationTable(HapiMigrator migrator) {
        try {
            migrator.createMigrationTableIfRequired();
        } catch (DataAccessException createdMeanwhile) {
            migrator.createMigrationTableIfRequired();
        }
    }

    private static DriverTypeEnum driverOf(DataSource dataSource) {
        String url;
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the database to migrate its schema", e);
        }
        if (url.startsWith("jdbc:h2:")) {
            return DriverTypeEnum.H2_EMBEDDED;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return DriverTypeEnum.POSTGRES_9_4;
        }
        throw new IllegalStateException("Unsupported database " + url + ": OncoFHIR runs on H2 or PostgreSQL");
    }
}
