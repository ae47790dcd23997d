package org.oncofhir.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The invariants ARCHITECTURE.md states, checked on the compiled classes: the build fails when one breaks.
 */
@AnalyzeClasses(
        packages = "org.oncofhir",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    /** The ASCO/CAP classification is plain Java: testable from tables, usable anywhere. */
    @ArchTest
    static final ArchRule biomarkersArePlainJava = classes()
            .that()
            .resideInAPackage("org.oncofhir.biomarkers..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.oncofhir.biomarkers..");

    @ArchTest
    static final ArchRule codeSystemsArePlainJava = classes()
            .that()
            .resideInAPackage("org.oncofhir.codes..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.oncofhir.codes..");

    /**
     * The therapy rules are plain Java: facts in, recommendations out. Only Jackson, to read the knowledge base
     * (knowledge.json, the RxNorm fragment), besides our plain-Java packages.
     */
    @ArchTest
    static final ArchRule therapyIsPlainJava = classes()
            .that()
            .resideInAPackage("org.oncofhir.therapy..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java..",
                    "org.oncofhir.therapy..",
                    "org.oncofhir.biomarkers..",
                    "org.oncofhir.codes..",
                    "com.fasterxml.jackson..");

    /** Where the CDS data and feedback come from knows nothing of the CDS services that use them. */
    @ArchTest
    static final ArchRule cdsPartsDoNotKnowTheServices = noClasses()
            .that()
            .resideInAnyPackage("org.oncofhir.cds.data..", "org.oncofhir.cds.feedback..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.oncofhir.cds");

    /** The rules are reached through the CDS layer and fed by the facts readers, nothing else. */
    @ArchTest
    static final ArchRule onlyCdsAndFactsUseTherapy = classes()
            .that()
            .resideInAPackage("org.oncofhir.therapy..")
            .should()
            .onlyHaveDependentClassesThat()
            .resideInAnyPackage("org.oncofhir.therapy..", "org.oncofhir.cds..", "org.oncofhir.facts..");

    /** FHIR is read into facts in one place: the facts package serves the CDS layer only. */
    @ArchTest
    static final ArchRule factsServeCds = classes()
            .that()
            .resideInAPackage("org.oncofhir.facts..")
            .should()
            .onlyHaveDependentClassesThat()
            .resideInAnyPackage("org.oncofhir.facts..", "org.oncofhir.cds..");

    /** Build-time writers run from Maven; nothing at run time uses them. */
    @ArchTest
    static final ArchRule buildStepsStayOutOfTheRuntime = classes()
            .that()
            .resideInAPackage("org.oncofhir.build..")
            .should()
            .onlyHaveDependentClassesThat()
            .resideInAPackage("org.oncofhir.build..");

    /** Every package, subpackages included, sits above or below every other: no cycles. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("org.oncofhir.(**)").should().beFreeOfCycles();
}
