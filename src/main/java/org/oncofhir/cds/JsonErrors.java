package org.oncofhir.cds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** What a CDS client is told about JSON it sent wrong: the field and the JSON type expected, never a Java class. */
final class JsonErrors {

    private JsonErrors() {}

    /** Names the field and the JSON type expected, rather than the Java class it would have become. */
    static String describe(Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return e instanceof MismatchedInputException mismatch
                    ? "'" + field + "' must be " + expected(mismatch.getTargetType())
                    : "'" + field + "': " + firstLine(mapping.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException mismatch) {
            return "the request must be " + expected(mismatch.getTargetType());
        }
        return firstLine(e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a JSON string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "));
        }
        if (IBaseResource.class.isAssignableFrom(type)) {
            return "a FHIR resource";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a JSON number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a JSON object";
    }

    private static String firstLine(String message) {
        String text = message == null ? "unreadable JSON" : message;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
