package org.oncofhir.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The clinician console at {@code /console/}: static pages (src/main/resources/static/console) that call only the
 * public FHIR and CDS Hooks APIs with the user's own tokens, so serving them needs no authentication of its own.
 * The trailing slash matters: the pages address the APIs relative to it.
 */
@Configuration
class ConsolePages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }
}
