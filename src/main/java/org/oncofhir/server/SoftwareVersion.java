package org.oncofhir.server;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;

/** OncoFHIR's own version, as the Maven build recorded it ({@code META-INF/build-info.properties}). */
public final class SoftwareVersion {

    private SoftwareVersion() {}

    /** "development" when the classes were not built by Maven (e.g. run from an IDE without the build-info step). */
    public static String of(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return properties == null ? "development" : properties.getVersion();
    }
}
