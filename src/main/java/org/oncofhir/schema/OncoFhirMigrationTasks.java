package org.oncofhir.schema;

import ca.uhn.fhir.jpa.migrate.taskdef.ColumnTypeEnum;
import ca.uhn.fhir.jpa.migrate.tasks.api.BaseMigrationTasks;
import ca.uhn.fhir.jpa.migrate.tasks.api.Builder;

/**
 * The versioned schema of OncoFHIR's own tables, applied by HAPI's migrator after HAPI's own tasks. Never edit a
 * task once released: add a new one with a higher version. Release 0.1.0 created these tables itself (CREATE TABLE IF
 * NOT EXISTS, same columns); on such a database each task finds its table or index present and records it as done.
 */
final class OncoFhirMigrationTasks extends BaseMigrationTasks<OncoFhirMigrationTasks.Release> {

    enum Release {
        V0_1_0
    }

    OncoFhirMigrationTasks() {
        release010();
    }

    private void release010() {
        Builder version = forVersion(Release.V0_1_0);

        Builder.BuilderAddTableByColumns feedback =
                version.addTableByColumns("20261126.1", "ONCOFHIR_CDS_FEEDBACK", "ID");
        feedback.addColumn("ID").nonNullable().type(ColumnTypeEnum.STRING, 36);
        feedback.addColumn("SERVICE_ID").nonNullable().type(ColumnTypeEnum.STRING, 100);
        feedback.addColumn("CARD_UUID").nonNullable().type(ColumnTypeEnum.STRING, 100);
        feedback.addColumn("OUTCOME").nonNullable().type(ColumnTypeEnum.STRING, 20);
        feedback.addColumn("OUTCOME_TIMESTAMP").nonNullable().type(ColumnTypeEnum.STRING, 40);
        feedback.addColumn("ACCEPTED_SUGGESTIONS").nullable().type(ColumnTypeEnum.STRING, 4000);
        feedback.addColumn("OVERRIDE_REASON").nullable().type(ColumnTypeEnum.STRING, 4000);
        feedback.addColumn("RECEIVED_AT").nonNullable().type(ColumnTypeEnum.DATE_TIMESTAMP);

        Builder.BuilderAddTableByColumns jti =
                version.addTableByColumns("20261126.2", "ONCOFHIR_CDS_JTI", "ISSUER", "JTI");
        jti.addColumn("ISSUER").nonNullable().type(ColumnTypeEnum.STRING, 500);
        jti.addColumn("JTI").nonNullable().type(ColumnTypeEnum.STRING, 200);
        jti.addColumn("EXPIRES_AT").nonNullable().type(ColumnTypeEnum.DATE_TIMESTAMP);
        version.onTable("ONCOFHIR_CDS_JTI")
                .addIndex("20261126.3", "ONCOFHIR_CDS_JTI_EXPIRY")
                .unique(false)
                .withColumns("EXPIRES_AT");

        Builder.BuilderAddTableByColumns owners =
                version.addTableByColumns("20261126.4", "ONCOFHIR_SEARCH_OWNERS", "SEARCH_UUID");
        owners.addColumn("SEARCH_UUID").nonNullable().type(ColumnTypeEnum.STRING, 64);
        owners.addColumn("OWNER").nonNullable().type(ColumnTypeEnum.STRING, 100);
        owners.addColumn("CREATED_AT").nonNullable().type(ColumnTypeEnum.DATE_TIMESTAMP);
        version.onTable("ONCOFHIR_SEARCH_OWNERS")
                .addIndex("20261126.5", "ONCOFHIR_SEARCH_OWNERS_AGE")
                .unique(false)
                .withColumns("CREATED_AT");

        version.addTask(new ResourceTypesTask(version.getRelease(), "20261126.6"));
    }
}
