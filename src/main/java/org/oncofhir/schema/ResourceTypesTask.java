package org.oncofhir.schema;

import ca.uhn.fhir.jpa.config.util.ResourceTypeUtil;
import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.taskdef.BaseTask;
import org.apache.commons.lang3.builder.EqualsBuilder;
import org.apache.commons.lang3.builder.HashCodeBuilder;

/**
 * Fills HAPI's resource type table (HFJ_RESOURCE_TYPE) under the migration lock. HAPI 8.8.0 fills it when a server
 * first starts on an empty table, outside any lock: two instances started together on a new database both insert
 * every type and the slower one fails to start on the unique index. Types already present are left alone, so this is
 * a no-op on a database a server has run on.
 */
final class ResourceTypesTask extends BaseTask {

    ResourceTypesTask(String release, String version) {
        super(release, version);
        setDescription("Fill HFJ_RESOURCE_TYPE with HAPI FHIR's resource types");
    }

    @Override
    public void validate() {
        // Nothing to check: the table and its sequence come from HAPI's own tasks, which run first.
    }

    @Override
    protected void doExecute() {
        String nextId = getDriverType() == DriverTypeEnum.POSTGRES_9_4
                ? "nextval('SEQ_RESOURCE_TYPE')"
                : "NEXT VALUE FOR SEQ_RESOURCE_TYPE";
        for (String type : ResourceTypeUtil.generateResourceTypes()) {
            executeSql(
                    "HFJ_RESOURCE_TYPE",
                    "INSERT INTO HFJ_RESOURCE_TYPE (RES_TYPE_ID, RES_TYPE) SELECT " + nextId
                            + ", ? WHERE NOT EXISTS (SELECT 1 FROM HFJ_RESOURCE_TYPE WHERE RES_TYPE = ?)",
                    type,
                    type);
        }
    }

    @Override
    protected void generateHashCode(HashCodeBuilder builder) {
        builder.append(getClass().getSimpleName());
    }

    @Override
    protected void generateEquals(EqualsBuilder builder, BaseTask other) {
        builder.append(getClass().getSimpleName(), other.getClass().getSimpleName());
    }
}
