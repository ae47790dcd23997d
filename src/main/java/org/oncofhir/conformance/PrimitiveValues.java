package org.oncofhir.conformance;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The primitive values {@link CompiledBiomarkerCheck} vouches for: a deliberately narrow subset of what FHIR allows,
 * each one a value HL7's validator passes without a message (no whitespace or markup issues, no unusual dates or
 * decimals). A value outside it is not wrong; its resource simply goes to HL7's validator.
 */
final class PrimitiveValues {

    /** Printable ASCII without markup characters, single spaces only, nothing at either end. */
    private static final Pattern PLAIN_STRING =
            Pattern.compile("[A-Za-z0-9%(){}\\[\\]+\\-.,:;/_'=*#]+( [A-Za-z0-9%(){}\\[\\]+\\-.,:;/_'=*#]+)*");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9%+\\-.:_/{}\\[\\]]{1,64}");
    private static final Pattern HTTP_URI = Pattern.compile("https?://[A-Za-z0-9\\-.]+(/[A-Za-z0-9\\-._]+)*/?");
    private static final Pattern SOURCE_URI = Pattern.compile("#?[A-Za-z0-9\\-._]{1,64}|https?://[A-Za-z0-9\\-./_#]+");
    private static final Pattern DATE = Pattern.compile("(19|20)\\d\\d-\\d\\d-\\d\\d");
    /** FHIR's offsets run from -14:00 to +14:00 (HAPI's parser and java.time take wider ones). */
    private static final Pattern DATE_TIME = Pattern.compile(
            "(19|20)\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?(Z|[+-]((0\\d|1[0-3]):[0-5]\\d|14:00))");
    /**
     * Canonical decimals only: HL7's validator compares a decimal to an integer literal by text, so {@code 0.0}
     * fails an invariant's {@code value = 0} there while it passes here.
     */
    private static final Pattern DECIMAL = Pattern.compile("0|-?[1-9]\\d{0,11}(\\.\\d{0,5}[1-9])?|-?0\\.\\d{0,5}[1-9]");

    private static final int MAX_STRING = 1024;

    private PrimitiveValues() {}

    /**
     * @param type the FHIR type, {@code value} as the JSON would carry it
     * @param path where it sits, for the few places a uri has a meaning of its own
     */
    static boolean plain(String type, String value, String path) {
        if (value == null) {
            return false;
        }
        return switch (type) {
            case "string" -> value.length() <= MAX_STRING
                    && PLAIN_STRING.matcher(value).matches();
            case "id" -> ID.matcher(value).matches();
            case "code" -> CODE.matcher(value).matches();
            case "uri" -> path.endsWith("Meta.source")
                    ? SOURCE_URI.matcher(value).matches()
                    : HTTP_URI.matcher(value).matches() && !value.startsWith("https://tools.ietf.org/");
            case "canonical" -> HTTP_URI.matcher(value).matches();
            case "dateTime" -> dateTime(value);
            case "instant" -> DATE_TIME.matcher(value).matches() && parses(value);
            case "decimal" -> DECIMAL.matcher(value).matches();
            default -> false;
        };
    }

    private static boolean dateTime(String value) {
        if (DATE.matcher(value).matches()) {
            try {
                LocalDate.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return DATE_TIME.matcher(value).matches() && parses(value);
    }

    private static boolean parses(String value) {
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
