package org.oncofhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Answers malformed requests with the status HTTP and FHIR name, where HAPI is more lenient: a body in a media
 * type the server cannot read gets 415 (HAPI says 400); an id that breaks FHIR's id syntax
 * ({@code [A-Za-z0-9\-\.]{1,64}}) or carries {@code ;} path parameters gets 400 (HAPI says 404 "not known"); an
 * unparseable number in a search gets 400 (HAPI says 500).
 */
@Component
@Order(0)
@Interceptor
public class RequestSanityInterceptor implements FhirRestConfig.FhirServerCustomizer {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final List<String> PAGING_PARAMETERS =
            List.of(Constants.PARAM_OFFSET, Constants.PARAM_COUNT, Constants.PARAM_PAGINGOFFSET);
    private static final Set<String> BODY_TYPES = Set.of(
            Constants.CT_FHIR_JSON_NEW,
            Constants.CT_FHIR_JSON,
            Constants.CT_JSON,
            Constants.CT_FHIR_XML_NEW,
            Constants.CT_FHIR_XML,
            Constants.CT_XML,
            Constants.CT_X_FORM_URLENCODED,
            Constants.CT_JSON_PATCH,
            Constants.CT_XML_PATCH,
            Constants.CT_FHIR_NDJSON);
    private static final Set<RequestTypeEnum> WITH_BODY =
            Set.of(RequestTypeEnum.POST, RequestTypeEnum.PUT, RequestTypeEnum.PATCH);

    @Override
    public void customize(RestfulServer server) {
        server.registerInterceptor(this);
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean checkRequest(HttpServletRequest request) {
        if (request.getRequestURI().indexOf(';') >= 0) {
            // The servlet container would strip ";..." path parameters before HAPI saw the id.
            throw new InvalidRequestException("Path parameters (';') are not allowed in FHIR URLs");
        }
        String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
        if (ifMatch != null) {
            IfMatch.version(ifMatch);
        }
        checkContentType(request);
        checkId(request.getPathInfo());
        checkPaging(request);
        return true;
    }

    /** The same for each GET entry of a batch or transaction, which never passes the servlet-level check. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkPaging(RequestDetails request) {
        if (request.getParameters() != null) {
            checkPaging(request.getParameters()::get);
        }
    }

    private static void checkPaging(HttpServletRequest request) {
        checkPaging(request::getParameterValues);
    }

    /** HAPI hands negative or non-numeric paging values to Spring Data, which fails with a 500 naming its classes. */
    private static void checkPaging(Function<String, String[]> parameter) {
        for (String name : PAGING_PARAMETERS) {
            String[] values = parameter.apply(name);
            for (String value : values == null ? new String[0] : values) {
                if (!WHOLE_NUMBER.matcher(value).matches()) {
                    throw new InvalidRequestException(
                            "Invalid " + name + " value '" + value + "': a whole number from 0 up is required");
                }
            }
        }
    }

    private static void checkContentType(HttpServletRequest request) {
        RequestTypeEnum method;
        try {
            method = RequestTypeEnum.valueOf(request.getMethod().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return;
        }
        String contentType = request.getContentType();
        if (!WITH_BODY.contains(method) || contentType == null) {
            return;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!BODY_TYPES.contains(mediaType)) {
            throw new UnclassifiedServerFailureException(
                    415,
                    "Unsupported Content-Type '" + mediaType + "': send FHIR resources as " + Constants.CT_FHIR_JSON_NEW
                            + " or " + Constants.CT_FHIR_XML_NEW);
        }
    }

    /** A number in a search parameter (query or form) that does not parse is the client's error; HAPI answers 500. */
    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public InvalidRequestException unparseableSearchNumber(RequestDetails request, Throwable exception) {
        boolean clientError =
                exception instanceof BaseServerResponseException response && response.getStatusCode() < 500;
        int cause = ExceptionUtils.indexOfType(exception, NumberFormatException.class);
        if (!clientError && cause >= 0) {
            return new InvalidRequestException("Invalid number in a search parameter: "
                    + ExceptionUtils.getThrowables(exception)[cause].getMessage());
        }
        return null;
    }

    /** Checks the id segment of {@code /Type/id[/...]}; operations, keywords and compartments are left alone. */
    private static void checkId(String pathInfo) {
        if (pathInfo == null) {
            return;
        }
        String[] segments = pathInfo.split("/");
        if (segments.length < 3) {
            return;
        }
        String type = segments[1];
        String id = segments[2];
        if (!type.isEmpty()
                && Character.isUpperCase(type.charAt(0))
                && !id.startsWith("$")
                && !id.startsWith("_")
                && !FHIR_ID.matcher(id).matches()) {
            throw new InvalidRequestException(
                    "Invalid resource id: FHIR ids are 1-64 characters of A-Z, a-z, 0-9, '-' and '.'");
        }
    }
}
