package org.oncofhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Refuses request bodies HAPI's parsers would otherwise accept by repairing or ignoring them: bytes that are not
 * UTF-8 (FHIR's only encoding) would be stored as U+FFFD replacement characters, and an XML document type
 * declaration (DTD) is ignored when it does not expand an entity. FHIR XML has no DTD, so any DOCTYPE is refused.
 * And a resource written with an element FHIR does not define is refused naming it, not stored without it.
 */
@Component
@Interceptor
public class RequestBodyInterceptor implements FhirRestConfig.FhirServerCustomizer {

    /** Requests whose body is stored: $validate and other operations answer about the body instead. */
    private static final Set<RestOperationTypeEnum> WRITES = Set.of(
            RestOperationTypeEnum.CREATE,
            RestOperationTypeEnum.UPDATE,
            RestOperationTypeEnum.TRANSACTION,
            RestOperationTypeEnum.BATCH);

    @Override
    public void customize(RestfulServer server) {
        server.registerInterceptor(this);
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean checkBody(RequestDetails request) {
        String contentType = request.getHeader(Constants.HEADER_CONTENT_TYPE);
        String mediaType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        // A form-encoded search is read by the servlet container: its body must stay unread here.
        if (mediaType.startsWith(Constants.CT_X_FORM_URLENCODED)) {
            return true;
        }
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            return true;
        }
        int invalid = Utf8.firstInvalidByte(body);
        if (invalid >= 0) {
            throw new InvalidRequestException("Request body is not valid UTF-8 (at byte " + invalid
                    + "): FHIR resources are exchanged in UTF-8 only");
        }
        // Anywhere, not just in the prolog: FHIR XML never carries the text (narrative escapes '<').
        if (mediaType.contains("xml")
                && new String(body, StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT)
                        .contains("<!doctype")) {
            throw new InvalidRequestException(
                    "XML with a document type declaration (<!DOCTYPE>) is not accepted: FHIR XML has no DTD");
        }
        refuseUnknownElements(request, mediaType, body);
        return true;
    }

    /** A resource sent to be stored is read once more, refusing what HAPI's parser would silently drop. */
    private static void refuseUnknownElements(RequestDetails request, String mediaType, byte[] body) {
        if (!WRITES.contains(request.getRestOperationType())) {
            return;
        }
        boolean json = mediaType.isEmpty() || mediaType.contains("json");
        if (!json && !mediaType.contains("xml")) {
            return;
        }
        IParser parser = json
                ? request.getFhirContext().newJsonParser()
                : request.getFhirContext().newXmlParser();
        parser.setParserErrorHandler(new UnknownElementRefusal());
        try {
            parser.parseResource(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            UnknownElementRefusal.UnknownElementException refusal = UnknownElementRefusal.refusalIn(e);
            if (refusal != null) {
                throw new InvalidRequestException(refusal.getMessage());
            }
            // Any other failure is not ours to judge: HAPI's own parse of the same body answers with its message.
        }
    }
}
