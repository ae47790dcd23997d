package org.oncofhir.server;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.util.Set;
import org.apache.commons.lang3.exception.ExceptionUtils;

/**
 * HAPI's parsers drop elements they do not know and go on: data the sender believes stored would be lost without a
 * word. Writes are parsed with this handler first, which refuses an unknown element or attribute by name and lets
 * everything else through to HAPI's own checks (and their messages).
 */
final class UnknownElementRefusal extends LenientErrorHandler {

    /** An element the resource's definition does not have. */
    static final class UnknownElementException extends DataFormatException {

        UnknownElementException(String message) {
            super(message);
        }
    }

    private static final Set<String> MARKUP_ATTRIBUTES = Set.of("schemaLocation", "noNamespaceSchemaLocation", "space");

    UnknownElementRefusal() {
        super(false);
    }

    /** The refusal inside a parse failure (the XML parser wraps it), or null when the failure is another one. */
    static UnknownElementException refusalIn(Throwable failure) {
        int index = ExceptionUtils.indexOfType(failure, UnknownElementException.class);
        return index < 0 ? null : (UnknownElementException) ExceptionUtils.getThrowables(failure)[index];
    }

    @Override
    public void unknownElement(IParseLocation location, String name) {
        throw new UnknownElementException("Unknown element '" + name + "'" + where(location)
                + ": it is not part of FHIR R4 here and would not be stored (send extensions for data of your own)");
    }

    @Override
    public void unknownAttribute(IParseLocation location, String name) {
        // XML Schema instance and xml: attributes (xsi:schemaLocation, xml:space) are markup, not data.
        if (name == null || name.startsWith("xsi:") || name.startsWith("xml:") || MARKUP_ATTRIBUTES.contains(name)) {
            return;
        }
        throw new UnknownElementException(
                "Unknown attribute '" + name + "'" + where(location) + ": it is not part of FHIR R4 here");
    }

    private static String where(IParseLocation location) {
        return location == null || location.getParentElementName() == null
                ? ""
                : " in '" + location.getParentElementName() + "'";
    }
}
