package org.oncofhir.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.search.mapper.orm.cfg.HibernateOrmMapperSettings;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI FHIR JPA storage for R4 on the Spring-managed DataSource (H2 file by default, PostgreSQL with the
 * {@code postgres} profile). Features this server does not serve are off: subscriptions, MDM, full-text
 * indexing (Hibernate Search), bulk export/import endpoints, GraphQL.
 */
@Configuration
@EnableConfigurationProperties(OncoFhirProperties.class)
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    ThreadPoolFactoryConfig.class,
    // Only for its in-memory message broker, which Batch2 (terminology pre-expansion, reindex) runs on.
    SubscriptionChannelConfig.class
})
public class FhirJpaConfig {

    @Bean
    public JpaStorageSettings jpaStorageSettings() {
        JpaStorageSettings settings = new JpaStorageSettings();
        settings.setAllowExternalReferences(false);
        settings.setAutoCreatePlaceholderReferenceTargets(false);
        settings.setEnforceReferentialIntegrityOnWrite(true);
        settings.setEnforceReferentialIntegrityOnDelete(true);
        settings.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
        settings.setAdvancedHSearchIndexing(false);
        settings.setHibernateSearchIndexFullText(false);
        settings.setHibernateSearchIndexSearchParams(false);
        settings.setMarkResourcesForReindexingUponSearchParameterChange(false);
        settings.setEnableTaskBulkExportJobExecution(false);
        settings.setEnableTaskBulkImportJobExecution(false);
        settings.setEnableTaskResourceReindexing(false);
        settings.setExpungeEnabled(false);
        // Pre-expansion stores expansions through Hibernate Search, which is off; our value sets are small
        // enough to expand in memory on request.
        settings.setPreExpandValueSets(false);
        settings.setDeleteExpungeEnabled(false);
        return settings;
    }

    @Bean
    public SubscriptionSettings subscriptionSettings() {
        // No subscription channel types are supported: subscriptions are off.
        return new SubscriptionSettings();
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Primary
    @Bean
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource,
            OncoFhirProperties properties) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaPropertyMap(hibernateProperties(properties.hibernateDialect()));
        return factory;
    }

    private static Map<String, Object> hibernateProperties(String dialect) {
        Map<String, Object> props = new HashMap<>();
        props.put(AvailableSettings.DIALECT, dialect);
        // The schema is HAPI's migrator's (org.oncofhir.schema); Hibernate only checks that it matches the entities.
        props.put(AvailableSettings.HBM2DDL_AUTO, "validate");
        props.put(AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner");
        props.put(
                AvailableSettings.PHYSICAL_NAMING_STRATEGY,
                "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy");
        props.put(
                AvailableSettings.IMPLICIT_NAMING_STRATEGY,
                "org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy");
        props.put(AvailableSettings.STATEMENT_BATCH_SIZE, "20");
        props.put(AvailableSettings.ORDER_INSERTS, "true");
        props.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
        props.put(AvailableSettings.USE_QUERY_CACHE, "false");
        props.put(AvailableSettings.SHOW_SQL, "false");
        // IN lists padded to powers of two: HAPI's resource loads reuse a few query plans instead of one per size.
        props.put(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, "true");
        props.put(HibernateOrmMapperSettings.ENABLED, "false");
        // Envers audits only MDM links, and MDM is off.
        props.put("hibernate.integration.envers.enabled", "false");
        return props;
    }

    @Primary
    @Bean
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }
}
