package org.oncofhir.conformance;

/** Published once the conformance package is stored: from then on the server is ready for validated writes. */
public record ConformanceInstalledEvent() {}
