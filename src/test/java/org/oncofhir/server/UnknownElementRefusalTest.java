package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.junit.jupiter.api.Test;

/** Unknown elements are refused by name, in JSON and XML, nested or in Bundle entries; the rest passes. */
class UnknownElementRefusalTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void unknownElementsAreRefusedByName() {
        Throwable json = catchThrowable(
                () -> json().parseResource("{\"resourceType\":\"Observation\",\"status\":\"final\",\"foo\":1}"));
        assertThat(UnknownElementRefusal.refusalIn(json)).isNotNull().hasMessageContaining("'foo'");
        Throwable xml = catchThrowable(() -> xml().parseResource("<Bundle xmlns=\"http://hl7.org/fhir\">"
                + "<type value=\"transaction\"/><entry><resource><Observation><status value=\"final\"/>"
                + "<comment value=\"x\"/></Observation></resource></entry></Bundle>"));
        assertThat(UnknownElementRefusal.refusalIn(xml)).isNotNull().hasMessageContaining("'comment'");
    }

    @Test
    void knownContentPasses() {
        assertThatCode(() -> json().parseResource(
                                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"note\":[{\"text\":\"x\"}]}"))
                .doesNotThrowAnyException();
        assertThat(UnknownElementRefusal.refusalIn(new IllegalStateException("another failure")))
                .isNull();
    }

    private static IParser json() {
        return FHIR.newJsonParser().setParserErrorHandler(new UnknownElementRefusal());
    }

    private static IParser xml() {
        return FHIR.newXmlParser().setParserErrorHandler(new UnknownElementRefusal());
    }
}
