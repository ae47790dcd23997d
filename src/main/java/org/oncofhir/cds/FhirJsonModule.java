package org.oncofhir.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import ca.uhn.hapi.fhir.cdshooks.module.CdsHooksObjectMapperFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * FHIR resources inside CDS Hooks JSON. Replaces the (de)serialisers HAPI's CDS Hooks mapper registers, which share
 * one parser instance across request threads (HAPI parsers are not thread-safe) and pretty-print: here each call
 * gets its own compact parser.
 */
final class FhirJsonModule extends SimpleModule {

    /** HAPI's CDS Hooks mapper with this module: prefetch, context and suggestion resources as compact FHIR JSON. */
    static ObjectMapper cdsHooksMapper(FhirContext fhirContext) {
        return new CdsHooksObjectMapperFactory(fhirContext)
                .newMapper()
                .registerModule(new FhirJsonModule(fhirContext))
                .disable(SerializationFeature.INDENT_OUTPUT);
    }

    private FhirJsonModule(FhirContext fhirContext) {
        super("oncofhir-fhir-json");
        addSerializer(IBaseResource.class, new JsonSerializer<>() {
            @Override
            public void serialize(IBaseResource resource, JsonGenerator out, SerializerProvider provider)
                    throws IOException {
                out.writeRawValue(fhirContext.newJsonParser().encodeResourceToString(resource));
            }

            @Override
            public Class<IBaseResource> handledType() {
                return IBaseResource.class;
            }
        });
        addDeserializer(IBaseResource.class, new JsonDeserializer<>() {
            @Override
            public IBaseResource deserialize(JsonParser in, DeserializationContext context) throws IOException {
                JsonNode json = in.getCodec().readTree(in);
                if (!(json instanceof ObjectNode object)) {
                    throw InvalidFormatException.from(
                            in, "Not a FHIR resource: a JSON object is required", json, IBaseResource.class);
                }
                // HAPI reads the tree Jackson already built: no second text round trip per prefetch resource.
                JacksonStructure structure = new JacksonStructure();
                structure.setNativeObject(object);
                try {
                    return ((IJsonLikeParser) fhirContext.newJsonParser()).parseResource(structure);
                } catch (DataFormatException e) {
                    throw InvalidFormatException.from(
                            in, "Not a FHIR resource: " + e.getMessage(), json, IBaseResource.class);
                }
            }
        });
    }
}
