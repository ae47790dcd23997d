package org.oncofhir.server;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** FHIR's If-Match values: a version ETag, {@code W/"3"} (or {@code "3"}); HAPI's versions are numbers. */
final class IfMatch {

    private static final Pattern VERSION_ETAG = Pattern.compile("(?:W/)?\"(\\d{1,18})\"");

    private IfMatch() {}

    /** The version the client holds; 400 for anything else (HAPI would answer 500 for a non-numeric value). */
    static String version(String header) {
        Matcher matcher = VERSION_ETAG.matcher(header.trim());
        if (!matcher.matches()) {
            throw new InvalidRequestException("If-Match must be a version ETag such as W/\"3\"");
        }
        return matcher.group(1);
    }
}
