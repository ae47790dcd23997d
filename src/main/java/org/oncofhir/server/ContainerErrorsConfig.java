package org.oncofhir.server;

import java.util.Arrays;
import org.apache.catalina.Pipeline;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Tomcat's own error reports (requests refused before any servlet) answered as JSON: see {@link JsonErrorReportValve}. */
@Configuration
class ContainerErrorsConfig {

    /** Runs after Spring Boot's customizer, which installs Tomcat's HTML error report valve on the host. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            Pipeline pipeline = host.getPipeline();
            Arrays.stream(pipeline.getValves())
                    .filter(ErrorReportValve.class::isInstance)
                    .forEach(pipeline::removeValve);
            pipeline.addValve(new JsonErrorReportValve());
            // The host adds a valve of this class on start unless one is already there.
            host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
        });
    }
}
